import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RecallService } from '../../src/modules/messages/recall.service.js';
import { pastVisit } from '../factories/analytics.factory.js';
import { createPatient, publishedDocument, recordConsent } from '../factories/consent.factory.js';
import { dispatch, type MessengerSource, telegramButton, telegramSource, telegramText } from '../factories/messaging.factory.js';
import { type BookableDoctor, bookableDoctor, futureDate, localInstant } from '../factories/schedule.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { type FakeHttpProvider, fakeSmsRu, fakeTelegram, providerEnv } from '../setup/fake-providers.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('outreach: outages, lawful sending, feedback and recall', () => {
  let t: TestApp;
  let telegram: FakeHttpProvider;
  let sms: FakeHttpProvider;
  let admin: SignedIn;
  let manager: SignedIn;
  let reception: SignedIn;
  let doctor: BookableDoctor;
  let bot: MessengerSource;
  let personal: string;
  let marketing: string;
  let slotDay = 20;

  beforeAll(async () => {
    [telegram, sms] = await Promise.all([fakeTelegram(), fakeSmsRu()]);
    t = await startTestApp({
      env: { JOBS_ENABLED: 'false', MESSAGES_MAX_ATTEMPTS: '4', PUBLIC_BASE_URL: 'https://clinic.example', ...providerEnv({ telegram, sms }) },
    });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    reception = await signedIn(t, 'receptionist');
    doctor = await bookableDoctor(t, { staff: [manager, reception] });
    bot = await telegramSource(t, admin, doctor.branchId);
    personal = (await publishedDocument(t, admin, 'personal_data')).id;
    marketing = (await publishedDocument(t, admin, 'marketing')).id;
    // No quiet hours here: these tests are about other rules.
    expect(
      (await t.http().put(`/api/v1/branches/${doctor.branchId}/messaging`).set('Authorization', admin.auth).send({ quietStart: '00:00', quietEnd: '00:00' }))
        .status,
    ).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([telegram.close(), sms.close()]);
  });

  /** A patient reached by SMS who consented to personal-data processing; booked, so a confirmation is queued. */
  async function bookedBySms(extra: { marketing?: boolean } = {}) {
    const patient = await createPatient(t);
    await recordConsent(t, { documentId: personal, patientId: patient.id });
    if (extra.marketing) await recordConsent(t, { documentId: marketing, patientId: patient.id });
    const res = await t
      .http()
      .post('/api/v1/appointments')
      .set('Authorization', manager.auth)
      .send({
        doctorId: doctor.doctorId,
        serviceId: doctor.serviceId,
        branchId: doctor.branchId,
        patientId: patient.id,
        startsAt: localInstant(doctor.timezone, futureDate(doctor.timezone, slotDay++), '10:00'),
      });
    expect(res.status).toBe(201);
    const {
      rows: [confirmation],
    } = await t.db.query(`SELECT id FROM messages WHERE appointment_id = $1 AND schedule_key = 'confirmation'`, [res.body.id]);
    return { patient, appointmentId: res.body.id as string, confirmationId: confirmation.id as string, number: patient.phone!.slice(1) };
  }
  const callsTo = (number: string) => sms.calls.filter((c) => `multi[${number}]` in c.body);
  const statusOf = async (id: string) =>
    (await t.db.query(`SELECT status, attempts, failure_reason, next_attempt_at FROM messages WHERE id = $1`, [id])).rows[0];
  const dueNow = (id: string) => t.db.query(`UPDATE messages SET next_attempt_at = now() WHERE id = $1 AND status = 'queued'`, [id]);

  it('retries through a provider outage without sending twice, and ends failed after the limit', async () => {
    const soon = await bookedBySms();
    sms.failNext({ status: 503 }, { status: 502 });
    await dispatch(t);
    expect(await statusOf(soon.confirmationId)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(callsTo(soon.number)).toHaveLength(3);

    const never = await bookedBySms();
    sms.failNext({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    await dispatch(t);
    expect(await statusOf(never.confirmationId)).toMatchObject({ status: 'failed', attempts: 4, failure_reason: 'sms.ru: HTTP 503 (after 4 attempts)' });
    expect(callsTo(never.number)).toHaveLength(4);
    await dispatch(t);
    expect(callsTo(never.number)).toHaveLength(4);
    // Staff can send it again once the provider is back.
    expect((await t.http().post(`/api/v1/messages/${never.confirmationId}/retry`).set('Authorization', manager.auth).send({})).status).toBe(200);
    await dispatch(t);
    expect(await statusOf(never.confirmationId)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('never retries what may have gone out when the provider cannot recognise a repeat', async () => {
    const lost = await bookedBySms();
    sms.failNext('drop');
    await dispatch(t);
    expect(await statusOf(lost.confirmationId)).toMatchObject({ status: 'failed', failure_reason: expect.stringMatching(/^outcome_unknown/) });
    await dispatch(t);
    expect(callsTo(lost.number)).toHaveLength(1);
  });

  it('sends nothing to someone who wrote STOP, unsubscribed, or is restricted, and no marketing without its consent', async () => {
    const chat = 730_000_000 + Math.floor(Math.random() * 1e6);
    await telegramText(t, bot, { id: chat }, 'Хочу записаться');
    const {
      rows: [inbound],
    } = await t.db.query(`SELECT id, patient_id FROM messages WHERE external_user_id = $1`, [String(chat)]);
    await t.http().post(`/api/v1/messages/${inbound.id}/consent`).set('Authorization', manager.auth).send({ documentId: personal });
    await telegramText(t, bot, { id: chat }, 'СТОП');
    expect((await t.http().get(`/api/v1/patients/${inbound.patient_id}/messages`).set('Authorization', manager.auth)).body.optedOut).toBe(true);
    const booked = await t
      .http()
      .post('/api/v1/appointments')
      .set('Authorization', manager.auth)
      .send({
        doctorId: doctor.doctorId,
        serviceId: doctor.serviceId,
        branchId: doctor.branchId,
        patientId: inbound.patient_id,
        startsAt: localInstant(doctor.timezone, futureDate(doctor.timezone, slotDay++), '10:00'),
      });
    await dispatch(t);
    const { rows } = await t.db.query(`SELECT status, failure_reason FROM messages WHERE appointment_id = $1 AND schedule_key = 'confirmation'`, [
      booked.body.id,
    ]);
    expect(rows).toEqual([{ status: 'cancelled', failure_reason: 'opted_out: the person asked for no more messages' }]);
    // Only the answer to STOP itself went to that chat.
    expect(
      telegram
        .succeeded('/sendMessage')
        .filter((c) => c.body.chat_id === String(chat))
        .map((c) => c.body.text),
    ).toEqual([expect.stringContaining('СТАРТ')]);

    const restricted = await bookedBySms();
    expect(
      (await t.http().post(`/api/v1/patients/${restricted.patient.id}/restrict`).set('Authorization', manager.auth).send({ reason: 'other' })).status,
    ).toBe(200);
    await dispatch(t);
    expect(await statusOf(restricted.confirmationId)).toMatchObject({ status: 'cancelled', failure_reason: expect.stringMatching(/^restricted/) });
    expect(callsTo(restricted.number)).toHaveLength(0);
    expect((await t.http().post(`/api/v1/patients/${restricted.patient.id}/messages`).set('Authorization', manager.auth).send({ text: 'Hello' })).status).toBe(
      403,
    );

    const noMarketing = await bookedBySms();
    const refused = await t
      .http()
      .post(`/api/v1/patients/${noMarketing.patient.id}/messages`)
      .set('Authorization', manager.auth)
      .send({ text: 'Скидка 20%', purpose: 'marketing' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('CONSENT_REQUIRED');
  });

  it('asks for feedback after a completed visit; a low rating is a task for the manager and counts on the doctor’s scorecard', async () => {
    const chat = 740_000_000 + Math.floor(Math.random() * 1e6);
    await telegramText(t, bot, { id: chat }, 'Здравствуйте');
    const {
      rows: [inbound],
    } = await t.db.query(`SELECT id, patient_id FROM messages WHERE external_user_id = $1`, [String(chat)]);
    await t.http().post(`/api/v1/messages/${inbound.id}/consent`).set('Authorization', manager.auth).send({ documentId: personal });
    const visitId = await pastVisit(t, { bookedBy: manager, reception }, doctor, {
      patientId: inbound.patient_id,
      startsAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
      status: 'completed',
    });
    const {
      rows: [request],
    } = await t.db.query(`SELECT id, status, next_attempt_at FROM messages WHERE appointment_id = $1 AND schedule_key = 'feedback'`, [visitId]);
    expect(request.status).toBe('queued');
    expect(request.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 170 * 60_000);
    await dueNow(request.id);
    await dispatch(t);
    const sent = telegram.succeeded('/sendMessage').find((c) => c.body.chat_id === String(chat) && String(c.body.text).includes('от 1 до 5'));
    expect((sent!.body.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]!.map((b) => b.callback_data)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `rate:${request.id}:${n}`),
    );

    const socket = await connectSocket(t.baseUrl, { token: manager.accessToken });
    await telegramButton(t, bot, { id: chat }, `rate:${request.id}:2`);
    await socket.waitFor((e) => e.type === 'feedback.low_rating' && e.data.appointmentId === visitId && e.data.rating === 2);
    await telegramText(t, bot, { id: chat }, 'Долго ждала в очереди');
    const open = await t.http().get('/api/v1/feedback?followUp=open').set('Authorization', manager.auth);
    const mine = open.body.data.find((f: { appointmentId: string }) => f.appointmentId === visitId);
    expect(mine).toMatchObject({ rating: 2, comment: 'Долго ждала в очереди', followUp: 'open', doctorId: doctor.doctorId });
    const done = await t.http().post(`/api/v1/feedback/${mine.id}/follow-up`).set('Authorization', manager.auth).send({ note: 'Called, apologised' });
    expect(done.body).toMatchObject({ followUp: 'done', followUpBy: manager.id });

    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const scorecard = await t.http().get(`/api/v1/analytics/doctors?from=${yesterday}&to=${today}`).set('Authorization', manager.auth);
    expect(scorecard.body.data.find((d: { doctorId: string }) => d.doctorId === doctor.doctorId)).toMatchObject({ ratings: 1, averageRating: 2 });
    const report = await t.http().get(`/api/v1/analytics/messaging?from=${yesterday}&to=${today}`).set('Authorization', manager.auth);
    expect(report.status).toBe(200);
    expect(report.body.ratings).toEqual([expect.objectContaining({ doctorId: doctor.doctorId, ratings: 1, average: 2, low: 1 })]);
    socket.close();
  });

  it('recalls a patient due back who has no booking, and makes a recall lead only when it stays unanswered and unbooked', async () => {
    expect(
      (await t.http().put(`/api/v1/recall-rules/${doctor.serviceId}`).set('Authorization', manager.auth).send({ intervalDays: 180, followUpDays: 5 })).status,
    ).toBe(200);
    let hour = 0;
    const visit = async (patientId: string) =>
      pastVisit(t, { bookedBy: manager, reception }, doctor, {
        patientId,
        startsAt: new Date(Date.now() - 200 * 86_400_000 + ++hour * 3600_000).toISOString(),
        status: 'completed',
      });
    const due = await createPatient(t);
    const booked = await createPatient(t);
    const noConsent = await createPatient(t);
    for (const p of [due, booked]) {
      await recordConsent(t, { documentId: personal, patientId: p.id });
      await recordConsent(t, { documentId: marketing, patientId: p.id });
    }
    await recordConsent(t, { documentId: personal, patientId: noConsent.id });
    const visits = { due: await visit(due.id), booked: await visit(booked.id), noConsent: await visit(noConsent.id) };
    await t
      .http()
      .post('/api/v1/appointments')
      .set('Authorization', manager.auth)
      .send({
        doctorId: doctor.doctorId,
        serviceId: doctor.serviceId,
        branchId: doctor.branchId,
        patientId: booked.id,
        startsAt: localInstant(doctor.timezone, futureDate(doctor.timezone, slotDay++), '11:00'),
      });
    // The visits were 200 days ago: their recalls are due.
    await t.db.query(`UPDATE recalls SET due_at = now() - interval '20 days' WHERE appointment_id = ANY($1::uuid[])`, [Object.values(visits)]);
    await t.app.get(RecallService).sendDue();
    const recall = async (id: string) =>
      (await t.db.query(`SELECT status, skip_reason, message_id, lead_id FROM recalls WHERE appointment_id = $1`, [id])).rows[0];
    expect(await recall(visits.due)).toMatchObject({ status: 'messaged' });
    expect(await recall(visits.booked)).toMatchObject({ status: 'booked', message_id: null });
    expect(await recall(visits.noConsent)).toMatchObject({ status: 'skipped', skip_reason: 'no_marketing_consent' });
    await dispatch(t);
    const [recallSms] = callsTo(due.phone!.slice(1));
    expect(String(recallSms!.body[`multi[${due.phone!.slice(1)}]`])).toMatch(
      /Отписаться: https:\/\/clinic\.example\/api\/v1\/public\/messages\/unsubscribe\/\S+/,
    );

    await t.app.get(RecallService).followUp(visits.due);
    await t.app.get(RecallService).followUp(visits.booked);
    const { rows: leads } = await t.db.query(`SELECT patient_id, channel, branch_id, status FROM leads WHERE channel = 'recall'`);
    expect(leads).toEqual([{ patient_id: due.id, channel: 'recall', branch_id: doctor.branchId, status: expect.stringMatching(/new|assigned/) }]);
    expect(await recall(visits.due)).toMatchObject({ status: 'lead_created', lead_id: expect.any(String) });

    // The unsubscribe link in the recall works at once, without signing in.
    const token = /unsubscribe\/(\S+)/.exec(String(recallSms!.body[`multi[${due.phone!.slice(1)}]`]))![1]!;
    const unsubscribed = await t.http().post(`/api/v1/public/messages/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click');
    expect(unsubscribed.body).toEqual({ unsubscribed: true });
    expect((await t.http().get(`/api/v1/patients/${due.id}/messages`).set('Authorization', manager.auth)).body.optedOut).toBe(true);
    expect((await t.http().post('/api/v1/public/messages/unsubscribe/not-a-token').send()).status).toBe(404);
  });

  it('respects Retry-After: nothing more goes to the provider until then', async () => {
    const limited = await bookedBySms();
    sms.failNext({ status: 429, headers: { 'Retry-After': '120' } });
    await dispatch(t);
    const held = await statusOf(limited.confirmationId);
    expect(held).toMatchObject({ status: 'queued', attempts: 1 });
    expect(held.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 100_000);
    expect(callsTo(limited.number)).toHaveLength(1);
    // Another message to the same provider waits for the pause too, without using up an attempt.
    const next = await bookedBySms();
    await dispatch(t);
    expect(callsTo(next.number)).toHaveLength(0);
    const waiting = await statusOf(next.confirmationId);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 0 });
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 100_000);
  });
});
