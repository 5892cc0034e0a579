import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signedIn } from '../factories/staff.factory.js';
import { urlOf } from '../setup/database.js';
import { connectSocket, publishEvent } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('real-time delivery past a hole in event ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Long enough that waiting for an unrelated transaction would outlast the test's patience.
    t = await startTestApp({ env: { REALTIME_GAP_WAIT_MS: '60000' } });
  });
  afterAll(async () => t.close());

  it('does not wait for transactions of other databases on the same server', async () => {
    const operator = await signedIn(t, 'operator');
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const elsewhere = new pg.Client({ connectionString: urlOf('postgres') });
    await elsewhere.connect();
    try {
      // A writing transaction in another database stays open (it has an xid in the server-wide snapshot).
      await elsewhere.query('BEGIN');
      await elsewhere.query('SELECT pg_current_xact_id()');
      // An id taken and never used, as a rolled-back transaction leaves: a hole before the next event.
      await t.db.query(`SELECT nextval('events_id_seq')`);
      const id = await publishEvent(t, 'lead.created', { users: [operator.id] });
      await socket.waitForId(id, 5000);
    } finally {
      await elsewhere.query('ROLLBACK').catch(() => undefined);
      await elsewhere.end();
      socket.close();
    }
  });

  it('does not wait for transactions of this database that write no events (a long report refresh, an import)', async () => {
    const operator = await signedIn(t, 'operator');
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const writer = new pg.Client({ connectionString: t.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('SELECT pg_current_xact_id()');
      await t.db.query(`SELECT nextval('events_id_seq')`);
      const id = await publishEvent(t, 'lead.created', { users: [operator.id] });
      await socket.waitForId(id, 5000);
    } finally {
      await writer.query('ROLLBACK').catch(() => undefined);
      await writer.end();
      socket.close();
    }
  });

  it('still waits for a transaction that holds an event id, and delivers in order once it commits', async () => {
    const operator = await signedIn(t, 'operator');
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const writer = new pg.Client({ connectionString: t.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      const { rows } = await writer.query(
        `INSERT INTO events (type, audience, payload) VALUES ('lead.updated', $1, '{}') RETURNING id`,
        [JSON.stringify({ users: [operator.id] })],
      );
      const held = String(rows[0].id);
      const later = await publishEvent(t, 'lead.created', { users: [operator.id] });
      await writer.query('COMMIT');
      await socket.waitForId(later, 5000);
      expect(socket.ids().filter((id) => id === held || id === later)).toEqual([held, later]);
    } finally {
      await writer.query('ROLLBACK').catch(() => undefined);
      await writer.end();
      socket.close();
    }
  });
});
