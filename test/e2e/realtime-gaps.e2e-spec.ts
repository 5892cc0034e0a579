import { afterAll, beforeAll, describe, it } from '@jest/globals';
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
});
