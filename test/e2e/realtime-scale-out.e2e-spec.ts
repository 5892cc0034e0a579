import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createStaff, signIn, signedIn } from '../factories/staff.factory.js';
import { connectSocket, publishEvent, type TestSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** Two application instances on one database, as behind a load balancer. */
describe('realtime across two instances', () => {
  let a: TestApp;
  let b: TestApp;
  const open: TestSocket[] = [];
  const connect = async (t: TestApp, options: Parameters<typeof connectSocket>[1]) => {
    const socket = await connectSocket(t.baseUrl, options);
    open.push(socket);
    return socket;
  };

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ databaseUrl: a.databaseUrl });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('delivers an event published on one instance to sockets on both', async () => {
    const op = await signedIn(a, 'operator');
    const onA = await connect(a, { token: op.accessToken });
    const onB = await connect(b, { token: op.accessToken });
    const fromB = await publishEvent(b, 'lead.created', { roles: ['operator'] }, { via: 'b' });
    const fromA = await publishEvent(a, 'lead.created', { roles: ['operator'] }, { via: 'a' });
    await Promise.all([onA.waitForId(fromA), onB.waitForId(fromA)]);
    expect(onA.ids()).toEqual([fromB, fromA]);
    expect(onB.ids()).toEqual([fromB, fromA]);
    expect(onA.events[0]).toEqual(onB.events[0]);
  });

  it('resumes on the other instance exactly where the client left off, then goes live', async () => {
    const op = await signedIn(a, 'operator');
    const onA = await connect(a, { token: op.accessToken });
    const seen = await publishEvent(a, 'lead.created', { users: [op.id] }, { n: 1 });
    await onA.waitForId(seen);
    onA.close();
    await onA.disconnected();

    const missed1 = await publishEvent(a, 'lead.assigned', { users: [op.id] }, { n: 2 });
    await publishEvent(b, 'lead.assigned', { roles: ['manager'] }, { n: 3 });
    const missed2 = await publishEvent(b, 'lead.updated', { roles: ['operator'] }, { n: 4 });

    const onB = await connect(b, { token: op.accessToken, lastEventId: seen });
    await onB.waitForId(missed2);
    const live = await publishEvent(a, 'lead.updated', { users: [op.id] }, { n: 5 });
    await onB.waitForId(live);
    expect(onB.ids()).toEqual([missed1, missed2, live]);
  });

  it('disconnects a socket on one instance when its session ends through the other', async () => {
    const staff = await createStaff(a, 'operator');
    const session = await signIn(b, staff);
    const onA = await connect(a, { token: session.accessToken });
    expect((await b.http().post('/api/v1/auth/logout').set('Authorization', session.auth)).status).toBe(204);
    expect(await onA.disconnected()).toBe('io server disconnect');
  });
});
