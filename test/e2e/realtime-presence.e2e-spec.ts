import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { BranchesService } from '../../src/modules/branches/branches.service.js';
import { PresenceService } from '../../src/realtime/presence/presence.service.js';
import { SETUP_ACTOR, signedIn } from '../factories/staff.factory.js';
import { connectSocket, publishEvent, type TestSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('presence', () => {
  let t: TestApp;
  const open: TestSocket[] = [];
  const connect = async (token: string) => {
    const socket = await connectSocket(t.baseUrl, { token });
    open.push(socket);
    return socket;
  };
  const setPresence = (auth: string, status: unknown) => t.http().put('/api/v1/me/presence').set('Authorization', auth).send({ status });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(async () => t.close());

  it('stores the status and tells managers, admins and the person, but not other staff', async () => {
    const op = await signedIn(t, 'operator');
    const [manager, admin, reception] = [await signedIn(t, 'manager'), await signedIn(t, 'admin'), await signedIn(t, 'receptionist')];
    const [m, ad, r, self] = await Promise.all([manager, admin, reception, op].map((s) => connect(s.accessToken)));

    const res = await setPresence(op.auth, 'available');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'available', changedAt: expect.any(String) });
    const fence = await publishEvent(t, 'lead.updated', { users: [manager.id, admin.id, reception.id, op.id] });
    await Promise.all([m, ad, r, self].map((s) => s.waitForId(fence)));

    for (const socket of [m, ad, self]) {
      expect(socket.events.map((e) => [e.type, e.data])).toEqual([
        ['presence.changed', { userId: op.id, status: 'available', changedAt: res.body.changedAt }],
        ['lead.updated', {}],
      ]);
    }
    expect(r.ids()).toEqual([fence]);
    expect(await t.app.get(PresenceService).get(op.id)).toEqual({ status: 'available', changedAt: res.body.changedAt });
  });

  it('announces nothing when the status does not change', async () => {
    const op = await signedIn(t, 'operator');
    const manager = await signedIn(t, 'manager');
    const m = await connect(manager.accessToken);
    expect((await setPresence(op.auth, 'busy')).status).toBe(200);
    expect((await setPresence(op.auth, 'busy')).status).toBe(200);
    const fence = await publishEvent(t, 'lead.updated', { users: [manager.id] });
    await m.waitForId(fence);
    expect(m.events.filter((e) => e.data.userId === op.id).map((e) => e.data.status)).toEqual(['busy']);
  });

  it('refuses an unknown status', async () => {
    const op = await signedIn(t, 'operator');
    for (const status of ['lunch', '', null, 1]) {
      const res = await setPresence(op.auth, status);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await t.app.get(PresenceService).get(op.id)).toEqual({ status: 'offline', changedAt: null });
  });

  it('lists the available operators of a branch for assignment, longest available first; any of them for a clinic-wide lead', async () => {
    const branches = t.app.get(BranchesService);
    const branch = (await branches.create(SETUP_ACTOR, { name: 'Presence A', timezone: 'Europe/Moscow' })).id;
    const other = (await branches.create(SETUP_ACTOR, { name: 'Presence B', timezone: 'Europe/Moscow' })).id;
    const first = await signedIn(t, 'operator', { branchIds: [branch], capacity: 3 });
    const unplaced = await signedIn(t, 'operator');
    const elsewhere = await signedIn(t, 'operator', { branchIds: [other] });
    const onBreak = await signedIn(t, 'operator', { branchIds: [branch] });
    const reception = await signedIn(t, 'receptionist', { branchIds: [branch] });
    for (const s of [first, unplaced, elsewhere, reception]) expect((await setPresence(s.auth, 'available')).status).toBe(200);
    expect((await setPresence(onBreak.auth, 'break')).status).toBe(200);

    const presence = t.app.get(PresenceService);
    const ours = new Set([first, unplaced, elsewhere, onBreak, reception].map((s) => s.id));
    const inBranch = (await presence.availableOperators(branch)).map((o) => o.userId).filter((id) => ours.has(id));
    // An operator without branches takes only clinic-wide leads.
    expect(inBranch).toEqual([first.id]);
    expect((await presence.availableOperators(branch)).find((o) => o.userId === first.id)).toMatchObject({ capacity: 3, since: expect.any(Date) });
    const all = (await presence.availableOperators()).map((o) => o.userId);
    expect(all).toEqual(expect.arrayContaining([first.id, unplaced.id, elsewhere.id]));
    expect(all).not.toContain(onBreak.id);
    expect(all).not.toContain(reception.id);
  });

  it('keeps the status when the last socket of an operator disconnects', async () => {
    const op = await signedIn(t, 'operator');
    expect((await setPresence(op.auth, 'available')).status).toBe(200);
    const socket = await connect(op.accessToken);
    socket.close();
    await socket.disconnected();
    expect((await t.app.get(PresenceService).get(op.id)).status).toBe('available');
  });
});
