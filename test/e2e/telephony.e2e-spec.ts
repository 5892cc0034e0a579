import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { signBody } from '../../src/common/http/webhook-signature.js';
import { claimedLead, sendTelephonyEvent, telephonySource, type TelephonyEvent, uniquePhone, webLead } from '../factories/call.factory.js';
import { createPatient } from '../factories/consent.factory.js';
import { createSource, type TestSource } from '../factories/intake.factory.js';
import { bookableDoctor, futureDate, localInstant } from '../factories/schedule.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { connectSocket, publishEvent } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const CLINIC_LINE = '+74951234567';

describe('telephony events: signatures, screen pop, leads from unknown numbers, idempotency', () => {
  let t: TestApp;
  let admin: SignedIn;
  let manager: SignedIn;
  let source: TestSource;
  let extSeq = 100;

  const operatorWithExtension = async () => {
    const extension = String(++extSeq);
    return { ...(await signedIn(t, 'operator', { extension })), extension };
  };
  const event = (overrides: Partial<TelephonyEvent> = {}): TelephonyEvent => ({
    type: 'call_started',
    callId: `pbx-${randomBytes(6).toString('hex')}`,
    direction: 'inbound',
    from: uniquePhone(),
    to: CLINIC_LINE,
    at: new Date().toISOString(),
    ...overrides,
  });
  const send = (body: TelephonyEvent | Record<string, unknown>, signature?: string) => sendTelephonyEvent(t, source, body, signature);
  const callRow = async (externalId: string) =>
    (
      await t.db.query(
        `SELECT id, lead_id, patient_id, operator_id, direction, phone, extension, answered_at, ended_at, duration_sec, recording_url FROM calls WHERE external_call_id = $1`,
        [externalId],
      )
    ).rows;

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    source = await telephonySource(t, admin);
  });
  afterAll(async () => t.close());

  it('refuses missing and wrong signatures, other sources and unknown ids with 401, and changes nothing', async () => {
    const body = event();
    expect((await t.http().post(`/api/v1/public/telephony/${source.id}/events`).send(body)).status).toBe(401);
    expect((await send(body, 'sha256=' + '0'.repeat(64))).status).toBe(401);
    expect((await send(body, 'garbage')).status).toBe(401);
    const other = await telephonySource(t, admin);
    expect((await sendTelephonyEvent(t, { id: source.id, key: other.key }, body)).status).toBe(401);
    expect((await sendTelephonyEvent(t, { id: '00000000-0000-4000-8000-000000000000', key: source.key }, body)).status).toBe(401);
    const webForm = await createSource(t, admin, 'web_form', 'website');
    expect((await sendTelephonyEvent(t, webForm, body)).status).toBe(401);
    // Signed over other bytes than sent (a proxy re-encoding the JSON, say).
    const res = await t
      .http()
      .post(`/api/v1/public/telephony/${source.id}/events`)
      .set('Content-Type', 'application/json')
      .set('X-Signature', signBody(JSON.stringify(body, null, 2), source.key))
      .send(JSON.stringify(body));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(await callRow(body.callId)).toEqual([]);
    const bad = await send({ ...body, type: 'call_exploded' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('type');
  });

  it('turns an inbound call from an unknown number into a lead and pops it to the operator with the ringing extension', async () => {
    const operator = await operatorWithExtension();
    const bystander = await operatorWithExtension();
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const other = await connectSocket(t.baseUrl, { token: bystander.accessToken });
    const started = event({ extension: operator.extension });
    const res = await send(started);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, duplicate: false, callId: expect.any(String), leadId: expect.any(String) });
    const lead = (await t.http().get(`/api/v1/leads/${res.body.leadId}`).set('Authorization', manager.auth)).body;
    expect(lead).toMatchObject({
      channel: 'phone',
      sourceId: source.id,
      phone: started.from,
      consentStatus: 'pending',
      returningPatient: false,
      firstContactAt: null,
    });
    const pop = await socket.waitFor((e) => e.type === 'call.incoming' && e.data.callId === res.body.callId);
    expect(pop.data).toMatchObject({
      direction: 'inbound',
      extension: operator.extension,
      operatorId: operator.id,
      leadId: lead.id,
      newLead: true,
      patientId: lead.patientId,
      patient: { id: lead.patientId, name: null, phone: started.from, restricted: false },
      leads: [expect.objectContaining({ leadId: lead.id, status: 'new' })],
      upcomingAppointments: [],
    });
    // Delivery is in id order: once the bystander has a later event, a pop addressed to them would have arrived.
    await other.waitForId(await publishEvent(t, 'lead.updated', { users: [bystander.id] }));
    expect(other.events.filter((e) => e.type === 'call.incoming')).toEqual([]);
    socket.close();
    other.close();
  });

  it('opens a known patient’s card with open leads and coming appointments, without a new lead', async () => {
    const operator = await operatorWithExtension();
    const phone = uniquePhone();
    const leadId = await webLead(t, admin, { phone, name: 'Мария Кузнецова' });
    const patientId = (await t.db.query(`SELECT patient_id FROM leads WHERE id = $1`, [leadId])).rows[0].patient_id;
    const doctor = await bookableDoctor(t, { staff: [manager] });
    const startsAt = localInstant(doctor.timezone, futureDate(doctor.timezone, 4), '12:00');
    const booked = await t
      .http()
      .post('/api/v1/appointments')
      .set('Authorization', manager.auth)
      .send({ doctorId: doctor.doctorId, serviceId: doctor.serviceId, branchId: doctor.branchId, startsAt, patientId });
    expect(booked.status).toBe(201);
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const leadsBefore = (await t.db.query(`SELECT count(*)::int AS n FROM leads`)).rows[0].n;
    const res = await send(event({ from: phone, extension: operator.extension }));
    expect(res.body).toMatchObject({ duplicate: false, leadId });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM leads`)).rows[0].n).toBe(leadsBefore);
    const pop = await socket.waitFor((e) => e.type === 'call.incoming' && e.data.callId === res.body.callId);
    expect(pop.data).toMatchObject({
      newLead: false,
      leadId,
      patientId,
      patient: { id: patientId, name: 'Мария Кузнецова', phone, restricted: false },
      leads: [expect.objectContaining({ leadId, consentStatus: 'given' })],
      upcomingAppointments: [expect.objectContaining({ appointmentId: booked.body.id, startsAt, doctorId: doctor.doctorId, status: 'scheduled' })],
    });
    socket.close();
  });

  it('starts a new lead for a known patient with no open lead (a new inquiry from a returning patient)', async () => {
    const patient = await createPatient(t);
    const res = await send(event({ from: patient.phone! }));
    const lead = (await t.http().get(`/api/v1/leads/${res.body.leadId}`).set('Authorization', manager.auth)).body;
    expect(lead).toMatchObject({ patientId: patient.id, returningPatient: true, channel: 'phone' });
  });

  it('shows a restricted person without personal data and puts no lead in the queue', async () => {
    const operator = await operatorWithExtension();
    const patient = await createPatient(t);
    await t.http().post(`/api/v1/patients/${patient.id}/restrict`).set('Authorization', manager.auth).send({ reason: 'accuracy_disputed' });
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const res = await send(event({ from: patient.phone!, extension: operator.extension }));
    expect(res.body.leadId).toBeNull();
    const pop = await socket.waitFor((e) => e.type === 'call.incoming' && e.data.callId === res.body.callId);
    expect(pop.data.patient).toEqual({ id: patient.id, name: null, phone: null, restricted: true });
    expect(pop.data.caller).toBeNull();
    expect(JSON.stringify(pop.data)).not.toContain(patient.phone!);
    socket.close();
  });

  it('takes each event once: a duplicate changes nothing and pushes nothing again, also when sent at once', async () => {
    const operator = await operatorWithExtension();
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const started = event({ extension: operator.extension });
    const results = await Promise.all([send(started), send(started), send(started)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.callId)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.leadId)).size).toBe(1);
    const ended = {
      ...started,
      type: 'call_ended' as const,
      at: new Date(Date.now() + 30_000).toISOString(),
      durationSec: 20,
      recordingUrl: 'https://pbx.clinic.example/rec/1.mp3',
    };
    expect((await send(ended)).body.duplicate).toBe(false);
    const again = await send({ ...ended, durationSec: 999, recordingUrl: 'https://evil.example/other.mp3' });
    expect(again.body).toMatchObject({ duplicate: true, callId: results[0]!.body.callId });
    expect(await callRow(started.callId)).toEqual([expect.objectContaining({ duration_sec: 20, recording_url: 'https://pbx.clinic.example/rec/1.mp3' })]);
    const { rows } = await t.db.query(
      `SELECT type, count(*)::int AS n FROM events WHERE payload->>'callId' = $1 OR payload->>'leadId' = $2 GROUP BY type ORDER BY type`,
      [results[0]!.body.callId, results[0]!.body.leadId],
    );
    expect(rows.find((r: { type: string }) => r.type === 'call.incoming')?.n).toBe(1);
    expect(rows.find((r: { type: string }) => r.type === 'lead.created')?.n).toBe(1);
    await socket.waitForId(await publishEvent(t, 'lead.updated', { users: [operator.id] }));
    expect(socket.events.filter((e) => e.type === 'call.incoming')).toHaveLength(1);
    socket.close();
  });

  it('completes the call record on the end: answered with duration and recording, first contact on the lead; or missed', async () => {
    const operator = await operatorWithExtension();
    const t0 = Date.now() - 120_000;
    const answered = event({ at: new Date(t0).toISOString() });
    const lead = (await send(answered)).body.leadId;
    await send({ ...answered, type: 'call_answered', extension: operator.extension, at: new Date(t0 + 8_000).toISOString() });
    await send({
      ...answered,
      type: 'call_ended',
      extension: operator.extension,
      at: new Date(t0 + 68_000).toISOString(),
      durationSec: 60,
      recordingUrl: 'https://pbx.clinic.example/rec/a.mp3',
    });
    const [row] = await callRow(answered.callId);
    expect(row).toMatchObject({
      lead_id: lead,
      operator_id: operator.id,
      extension: operator.extension,
      duration_sec: 60,
      recording_url: 'https://pbx.clinic.example/rec/a.mp3',
    });
    expect(row.answered_at.toISOString()).toBe(new Date(t0 + 8_000).toISOString());
    const leadView = (await t.http().get(`/api/v1/leads/${lead}`).set('Authorization', manager.auth)).body;
    expect(leadView.firstContactAt).toBe(new Date(t0 + 8_000).toISOString());
    const calls = await t.http().get(`/api/v1/calls?lead=${lead}`).set('Authorization', manager.auth);
    expect(calls.body.data).toEqual([
      expect.objectContaining({ sourceId: source.id, externalCallId: answered.callId, missed: false, durationSec: 60, outcome: null }),
    ]);

    // Missed: only an end event, no talk time. The lead keeps waiting for its first contact.
    const missed = event({ type: 'call_ended', durationSec: 0 });
    const missedRes = await send(missed);
    expect(missedRes.body.leadId).toEqual(expect.any(String));
    const [missedRow] = await callRow(missed.callId);
    expect(missedRow).toMatchObject({ answered_at: null, duration_sec: 0, ended_at: expect.any(Date) });
    expect((await t.http().get(`/api/v1/calls?lead=${missedRes.body.leadId}`).set('Authorization', manager.auth)).body.data[0].missed).toBe(true);
    expect((await t.http().get(`/api/v1/leads/${missedRes.body.leadId}`).set('Authorization', manager.auth)).body.firstContactAt).toBeNull();
  });

  it('links an outbound call to the lead the operator holds and records first contact when answered', async () => {
    const operator = await operatorWithExtension();
    const { id, phone } = await claimedLead(t, manager, operator);
    const call = event({
      direction: 'outbound',
      from: operator.extension,
      to: phone,
      extension: operator.extension,
      at: new Date(Date.now() - 60_000).toISOString(),
    });
    const res = await send(call);
    expect(res.body.leadId).toBe(id);
    await send({ ...call, type: 'call_ended', at: new Date().toISOString(), durationSec: 40 });
    const lead = (await t.http().get(`/api/v1/leads/${id}`).set('Authorization', manager.auth)).body;
    expect(lead.firstContactAt).toEqual(expect.any(String));
    // The operator records what came of it on the PBX's call record.
    const outcome = await t
      .http()
      .patch(`/api/v1/calls/${res.body.callId}`)
      .set('Authorization', operator.auth)
      .send({ outcome: 'declined', lostReason: 'went elsewhere' });
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ outcome: 'declined', leadId: id, operatorId: operator.id, durationSec: 40 });
    expect((await t.http().get(`/api/v1/leads/${id}`).set('Authorization', manager.auth)).body.status).toBe('lost');
    expect((await t.http().patch(`/api/v1/calls/${res.body.callId}`).set('Authorization', operator.auth).send({ outcome: 'busy' })).status).toBe(409);
    // An outbound call to a number nobody has makes no lead.
    const stray = await send(event({ direction: 'outbound', from: operator.extension, to: uniquePhone(), extension: operator.extension }));
    expect(stray.body.leadId).toBeNull();
  });

  it('keeps phone numbers out of logs and audit rows', async () => {
    const body = event();
    await send(body);
    expect(t.logs.join('\n')).not.toContain(body.from.slice(2));
    const { rows } = await t.db.query(
      `SELECT action, fields FROM audit_events WHERE action = 'call.telephony_event' AND entity_id = (SELECT id::text FROM calls WHERE external_call_id = $1)`,
      [body.callId],
    );
    expect(rows).toEqual([{ action: 'call.telephony_event', fields: ['call_started'] }]);
  });
});
