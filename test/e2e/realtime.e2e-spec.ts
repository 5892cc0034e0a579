import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { io } from 'socket.io-client';
import { DataSource, type EntityManager } from 'typeorm';
import { BranchesService } from '../../src/modules/branches/branches.service.js';
import { EventsRepository } from '../../src/realtime/events.repository.js';
import { EventsRetention } from '../../src/realtime/events-retention.js';
import { Outbox, type RealtimeEventMap } from '../../src/realtime/outbox.js';
import { OutboxRelay } from '../../src/realtime/outbox-relay.js';
import type { StoredEvent } from '../../src/realtime/realtime.types.js';
import { createStaff, SETUP_ACTOR, signIn, signedIn } from '../factories/staff.factory.js';
import { ConnectRefused, connectSocket, type ConnectOptions, publishEvent, type TestSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

// Above the events any one test has a client miss, except the one that goes past it on purpose.
const REPLAY_MAX = 30;

describe('realtime', () => {
  let t: TestApp;
  let branchId: string;
  let otherBranchId: string;
  const open: TestSocket[] = [];
  const connect = async (options: ConnectOptions) => {
    const socket = await connectSocket(t.baseUrl, options);
    open.push(socket);
    return socket;
  };
  const refusal = (options: ConnectOptions) =>
    connect(options).then(
      () => 'connected',
      (error: unknown) => (error instanceof ConnectRefused ? error.code : String(error)),
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { REALTIME_REPLAY_MAX_EVENTS: String(REPLAY_MAX) } });
    branchId = (await t.app.get(BranchesService).create(SETUP_ACTOR, { name: 'Central', timezone: 'Europe/Moscow' })).id;
    otherBranchId = (await t.app.get(BranchesService).create(SETUP_ACTOR, { name: 'North', timezone: 'Europe/Moscow' })).id;
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(async () => t.close());

  describe('handshake', () => {
    it('refuses a connection without a token, with a malformed or tampered token, and with a signed-out session', async () => {
      const op = await signedIn(t, 'operator');
      const tampered = op.accessToken.slice(0, -2) + (op.accessToken.endsWith('AA') ? 'BB' : 'AA');
      expect(await refusal({})).toBe('UNAUTHENTICATED');
      expect(await refusal({ token: 'not-a-jwt' })).toBe('UNAUTHENTICATED');
      expect(await refusal({ token: tampered })).toBe('UNAUTHENTICATED');
      expect(await refusal({ token: 42 })).toBe('UNAUTHENTICATED');

      const out = await signedIn(t, 'operator');
      expect((await t.http().post('/api/v1/auth/logout').set('Authorization', out.auth)).status).toBe(204);
      expect(await refusal({ token: out.accessToken })).toBe('UNAUTHENTICATED');
      expect(await refusal({ token: op.accessToken })).toBe('connected');
    });

    it('does not take the token from the URL', async () => {
      const op = await signedIn(t, 'operator');
      const viaQuery = io(`${t.baseUrl}/realtime?token=${op.accessToken}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        query: { token: op.accessToken },
      });
      const outcome = await new Promise<string>((resolve) => {
        viaQuery.once('connect', () => resolve('connected'));
        viaQuery.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
      });
      viaQuery.close();
      expect(outcome).toBe('UNAUTHENTICATED');
    });

    it('refuses a malformed lastEventId', async () => {
      const op = await signedIn(t, 'operator');
      expect(await refusal({ token: op.accessToken, lastEventId: 'abc' })).toBe('VALIDATION_FAILED');
      expect(await refusal({ token: op.accessToken, lastEventId: -5 })).toBe('VALIDATION_FAILED');
    });
  });

  describe('rooms', () => {
    it('delivers each event to the sockets in its role, branch and user rooms, and to no one else', async () => {
      const opInBranch = await signedIn(t, 'operator', { branchIds: [branchId] });
      const opElsewhere = await signedIn(t, 'operator', { branchIds: [otherBranchId] });
      const reception = await signedIn(t, 'receptionist', { branchIds: [branchId] });
      const manager = await signedIn(t, 'manager');
      const [a, b, r, m] = await Promise.all([opInBranch, opElsewhere, reception, manager].map((s) => connect({ token: s.accessToken })));

      const toOperators = await publishEvent(t, 'lead.created', { roles: ['operator'] }, { leadId: 'L1' });
      const toBranch = await publishEvent(t, 'appointment.created', { roles: ['operator', 'receptionist'], branchId }, { appointmentId: 'A1' });
      const toReceptionist = await publishEvent(t, 'call.incoming', { users: [reception.id] }, { callId: 'C1' });
      // Delivery is in id order, so once everyone has this one, anything addressed to them earlier has arrived.
      const fence = await publishEvent(t, 'lead.updated', { users: [opInBranch.id, opElsewhere.id, reception.id, manager.id] });
      await Promise.all([a, b, r, m].map((s) => s.waitForId(fence)));

      expect(a.ids()).toEqual([toOperators, toBranch, fence]);
      expect(b.ids()).toEqual([toOperators, fence]);
      expect(r.ids()).toEqual([toBranch, toReceptionist, fence]);
      expect(m.ids()).toEqual([fence]);
      const [first] = a.events;
      expect(first).toEqual({ name: 'lead.created', id: toOperators, type: 'lead.created', at: expect.any(String), data: { leadId: 'L1' } });
      expect(new Date(first!.at).toISOString()).toBe(first!.at);
    });

    it('gives a client no way to join a room of its choosing', async () => {
      const op = await signedIn(t, 'operator');
      const socket = await connect({ token: op.accessToken });
      socket.socket.emit('join', 'role:manager');
      socket.socket.emit('subscribe', { room: 'role:manager' });
      const forManagers = await publishEvent(t, 'lead.sla_breached', { roles: ['manager'] });
      const fence = await publishEvent(t, 'lead.updated', { users: [op.id] });
      await socket.waitForId(fence);
      expect(socket.ids()).toEqual([fence]);
      expect(socket.ids()).not.toContain(forManagers);
    });
  });

  describe('replay', () => {
    it('sends the events missed while disconnected, in order and once, when the handshake carries auth.lastEventId, then live ones', async () => {
      const op = await signedIn(t, 'operator', { branchIds: [branchId] });
      const first = await connect({ token: op.accessToken });
      const seen = await publishEvent(t, 'lead.created', { users: [op.id] }, { n: 0 });
      await first.waitForId(seen);
      first.close();
      await first.disconnected();

      const missed1 = await publishEvent(t, 'lead.created', { roles: ['operator'] }, { n: 1 });
      await publishEvent(t, 'lead.created', { roles: ['manager'] }, { n: 2 });
      const missed2 = await publishEvent(t, 'appointment.updated', { roles: ['operator'], branchId }, { n: 3 });
      await publishEvent(t, 'appointment.updated', { roles: ['operator'], branchId: otherBranchId }, { n: 4 });
      const missed3 = await publishEvent(t, 'callback.due', { users: [op.id] }, { n: 5 });

      const again = await connect({ token: op.accessToken, lastEventId: seen });
      await again.waitForId(missed3);
      const live = await publishEvent(t, 'lead.updated', { roles: ['operator'] }, { n: 6 });
      await again.waitForId(live);
      expect(again.ids()).toEqual([missed1, missed2, missed3, live]);
      expect(again.events.map((e) => e.data.n)).toEqual([1, 3, 5, 6]);
    });

    it('does the same for a `resume` message, answering with how many events it replayed', async () => {
      const op = await signedIn(t, 'operator');
      const seen = await publishEvent(t, 'lead.created', { users: [op.id] });
      const missed1 = await publishEvent(t, 'lead.created', { roles: ['operator'] });
      const missed2 = await publishEvent(t, 'lead.assigned', { users: [op.id] });
      // Connected once both have gone out, so the socket gets them only by replay.
      expect(await t.app.get(OutboxRelay).waitFor(BigInt(missed2), 10_000)).toBe(true);
      const socket = await connect({ token: op.accessToken });
      expect(await socket.emitWithAck('resume', { lastEventId: seen })).toEqual({ ok: true, replayed: 2, resync: false });
      const live = await publishEvent(t, 'lead.updated', { users: [op.id] });
      await socket.waitForId(live);
      expect(socket.ids()).toEqual([missed1, missed2, live]);
    });

    it('does not repeat, on `resume`, events the socket already received live', async () => {
      const op = await signedIn(t, 'operator');
      const before = await publishEvent(t, 'lead.created', { users: [op.id] });
      // Connected once `before` has gone out, so the socket gets it only by replay.
      expect(await t.app.get(OutboxRelay).waitFor(BigInt(before), 10_000)).toBe(true);
      const socket = await connect({ token: op.accessToken });
      const liveOne = await publishEvent(t, 'lead.created', { users: [op.id] });
      await socket.waitForId(liveOne);
      expect(await socket.emitWithAck('resume', { lastEventId: String(BigInt(before) - 1n) })).toEqual({ ok: true, replayed: 1, resync: false });
      const after = await publishEvent(t, 'lead.created', { users: [op.id] });
      await socket.waitForId(after);
      expect([...socket.ids()].sort()).toEqual([before, liveOne, after].sort());
    });

    it('answers a malformed resume with an error and keeps the socket', async () => {
      const op = await signedIn(t, 'operator');
      const socket = await connect({ token: op.accessToken });
      expect(await socket.emitWithAck('resume', { lastEventId: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await socket.emitWithAck('resume', 'nonsense')).toMatchObject({ ok: false });
      const live = await publishEvent(t, 'lead.created', { users: [op.id] });
      await socket.waitForId(live);
    });

    it('joins replay and live delivery without a gap or a duplicate while events keep coming', async () => {
      const op = await signedIn(t, 'operator');
      const start = await publishEvent(t, 'lead.created', { users: [op.id] });
      const entitled: string[] = [];
      let connected: Promise<TestSocket> | undefined;
      for (let i = 0; i < 40; i++) {
        const mine = i % 3 !== 2;
        const id = await publishEvent(t, 'lead.created', mine ? { users: [op.id] } : { roles: ['manager'] }, { i });
        if (mine) entitled.push(id);
        if (i === 4) connected = connect({ token: op.accessToken, lastEventId: start });
      }
      const socket = await connected!;
      await socket.waitForId(entitled[entitled.length - 1]!);
      expect(socket.ids()).toEqual(entitled);
    });

    it('tells a client that missed too many events to reload instead of replaying part of them', async () => {
      const op = await signedIn(t, 'operator');
      const seen = await publishEvent(t, 'lead.created', { users: [op.id] });
      let last = seen;
      for (let i = 0; i < REPLAY_MAX + 1; i++) last = await publishEvent(t, 'lead.created', { users: [op.id] });
      expect(await t.app.get(OutboxRelay).waitFor(BigInt(last), 10_000)).toBe(true);
      const socket = await connect({ token: op.accessToken, lastEventId: seen });
      const resync = await socket.waitFor((e) => e.name === 'resync');
      expect(resync).toMatchObject({ reason: 'too_many_missed', lastEventId: expect.any(String) });
      expect(socket.ids()).toEqual([]);
      const live = await publishEvent(t, 'lead.created', { users: [op.id] });
      await socket.waitForId(live);
      expect(socket.ids()).toEqual([live]);
    });

    it('sends none of the missed events when more arrive while they are being read than the limit allows', async () => {
      const op = await signedIn(t, 'operator');
      const relay = t.app.get(OutboxRelay);
      const events = t.app.get(EventsRepository);
      const seen = await publishEvent(t, 'lead.created', { users: [op.id] });
      const early = await publishEvent(t, 'lead.created', { users: [op.id] });
      expect(await relay.waitFor(BigInt(early), 10_000)).toBe(true);
      const read = events.entitledBetween.bind(events);
      const spy = jest.spyOn(events, 'entitledBetween').mockImplementationOnce(async (...args) => {
        const firstPart = await read(...args);
        let last = early;
        for (let i = 0; i < REPLAY_MAX; i++) last = await publishEvent(t, 'lead.created', { users: [op.id] });
        await relay.waitFor(BigInt(last), 10_000);
        return firstPart;
      });
      try {
        const socket = await connect({ token: op.accessToken, lastEventId: seen });
        expect(await socket.waitFor((e) => e.name === 'resync')).toMatchObject({ reason: 'too_many_missed' });
        expect(socket.ids()).toEqual([]);
        expect(spy).toHaveBeenCalledTimes(2);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('retention', () => {
    it('deletes events past the retention period and tells a client that was away longer to reload', async () => {
      const db = t.app.get(DataSource);
      const op = await signedIn(t, 'operator');
      const seen = await publishEvent(t, 'lead.created', { users: [op.id] });
      const lastPurged = await publishEvent(t, 'lead.created', { users: [op.id] });
      const kept = await publishEvent(t, 'lead.created', { users: [op.id] });
      const keptDespiteAge = await publishEvent(t, 'lead.created', { users: [op.id] });
      await db.query(`UPDATE events SET created_at = now() - interval '73 hours' WHERE id <= $1 OR id = $2`, [lastPurged, keptDespiteAge]);

      expect(await t.app.get(EventsRetention).purge()).toBeGreaterThanOrEqual(2);
      const left: { id: string }[] = await db.query(`SELECT e.id::text AS id FROM events e WHERE e.id = ANY($1::bigint[]) ORDER BY e.id`, [
        [seen, lastPurged, kept, keptDespiteAge],
      ]);
      // Only a prefix of ids goes: an old event above a newer one stays until that one is old too.
      expect(left.map((r) => r.id)).toEqual([kept, keptDespiteAge]);
      expect(await t.app.get(EventsRetention).purge()).toBe(0);

      const away = await connect({ token: op.accessToken, lastEventId: seen });
      expect(await away.waitFor((e) => e.name === 'resync')).toMatchObject({ reason: 'expired' });
      expect(away.ids()).toEqual([]);

      const recent = await connect({ token: op.accessToken, lastEventId: lastPurged });
      await recent.waitForId(keptDespiteAge);
      expect(recent.ids()).toEqual([kept, keptDespiteAge]);
    });
  });

  describe('commit order', () => {
    const holdOpen = (type: 'lead.created', audience: { users: string[] }) => {
      let finish!: (commit: boolean) => void;
      let published!: (id: string) => void;
      const id = new Promise<string>((resolve) => (published = resolve));
      const done = t.app
        .get(DataSource)
        .transaction(async (em) => {
          published(await t.app.get(Outbox).publish(em, type, audience, {} as RealtimeEventMap['lead.created']));
          if (!(await new Promise<boolean>((resolve) => (finish = resolve)))) throw new Error('rolled back on purpose');
        })
        .catch((error: Error) => (error.message === 'rolled back on purpose' ? undefined : Promise.reject(error)));
      return { id, commit: () => (finish(true), done), rollBack: () => (finish(false), done) };
    };

    it('delivers an event committed after a higher-numbered one, still in id order', async () => {
      const op = await signedIn(t, 'operator');
      const socket = await connect({ token: op.accessToken });
      const slow = holdOpen('lead.created', { users: [op.id] });
      const slowId = await slow.id;
      const fastId = await publishEvent(t, 'lead.created', { users: [op.id] });
      expect(BigInt(fastId)).toBeGreaterThan(BigInt(slowId));
      await t.app.get(OutboxRelay).catchUp(); // the relay has seen the later event before the earlier one commits
      await slow.commit();
      await socket.waitForId(fastId);
      expect(socket.ids()).toEqual([slowId, fastId]);
    });

    it('moves past the id of a transaction that rolled back', async () => {
      const op = await signedIn(t, 'operator');
      const socket = await connect({ token: op.accessToken });
      const doomed = holdOpen('lead.created', { users: [op.id] });
      await doomed.id;
      const kept = await publishEvent(t, 'lead.created', { users: [op.id] });
      await t.app.get(OutboxRelay).catchUp();
      await doomed.rollBack();
      await socket.waitForId(kept);
      expect(socket.ids()).toEqual([kept]);
    });
  });

  describe('relay', () => {
    it('sends what this instance commits as it commits, as a read would give it', async () => {
      const relay = t.app.get(OutboxRelay);
      const seen: StoredEvent[] = [];
      relay.subscribe((events) => seen.push(...events));
      const ids: string[] = [];
      let sentAtCommit = 0;
      // A commit while the relay happens to be reading (its safety read, once a second) goes the reading way: of three
      // commits on an idle relay, at least one is sent at once.
      for (let i = 0; i < 3; i++) {
        await relay.catchUp();
        const id = await t.app
          .get(DataSource)
          .transaction((em) => t.app.get(Outbox).publish(em, 'lead.created', { roles: ['operator'] }, { i } as unknown as RealtimeEventMap['lead.created']));
        ids.push(id);
        if (seen.some((e) => e.id === id)) sentAtCommit++;
      }
      await relay.catchUp();
      expect(sentAtCommit).toBeGreaterThan(0);
      expect(seen.filter((e) => ids.includes(e.id))).toEqual(await t.app.get(EventsRepository).readAfter(BigInt(ids[0]!) - 1n, 3));
    });

    it('announces the events of one transaction once, all together, after it commits', async () => {
      const relay = t.app.get(OutboxRelay);
      const outbox = t.app.get(Outbox);
      const announce = jest.spyOn(relay, 'announce');
      try {
        const ids = await t.app.get(DataSource).transaction(async (em) => {
          const first = await outbox.publish(em, 'lead.created', { roles: ['operator'] }, {} as RealtimeEventMap['lead.created']);
          const second = await outbox.publish(em, 'lead.created', { roles: ['operator'] }, {} as RealtimeEventMap['lead.created']);
          expect(announce).not.toHaveBeenCalled();
          return [first, second];
        });
        expect(announce).toHaveBeenCalledTimes(1);
        expect(announce.mock.calls[0]![0]!.map((e) => e.id)).toEqual(ids);
      } finally {
        announce.mockRestore();
      }
    });

    it('reads events in the order of their ids where the ids gain a digit (999, then 1000)', async () => {
      const relay = t.app.get(OutboxRelay);
      const seen: StoredEvent[] = [];
      relay.subscribe((events) => seen.push(...events));
      await relay.catchUp();
      // The next ids straddle a power of ten; the jump to it makes the relay read them rather than take them as committed.
      const highest = String((await t.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM events`)).rows[0].id);
      await t.db.query(`SELECT setval('events_id_seq', $1)`, [(10n ** BigInt(highest.length + 1) - 4n).toString()]);
      const outbox = t.app.get(Outbox);
      await t.app.get(DataSource).transaction((em) =>
        outbox.collect(em, async () => {
          for (let i = 0; i < 6; i++) await outbox.publish(em, 'lead.created', { roles: ['operator'] }, { i } as unknown as RealtimeEventMap['lead.created']);
        }),
      );
      await relay.catchUp();
      const ids = seen.map((e) => BigInt(e.id)).filter((id) => id > BigInt(highest));
      expect(ids.length).toBe(6);
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
      expect(String(ids[0])).toHaveLength(highest.length + 1);
      expect(String(ids[5])).toHaveLength(highest.length + 2);
    });

    it('delivers every committed event once and in order while many writers commit, roll back and use savepoints', async () => {
      const relay = t.app.get(OutboxRelay);
      const outbox = t.app.get(Outbox);
      const dataSource = t.app.get(DataSource);
      await relay.catchUp();
      const floor = BigInt((await t.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM events`)).rows[0].id);
      const delivered: bigint[] = [];
      relay.subscribe((events) => delivered.push(...events.map((e) => BigInt(e.id)).filter((id) => id > floor)));
      const publish = (em: EntityManager) => outbox.publish(em, 'lead.created', { roles: ['operator'] }, {} as RealtimeEventMap['lead.created']);
      const rolledBack = new Error('rolled back on purpose');
      // Each writer mixes one-by-one and collected events, a savepoint rolled back under a commit, whole rollbacks,
      // and commits held open for a moment, so ids commit out of order and leave holes.
      const writer = async (seed: number) => {
        for (let i = 0; i < 120; i++) {
          const kind = (seed * 31 + i * 17) % 10;
          await dataSource
            .transaction(async (em) => {
              if (kind < 3) await outbox.collect(em, async () => void (await publish(em), await publish(em)));
              else await publish(em);
              if (kind === 8) await em.transaction(async (inner) => (await publish(inner), Promise.reject(rolledBack))).catch(() => undefined);
              await new Promise((resolve) => setTimeout(resolve, i % 3));
              if (kind === 9) throw rolledBack;
            })
            .catch((error: unknown) => (error === rolledBack ? undefined : Promise.reject(error)));
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, seed) => writer(seed)));
      await writer(8); // alone, the relay is mostly idle and sends what commits without reading it back
      await relay.catchUp();
      const stored = (await t.db.query(`SELECT e.id::text AS id FROM events e WHERE e.id > $1 ORDER BY e.id`, [floor.toString()])).rows.map((r) =>
        BigInt((r as { id: string }).id),
      );
      expect(stored.length).toBeGreaterThan(500);
      expect(delivered).toEqual(stored);
    });

    it('keeps delivering after its LISTEN connection is cut', async () => {
      const op = await signedIn(t, 'operator');
      const socket = await connect({ token: op.accessToken });
      const { rowCount } = await t.db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'clinicdesk-relay' AND datname = current_database()`,
      );
      expect(rowCount).toBe(1);
      // The writing instance wakes its own relay after the commit: delivery here does not wait for the LISTEN connection.
      const after = await publishEvent(t, 'lead.created', { users: [op.id] });
      await socket.waitForId(after);
      // It comes back (to hear the other instances).
      const relayConnections = async () =>
        (await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'clinicdesk-relay' AND datname = current_database()`))
          .rows[0].n;
      for (const deadline = Date.now() + 15_000; (await relayConnections()) !== 1 && Date.now() < deadline;)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await relayConnections()).toBe(1);
    });
  });

  describe('end of a session', () => {
    it('disconnects the sockets of a session that signs out, and only those; the control event is not forwarded', async () => {
      const staff = await createStaff(t, 'operator');
      const [one, two] = [await signIn(t, staff), await signIn(t, staff)];
      const first = await connect({ token: one.accessToken });
      const second = await connect({ token: two.accessToken });
      expect((await t.http().post('/api/v1/auth/logout').set('Authorization', one.auth)).status).toBe(204);
      expect(await first.disconnected()).toBe('io server disconnect');

      const after = await publishEvent(t, 'lead.created', { users: [staff.id] });
      await second.waitForId(after);
      expect(second.socket.connected).toBe(true);
      expect(second.events.map((e) => e.name)).toEqual(['lead.created']);
      expect(await refusal({ token: one.accessToken })).toBe('UNAUTHENTICATED');
    });

    it('disconnects every socket of a deactivated user', async () => {
      const admin = await signedIn(t, 'admin');
      const staff = await createStaff(t, 'operator');
      const sockets = [await connect({ token: (await signIn(t, staff)).accessToken }), await connect({ token: (await signIn(t, staff)).accessToken })];
      const res = await t.http().patch(`/api/v1/staff/${staff.id}`).set('Authorization', admin.auth).send({ active: false });
      expect(res.status).toBe(200);
      expect(await Promise.all(sockets.map((s) => s.disconnected()))).toEqual(['io server disconnect', 'io server disconnect']);
    });

    it('disconnects the sockets of a user whose role changes', async () => {
      const admin = await signedIn(t, 'admin');
      const op = await signedIn(t, 'operator');
      const socket = await connect({ token: op.accessToken });
      const res = await t.http().patch(`/api/v1/staff/${op.id}`).set('Authorization', admin.auth).send({ role: 'receptionist' });
      expect(res.status).toBe(200);
      expect(await socket.disconnected()).toBe('io server disconnect');
      expect(await refusal({ token: op.accessToken })).toBe('UNAUTHENTICATED');
    });

    it('reconnects the sockets of a user whose branches change into the new branches, without signing them out', async () => {
      const admin = await signedIn(t, 'admin');
      const op = await signedIn(t, 'operator', { branchIds: [branchId] });
      const socket = await connect({ token: op.accessToken });
      const moved = await t
        .http()
        .patch(`/api/v1/staff/${op.id}`)
        .set('Authorization', admin.auth)
        .send({ branchIds: [otherBranchId] });
      expect(moved.status).toBe(200);
      expect(await socket.disconnected()).toBe('io server disconnect');

      const again = await connect({ token: op.accessToken });
      await publishEvent(t, 'appointment.created', { roles: ['operator'], branchId }, { n: 1 });
      const toNewBranch = await publishEvent(t, 'appointment.created', { roles: ['operator'], branchId: otherBranchId }, { n: 2 });
      await again.waitForId(toNewBranch);
      expect(again.ids()).toEqual([toNewBranch]);

      // The same branches again change nothing: the socket stays and gets what follows.
      expect(
        (
          await t
            .http()
            .patch(`/api/v1/staff/${op.id}`)
            .set('Authorization', admin.auth)
            .send({ branchIds: [otherBranchId] })
        ).status,
      ).toBe(200);
      const later = await publishEvent(t, 'appointment.created', { roles: ['operator'], branchId: otherBranchId }, { n: 3 });
      await again.waitForId(later);
      expect(again.socket.connected).toBe(true);
    });
  });
});
