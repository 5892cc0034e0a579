import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { CALLBACKS_DUE_JOB, CallbacksService } from '../../src/modules/calls/callbacks.service.js';
import { claimedLead } from '../factories/call.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('callbacks: scheduling, completing, rescheduling, the due reminder once across instances', () => {
  let t: TestApp;
  let manager: SignedIn;
  let operator: SignedIn;
  const inMinutes = (min: number) => new Date(Date.now() + min * 60_000).toISOString();
  const schedule = (who: SignedIn, leadId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/leads/${leadId}/callbacks`).set('Authorization', who.auth).send(body);
  const patch = (who: SignedIn, id: string, body: Record<string, unknown>) =>
    t.http().patch(`/api/v1/callbacks/${id}`).set('Authorization', who.auth).send(body);

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    manager = await signedIn(t, 'manager');
    operator = await signedIn(t, 'operator');
  });
  afterAll(async () => t.close());

  it('schedules on a lead the operator holds, for its operator; managers may name another operator', async () => {
    const other = await signedIn(t, 'operator');
    const { id, patientId } = await claimedLead(t, manager, operator);
    const dueAt = inMinutes(90);
    const res = await schedule(operator, id, { dueAt, note: 'call about the X-ray' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      leadId: id,
      patientId,
      operatorId: operator.id,
      dueAt,
      doneAt: null,
      notifiedAt: null,
      overdue: false,
      note: 'call about the X-ray',
      createdBy: operator.id,
    });
    expect((await schedule(other, id, { dueAt })).status).toBe(403);
    expect((await schedule(operator, id, { dueAt, operatorId: other.id })).status).toBe(403);
    expect((await schedule(manager, id, { dueAt, operatorId: other.id })).body.operatorId).toBe(other.id);
    expect((await schedule(manager, id, { dueAt })).body.operatorId).toBe(operator.id);
    const past = await schedule(operator, id, { dueAt: inMinutes(-30) });
    expect(past.status).toBe(400);
    expect(past.body.error.details[0].field).toBe('dueAt');
    expect((await schedule(operator, '00000000-0000-4000-8000-000000000000', { dueAt })).status).toBe(404);
    const { rows } = await t.db.query(`SELECT action, fields FROM audit_events WHERE entity_id = $1`, [res.body.id]);
    expect(rows).toEqual([{ action: 'callback.created', fields: ['dueAt', 'note'] }]);
  });

  it('takes only an ISO-8601 instant as the time, and no null for it', async () => {
    const { id } = await claimedLead(t, manager, operator);
    const nextYear = new Date().getUTCFullYear() + 1;
    // Each of these would otherwise be read as some moment: 1970, or 1 March.
    for (const dueAt of [Date.now() + 3_600_000, true, `${nextYear}-02-30T10:00:00Z`, `${nextYear}-03-01`, `${nextYear}-03-01T10:00:00`]) {
      const res = await schedule(operator, id, { dueAt });
      expect([dueAt, res.status, res.body.error?.details?.[0]?.field]).toEqual([dueAt, 400, 'dueAt']);
    }
    const created = await schedule(operator, id, { dueAt: `${nextYear}-03-01T10:00:00+03:00` });
    expect(created.status).toBe(201);
    expect(created.body.dueAt).toBe(`${nextYear}-03-01T07:00:00.000Z`);
    const nulled = await patch(operator, created.body.id, { dueAt: null });
    expect([nulled.status, nulled.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses callbacks on closed leads', async () => {
    const { id } = await claimedLead(t, manager, operator);
    await t.http().patch(`/api/v1/leads/${id}`).set('Authorization', operator.auth).send({ status: 'junk' });
    expect((await schedule(operator, id, { dueAt: inMinutes(60) })).status).toBe(409);
  });

  it('completes or reschedules, once, by its operator or a manager', async () => {
    const other = await signedIn(t, 'operator');
    const { id } = await claimedLead(t, manager, operator);
    const callback = (await schedule(operator, id, { dueAt: inMinutes(60) })).body;
    expect((await patch(operator, callback.id, {})).status).toBe(400);
    expect((await patch(operator, callback.id, { done: true, dueAt: inMinutes(10) })).status).toBe(400);
    expect((await patch(other, callback.id, { done: true })).status).toBe(403);
    await t.db.query(`UPDATE callbacks SET notified_at = now() WHERE id = $1`, [callback.id]);
    const later = inMinutes(240);
    const moved = await patch(operator, callback.id, { dueAt: later, note: 'asked for the evening' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ dueAt: later, notifiedAt: null, note: 'asked for the evening', doneAt: null });
    const done = await patch(manager, callback.id, { done: true });
    expect(done.body.doneAt).toEqual(expect.any(String));
    expect((await patch(operator, callback.id, { done: true })).status).toBe(409);
    expect((await patch(operator, '00000000-0000-4000-8000-000000000000', { done: true })).status).toBe(404);
    const { rows } = await t.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`, [callback.id]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['callback.created', 'callback.rescheduled', 'callback.completed']);
  });

  it('pushes callback.due once to its operator and managers, with two instances running the job at once', async () => {
    const { id } = await claimedLead(t, manager, operator);
    const due = (await schedule(operator, id, { dueAt: inMinutes(1) })).body;
    const notYet = (await schedule(operator, id, { dueAt: inMinutes(120) })).body;
    const done = (await schedule(operator, id, { dueAt: inMinutes(1) })).body;
    await patch(operator, done.id, { done: true });
    await t.db.query(`UPDATE callbacks SET due_at = now() - interval '1 second' WHERE id = ANY($1)`, [[due.id, done.id]]);
    const operatorSocket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const managerSocket = await connectSocket(t.baseUrl, { token: manager.accessToken });
    const bystander = await signedIn(t, 'operator');
    const bystanderSocket = await connectSocket(t.baseUrl, { token: bystander.accessToken });
    const second = await startTestApp({ databaseUrl: t.databaseUrl, env: { JOBS_ENABLED: 'false' } });
    try {
      const runs = await Promise.all([
        t.app.get(JobRunner).runNow(CALLBACKS_DUE_JOB),
        second.app.get(JobRunner).runNow(CALLBACKS_DUE_JOB),
        t.app.get(JobRunner).runNow(CALLBACKS_DUE_JOB),
        second.app.get(JobRunner).runNow(CALLBACKS_DUE_JOB),
      ]);
      expect(runs).toContain('ran');
      await second.app.get(JobRunner).runNow(CALLBACKS_DUE_JOB);
      await t.app.get(JobRunner).runNow(CALLBACKS_DUE_JOB);
      // The marking itself is atomic too, not only the job's lease: the same work run on both instances at once.
      const raced = (await schedule(operator, id, { dueAt: inMinutes(1) })).body;
      await t.db.query(`UPDATE callbacks SET due_at = now() - interval '1 second' WHERE id = $1`, [raced.id]);
      const taken = await Promise.all([
        t.app.get(CallbacksService).notifyDue(),
        second.app.get(CallbacksService).notifyDue(),
        t.app.get(CallbacksService).notifyDue(),
      ]);
      expect(taken.reduce((a, b) => a + b, 0)).toBe(1);
      const { rows: racedEvents } = await t.db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'callback.due' AND payload->>'callbackId' = $1`, [
        raced.id,
      ]);
      expect(racedEvents[0].n).toBe(1);
      await patch(operator, raced.id, { done: true });
    } finally {
      await second.close();
    }
    const { rows } = await t.db.query(
      `SELECT payload->>'callbackId' AS id, rooms FROM events WHERE type = 'callback.due' AND payload->>'leadId' = $1 AND payload->>'callbackId' = ANY($2)`,
      [id, [due.id, notYet.id, done.id]],
    );
    expect(rows).toEqual([{ id: due.id, rooms: [`user:${operator.id}`, 'role:manager', 'role:admin'] }]);
    const pushed = await operatorSocket.waitFor((e) => e.type === 'callback.due' && e.data.callbackId === due.id);
    expect(pushed.data).toMatchObject({ leadId: id, operatorId: operator.id, dueAt: expect.any(String) });
    await managerSocket.waitFor((e) => e.type === 'callback.due' && e.data.callbackId === due.id);
    expect(operatorSocket.events.filter((e) => e.type === 'callback.due' && e.data.callbackId === due.id)).toHaveLength(1);
    expect(bystanderSocket.events.filter((e) => e.type === 'callback.due')).toEqual([]);
    expect((await t.db.query(`SELECT notified_at IS NOT NULL AS n FROM callbacks WHERE id = $1`, [notYet.id])).rows[0].n).toBe(false);

    // Rescheduled: told again at the new time.
    await patch(operator, due.id, { dueAt: inMinutes(1) });
    await t.db.query(`UPDATE callbacks SET due_at = now() - interval '1 second' WHERE id = $1`, [due.id]);
    await t.app.get(JobRunner).runNow(CALLBACKS_DUE_JOB);
    const { rows: again } = await t.db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'callback.due' AND payload->>'callbackId' = $1`, [due.id]);
    expect(again[0].n).toBe(2);
    for (const socket of [operatorSocket, managerSocket, bystanderSocket]) socket.close();
  });

  it('shows managers the overdue callbacks of every operator; operators see only their own', async () => {
    const other = await signedIn(t, 'operator');
    const mine = await claimedLead(t, manager, operator);
    const theirs = await claimedLead(t, manager, other);
    const overdueMine = (await schedule(operator, mine.id, { dueAt: inMinutes(1) })).body;
    const overdueTheirs = (await schedule(other, theirs.id, { dueAt: inMinutes(1) })).body;
    const upcoming = (await schedule(other, theirs.id, { dueAt: inMinutes(300) })).body;
    await t.db.query(`UPDATE callbacks SET due_at = now() - interval '20 minutes' WHERE id = $1`, [overdueMine.id]);
    await t.db.query(`UPDATE callbacks SET due_at = now() - interval '10 minutes' WHERE id = $1`, [overdueTheirs.id]);
    const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((c) => c.id);
    const overdue = await t.http().get('/api/v1/callbacks?due=overdue&limit=200').set('Authorization', manager.auth);
    expect(ids(overdue)).toEqual(expect.arrayContaining([overdueMine.id, overdueTheirs.id]));
    expect(ids(overdue)).not.toContain(upcoming.id);
    expect(overdue.body.data.every((c: { overdue: boolean }) => c.overdue)).toBe(true);
    const byOther = await t.http().get(`/api/v1/callbacks?due=open&operator=${other.id}`).set('Authorization', manager.auth);
    expect(ids(byOther)).toEqual([overdueTheirs.id, upcoming.id]);
    const asOperator = await t.http().get(`/api/v1/callbacks?due=open&operator=${other.id}&limit=200`).set('Authorization', operator.auth);
    expect(asOperator.body.data.every((c: { operatorId: string }) => c.operatorId === operator.id)).toBe(true);
    expect(ids(asOperator)).toContain(overdueMine.id);
    const page1 = await t.http().get(`/api/v1/callbacks?due=all&operator=${other.id}&limit=1`).set('Authorization', manager.auth);
    const page2 = await t
      .http()
      .get(`/api/v1/callbacks?due=all&operator=${other.id}&limit=1&cursor=${page1.body.nextCursor}`)
      .set('Authorization', manager.auth);
    expect([...ids(page1), ...ids(page2)]).toEqual([overdueTheirs.id, upcoming.id]);
    expect((await t.http().get('/api/v1/callbacks?due=soon').set('Authorization', manager.auth)).status).toBe(400);
  });

  it('does not remind an operator about a restricted person; managers are told', async () => {
    const { id, patientId } = await claimedLead(t, manager, operator);
    const callback = (await schedule(operator, id, { dueAt: inMinutes(1) })).body;
    await t.http().post(`/api/v1/patients/${patientId}/restrict`).set('Authorization', manager.auth).send({ reason: 'accuracy_disputed' });
    await t.db.query(`UPDATE callbacks SET due_at = now() - interval '1 second' WHERE id = $1`, [callback.id]);
    await t.app.get(JobRunner).runNow(CALLBACKS_DUE_JOB);
    const { rows } = await t.db.query(`SELECT rooms FROM events WHERE type = 'callback.due' AND payload->>'callbackId' = $1`, [callback.id]);
    expect(rows).toEqual([{ rooms: ['role:manager', 'role:admin'] }]);
  });
});
