import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signedIn } from '../factories/staff.factory.js';
import { urlOf } from '../setup/database.js';
import { connectSocket, publishEvent, type TestSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('real-time delivery past a hole in event ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Long enough that waiting for an unrelated transaction would outlast the test's patience.
    t = await startTestApp({ env: { REALTIME_GAP_WAIT_MS: '60000' } });
  });
  afterAll(async () => t.close());

  /** An operator's socket and an open transaction on `databaseUrl`, both closed after `run`. */
  async function withOpenTransaction(
    databaseUrl: string,
    run: (ctx: { operatorId: string; socket: TestSocket; open: pg.Client }) => Promise<void>,
  ): Promise<void> {
    const operator = await signedIn(t, 'operator');
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const open = new pg.Client({ connectionString: databaseUrl });
    await open.connect();
    try {
      await open.query('BEGIN');
      await run({ operatorId: operator.id, socket, open });
    } finally {
      await open.query('ROLLBACK').catch(() => undefined);
      await open.end();
      socket.close();
    }
  }

  /** An id taken and never used, as a rolled-back transaction leaves, then an event past that hole, delivered at once. */
  async function deliveredPastHole(operatorId: string, socket: TestSocket): Promise<void> {
    await t.db.query(`SELECT nextval('events_id_seq')`);
    const id = await publishEvent(t, 'lead.created', { users: [operatorId] });
    await socket.waitForId(id, 5000);
  }

  it('does not wait for transactions of other databases on the same server', async () => {
    await withOpenTransaction(urlOf('postgres'), async ({ operatorId, socket, open }) => {
      // A writing transaction in another database stays open (it has an xid in the server-wide snapshot).
      await open.query('SELECT pg_current_xact_id()');
      await deliveredPastHole(operatorId, socket);
    });
  });

  it('does not wait for transactions of this database that write no events (a long report refresh, an import)', async () => {
    await withOpenTransaction(t.databaseUrl, async ({ operatorId, socket, open }) => {
      await open.query('SELECT pg_current_xact_id()');
      await deliveredPastHole(operatorId, socket);
    });
  });

  it('still waits for a transaction that holds an event id, and delivers in order once it commits', async () => {
    await withOpenTransaction(t.databaseUrl, async ({ operatorId, socket, open }) => {
      const { rows } = await open.query(`INSERT INTO events (type, rooms, payload) VALUES ('lead.updated', $1, '{}') RETURNING id`, [[`user:${operatorId}`]]);
      const held = String(rows[0].id);
      const later = await publishEvent(t, 'lead.created', { users: [operatorId] });
      await open.query('COMMIT');
      await socket.waitForId(later, 5000);
      expect(socket.ids().filter((id) => id === held || id === later)).toEqual([held, later]);
    });
  });
});
