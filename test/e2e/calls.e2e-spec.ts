import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { callBody, claimedLead, webLead } from '../factories/call.factory.js';
import { createPatient, publishedDocument } from '../factories/consent.factory.js';
import { bookableDoctor, futureDate, localInstant } from '../factories/schedule.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('calls: outcomes, first contact, list, verbal consent, operator queue', () => {
  let t: TestApp;
  let admin: SignedIn;
  let manager: SignedIn;
  let operator: SignedIn;

  const logCall = (who: SignedIn, body: Record<string, unknown>) => t.http().post('/api/v1/calls').set('Authorization', who.auth).send(body);
  const lead = async (id: string) => (await t.http().get(`/api/v1/leads/${id}`).set('Authorization', manager.auth)).body;

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    operator = await signedIn(t, 'operator');
  });
  afterAll(async () => t.close());

  it('sets first contact with the first call on a lead, which stops the SLA clock; later calls change nothing', async () => {
    const { id } = await claimedLead(t, manager, operator);
    await t.db.query(`UPDATE leads SET created_at = now() - interval '10 minutes' WHERE id = $1`, [id]); // entered before the calls below
    const first = callBody({ leadId: id, outcome: 'no_answer', answeredAt: undefined }, 3);
    const res = await logCall(operator, first);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      leadId: id,
      operatorId: operator.id,
      direction: 'outbound',
      outcome: 'no_answer',
      missed: true,
      phone: expect.stringMatching(/^\+7/),
    });
    expect(new Date((await lead(id)).firstContactAt).toISOString()).toBe(first.startedAt);
    expect((await logCall(operator, callBody({ leadId: id }, 1))).status).toBe(201);
    expect(new Date((await lead(id)).firstContactAt).toISOString()).toBe(first.startedAt);

    // Its deadline passes: no breach, the first contact came in time.
    await t.db.query(`UPDATE leads SET sla_due_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await t.app.get(JobRunner).runNow('leads.sla_breaches');
    expect((await lead(id)).slaBreached).toBe(false);
    expect((await lead(id)).status).toBe('in_progress');
  });

  it('does not count an unanswered inbound call as contact', async () => {
    const { id } = await claimedLead(t, manager, operator);
    expect((await logCall(operator, callBody({ leadId: id, direction: 'inbound', answeredAt: undefined, outcome: 'no_answer' }))).status).toBe(201);
    expect((await lead(id)).firstContactAt).toBeNull();
  });

  it('lets operators log calls on leads they hold or on patients directly; managers on any lead', async () => {
    const other = await signedIn(t, 'operator');
    const { id, patientId } = await claimedLead(t, manager, other);
    const refused = await logCall(operator, callBody({ leadId: id }));
    expect(refused.status).toBe(403);
    expect((await logCall(manager, callBody({ leadId: id }))).status).toBe(201);
    const patient = await createPatient(t);
    const direct = await logCall(operator, callBody({ patientId: patient.id, note: 'asked about prices' }));
    expect(direct.status).toBe(201);
    expect(direct.body).toMatchObject({ patientId: patient.id, leadId: null, phone: patient.phone, note: 'asked about prices' });
    expect((await logCall(operator, callBody({ leadId: id, patientId: patient.id }))).status).toBe(403);
    expect((await logCall(manager, callBody({ leadId: id, patientId: patient.id }))).status).toBe(409);
    expect((await logCall(manager, callBody({ leadId: id, patientId }))).status).toBe(201);
    const noSubject = await logCall(operator, callBody());
    expect(noSubject.status).toBe(400);
    const backwards = await logCall(manager, callBody({ leadId: id, endedAt: new Date(Date.now() - 3_600_000).toISOString() }));
    expect([backwards.status, backwards.body.error.code]).toEqual([422, 'UNPROCESSABLE']);
    expect(backwards.body.error.details.map((d: { field: string }) => d.field)).toContain('endedAt');
  });

  it('refuses a call answered before its lead arrived (422); a lead staff entered during the call counts contact from its entry', async () => {
    const arrived = await webLead(t, admin);
    const arrivedAt = new Date((await lead(arrived)).createdAt).getTime();
    const early = await logCall(
      manager,
      callBody({
        leadId: arrived,
        startedAt: new Date(arrivedAt - 120_000).toISOString(),
        answeredAt: new Date(arrivedAt - 60_000).toISOString(),
        endedAt: new Date(arrivedAt + 30_000).toISOString(),
      }),
    );
    expect([early.status, early.body.error.code, early.body.error.details[0].field]).toEqual([422, 'UNPROCESSABLE', 'answeredAt']);
    expect((await lead(arrived)).firstContactAt).toBeNull();
    const unanswered = await logCall(
      manager,
      callBody({ leadId: arrived, direction: 'inbound', answeredAt: undefined, outcome: 'no_answer', startedAt: new Date(arrivedAt - 60_000).toISOString() }),
    );
    expect(unanswered.status).toBe(201); // no contact, nothing to compare
    const inTime = callBody({
      leadId: arrived,
      startedAt: new Date(arrivedAt + 1_000).toISOString(),
      answeredAt: new Date(arrivedAt + 2_000).toISOString(),
      endedAt: new Date(arrivedAt + 3_000).toISOString(),
    });
    expect((await logCall(manager, inTime)).status).toBe(201);
    expect(new Date((await lead(arrived)).firstContactAt).toISOString()).toBe(inTime.answeredAt);

    // Entered by staff while the person was on the phone: the call started before the lead existed.
    const { id: entered } = await claimedLead(t, manager, operator);
    expect((await logCall(operator, callBody({ leadId: entered }, 3))).status).toBe(201);
    const { createdAt, firstContactAt } = await lead(entered);
    expect(firstContactAt).toBe(createdAt);
  });

  it('moves the lead by the outcome: wrong number -> junk, duplicate -> junk, declined -> lost with a reason', async () => {
    const wrong = await claimedLead(t, manager, operator);
    expect((await logCall(operator, callBody({ leadId: wrong.id, outcome: 'wrong_number' }))).status).toBe(201);
    expect((await lead(wrong.id)).status).toBe('junk');

    const dup = await claimedLead(t, manager, operator);
    expect((await logCall(operator, callBody({ leadId: dup.id, outcome: 'duplicate' }))).status).toBe(201);
    expect((await lead(dup.id)).status).toBe('junk');

    const declined = await claimedLead(t, manager, operator);
    const noReason = await logCall(operator, callBody({ leadId: declined.id, outcome: 'declined' }));
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('lostReason');
    expect((await lead(declined.id)).firstContactAt).toBeNull(); // nothing was stored
    expect((await logCall(operator, callBody({ leadId: declined.id, outcome: 'declined', lostReason: 'too expensive' }))).status).toBe(201);
    expect(await lead(declined.id)).toMatchObject({ status: 'lost', lostReason: 'too expensive' });
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM events WHERE type = 'lead.updated' AND payload->>'leadId' = $1 AND payload->>'status' = 'lost'`,
      [declined.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('takes booked only once an appointment was made from the lead', async () => {
    const { id, patientId } = await claimedLead(t, manager, operator);
    const early = await logCall(operator, callBody({ leadId: id, outcome: 'booked' }));
    expect(early.status).toBe(422);
    const doctor = await bookableDoctor(t, { staff: [operator, manager] });
    const booking = await t
      .http()
      .post('/api/v1/appointments')
      .set('Authorization', operator.auth)
      .send({
        doctorId: doctor.doctorId,
        serviceId: doctor.serviceId,
        branchId: doctor.branchId,
        patientId,
        leadId: id,
        startsAt: localInstant(doctor.timezone, futureDate(doctor.timezone, 3), '11:00'),
      });
    expect(booking.status).toBe(201);
    expect((await logCall(operator, callBody({ leadId: id, outcome: 'booked' }))).status).toBe(201);
    expect((await lead(id)).status).toBe('booked');
    // A booked lead is not junk.
    expect((await logCall(operator, callBody({ leadId: id, outcome: 'wrong_number' }))).status).toBe(409);
  });

  it('schedules a callback for callback_requested, which needs a time', async () => {
    const { id } = await claimedLead(t, manager, operator);
    const missing = await logCall(operator, callBody({ leadId: id, outcome: 'callback_requested' }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('callbackAt');
    const callbackAt = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const res = await logCall(operator, callBody({ leadId: id, outcome: 'callback_requested', callbackAt, note: 'after 6 pm' }));
    expect(res.status).toBe(201);
    expect(res.body.callbackId).toEqual(expect.any(String));
    const callbacks = await t.http().get(`/api/v1/callbacks?lead=${id}`).set('Authorization', operator.auth);
    expect(callbacks.body.data).toEqual([
      expect.objectContaining({
        id: res.body.callbackId,
        leadId: id,
        operatorId: operator.id,
        callId: res.body.id,
        dueAt: callbackAt,
        doneAt: null,
        note: 'after 6 pm',
      }),
    ]);
    expect((await lead(id)).status).toBe('in_progress');
  });

  it('keeps the promised callbacks that were due when the lead is called', async () => {
    const { id } = await claimedLead(t, manager, operator);
    const due = await t
      .http()
      .post(`/api/v1/leads/${id}/callbacks`)
      .set('Authorization', operator.auth)
      .send({ dueAt: new Date(Date.now() + 60_000).toISOString() });
    const later = await t
      .http()
      .post(`/api/v1/leads/${id}/callbacks`)
      .set('Authorization', operator.auth)
      .send({ dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    await t.db.query(`UPDATE callbacks SET due_at = now() - interval '5 minutes' WHERE id = $1`, [due.body.id]);
    expect((await logCall(operator, callBody({ leadId: id }, 1))).status).toBe(201);
    const { rows } = await t.db.query(`SELECT id, done_at IS NOT NULL AS done FROM callbacks WHERE lead_id = $1 ORDER BY due_at`, [id]);
    expect(rows).toEqual([
      { id: due.body.id, done: true },
      { id: later.body.id, done: false },
    ]);
  });

  it('lists calls with filters and keyset pages; operators do not see restricted persons', async () => {
    const caller = await signedIn(t, 'operator');
    const a = await claimedLead(t, manager, caller);
    const b = await claimedLead(t, manager, caller);
    const ids: string[] = [];
    for (const [leadId, outcome, ago] of [
      [a.id, 'no_answer', 50],
      [a.id, 'busy', 40],
      [b.id, 'consultation_only', 30],
      [b.id, 'no_answer', 20],
    ] as const) {
      ids.push((await logCall(caller, callBody({ leadId, outcome, answeredAt: undefined }, ago))).body.id);
    }
    const list = (who: SignedIn, query: string) => t.http().get(`/api/v1/calls?${query}`).set('Authorization', who.auth);
    expect((await list(caller, 'operator=me')).body.data.map((c: { id: string }) => c.id)).toEqual([...ids].reverse());
    expect((await list(manager, `operator=${caller.id}&outcome=no_answer`)).body.data.map((c: { id: string }) => c.id)).toEqual([ids[3], ids[0]]);
    expect((await list(manager, `lead=${a.id}`)).body.data.map((c: { id: string }) => c.id)).toEqual([ids[1], ids[0]]);
    expect((await list(manager, `patient=${b.patientId}`)).body.data).toHaveLength(2);
    const from = new Date(Date.now() - 45 * 60_000).toISOString();
    const to = new Date(Date.now() - 25 * 60_000).toISOString();
    expect((await list(manager, `operator=${caller.id}&from=${from}&to=${to}`)).body.data.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const page1 = await list(manager, `operator=${caller.id}&limit=3`);
    const page2 = await list(manager, `operator=${caller.id}&limit=3&cursor=${page1.body.nextCursor}`);
    expect([...page1.body.data, ...page2.body.data].map((c: { id: string }) => c.id)).toEqual([...ids].reverse());
    expect(page2.body.nextCursor).toBeNull();
    expect((await list(manager, 'outcome=nonsense')).status).toBe(400);

    await t.http().post(`/api/v1/patients/${b.patientId}/restrict`).set('Authorization', manager.auth).send({ reason: 'accuracy_disputed' });
    expect((await list(caller, `operator=me`)).body.data.map((c: { id: string }) => c.id)).toEqual([ids[1], ids[0]]);
    expect((await list(manager, `operator=${caller.id}`)).body.data).toHaveLength(4);
  });

  it('records verbal consent during a call and gives the person’s waiting leads their consent', async () => {
    const document = await publishedDocument(t, admin);
    const { id, patientId } = await claimedLead(t, manager, operator);
    expect((await lead(id)).consentStatus).toBe('pending');
    const call = await logCall(operator, callBody({ leadId: id, direction: 'inbound' }));
    const unknownCall = await t
      .http()
      .post(`/api/v1/patients/${patientId}/consents`)
      .set('Authorization', operator.auth)
      .send({ documentId: document.id, channel: 'phone', callId: '00000000-0000-4000-8000-00000000abcd' });
    expect(unknownCall.status).toBe(404);
    expect((await lead(id)).consentStatus).toBe('pending');
    const consent = await t
      .http()
      .post(`/api/v1/patients/${patientId}/consents`)
      .set('Authorization', operator.auth)
      .send({ documentId: document.id, channel: 'phone', callId: call.body.id });
    expect(consent.status).toBe(201);
    expect(consent.body).toMatchObject({ channel: 'phone', callId: call.body.id, operatorId: operator.id, documentVersion: document.version });
    expect((await lead(id)).consentStatus).toBe('given');
  });

  it('gives operators their queue: own leads, the leads to claim and due callbacks, most urgent first, with consent status', async () => {
    const me = await signedIn(t, 'operator');
    const other = await signedIn(t, 'operator');
    // Nothing else waits in the queue, so the order below is fully known.
    await t.db.query(`UPDATE leads SET status = 'junk', assigned_operator_id = NULL WHERE status IN ('new', 'assigned', 'in_progress')`);
    const mine = await claimedLead(t, manager, me);
    const contacted = await claimedLead(t, manager, me);
    await logCall(me, callBody({ leadId: contacted.id }));
    const callbackId = (
      await t
        .http()
        .post(`/api/v1/leads/${contacted.id}/callbacks`)
        .set('Authorization', me.auth)
        .send({ dueAt: new Date(Date.now() + 30 * 60_000).toISOString() })
    ).body.id;
    const open = (
      await t.http().post('/api/v1/leads').set('Authorization', manager.auth).send({ name: 'Queue Person', phone: '+79150001122', channel: 'phone' })
    ).body.id;
    const theirs = await claimedLead(t, manager, other);
    await t.db.query(`UPDATE leads SET sla_due_at = now() + interval '10 minutes' WHERE id = $1`, [mine.id]);
    await t.db.query(`UPDATE leads SET sla_due_at = now() - interval '2 minutes' WHERE id = $1`, [open]);
    const restricted = (
      await t.http().post('/api/v1/leads').set('Authorization', manager.auth).send({ name: 'Hidden Person', phone: '+79150001133', channel: 'phone' })
    ).body;
    await t.http().post(`/api/v1/patients/${restricted.patientId}/restrict`).set('Authorization', manager.auth).send({ reason: 'accuracy_disputed' });

    const res = await t.http().get('/api/v1/me/queue').set('Authorization', me.auth);
    expect(res.status).toBe(200);
    const items = res.body.data as { kind: string; reason: string; lead: { id: string; consentStatus: string }; callback?: { id: string } }[];
    expect(items.map((i) => [i.kind, i.reason, i.lead.id])).toEqual([
      ['lead', 'available', open],
      ['lead', 'claimed', mine.id],
      ['callback', 'callback', contacted.id],
      ['lead', 'claimed', contacted.id],
    ]);
    expect(items[2]!.callback!.id).toBe(callbackId);
    expect(items[0]!.lead.consentStatus).toBe('pending');
    expect(items.map((i) => i.lead.id)).not.toContain(theirs.id);
    expect(items.map((i) => i.lead.id)).not.toContain(restricted.id);
    expect((await t.http().get('/api/v1/me/queue').set('Authorization', manager.auth)).status).toBe(403);
  });

  it('puts the operator’s due and overdue callbacks before leads left unclaimed for days', async () => {
    const me = await signedIn(t, 'operator');
    await t.db.query(`UPDATE leads SET status = 'junk', assigned_operator_id = NULL WHERE status IN ('new', 'assigned', 'in_progress')`);
    const promised = await claimedLead(t, manager, me);
    await logCall(me, callBody({ leadId: promised.id }));
    const callbackId = (
      await t
        .http()
        .post(`/api/v1/leads/${promised.id}/callbacks`)
        .set('Authorization', me.auth)
        .send({ dueAt: new Date(Date.now() + 30 * 60_000).toISOString() })
    ).body.id;
    await t.db.query(`UPDATE callbacks SET due_at = now() - interval '5 minutes' WHERE id = $1`, [callbackId]);
    const old = (await t.http().post('/api/v1/leads').set('Authorization', manager.auth).send({ name: 'Old Inquiry', phone: '+79150001144', channel: 'phone' }))
      .body.id;
    await t.db.query(`UPDATE leads SET created_at = now() - interval '3 days', sla_due_at = now() - interval '3 days' WHERE id = $1`, [old]);

    const items = (await t.http().get('/api/v1/me/queue').set('Authorization', me.auth)).body.data as {
      kind: string;
      reason: string;
      lead: { id: string };
      callback?: { id: string; overdue: boolean };
    }[];
    expect(items.map((i) => [i.kind, i.reason, i.lead.id])).toEqual([
      ['callback', 'callback', promised.id],
      ['lead', 'available', old],
      ['lead', 'claimed', promised.id],
    ]);
    expect(items[0]!.callback).toMatchObject({ id: callbackId, overdue: true });
  });

  it('audits calls by field names, never values', async () => {
    const { id } = await claimedLead(t, manager, operator);
    const res = await logCall(operator, callBody({ leadId: id, note: 'secret-note-value' }));
    const { rows } = await t.db.query(`SELECT action, fields, actor_id FROM audit_events WHERE entity_id = $1`, [res.body.id]);
    expect(rows).toEqual([{ action: 'call.created', fields: expect.arrayContaining(['leadId', 'note']), actor_id: operator.id }]);
    const { rows: leaked } = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE fields::text LIKE '%secret-note-value%'`);
    expect(leaked[0].n).toBe(0);
    expect(t.logs.join('\n')).not.toContain('secret-note-value');
  });
});
