import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HOUR_MS, isoDateFromDay, localDayOf, MINUTE_MS } from '../../src/common/time/zoned-time.js';
import { publishedDocument } from '../factories/consent.factory.js';
import {
  dispatch,
  type MessengerSource,
  runQueuedJobs,
  telegramButton,
  telegramSource,
  telegramText,
  vkEvent,
  vkSource,
} from '../factories/messaging.factory.js';
import { type BookableDoctor, bookableDoctor, futureDate, localInstant, nextOffsetChangeDay } from '../factories/schedule.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { type FakeHttpProvider, type FakeVk, fakeTelegram, fakeVk, providerEnv } from '../setup/fake-providers.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('messages around appointments', () => {
  let t: TestApp;
  let telegram: FakeHttpProvider;
  let vk: FakeVk;
  let admin: SignedIn;
  let manager: SignedIn;
  let operator: SignedIn;
  let doctor: BookableDoctor;
  let bot: MessengerSource;
  let community: MessengerSource;
  let documentId: string;
  let chats = 720_000_000 + Math.floor(Math.random() * 1e6);

  beforeAll(async () => {
    [telegram, vk] = await Promise.all([fakeTelegram(), fakeVk()]);
    t = await startTestApp({ env: { JOBS_ENABLED: 'false', ...providerEnv({ telegram, vk }) } });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    operator = await signedIn(t, 'operator');
    doctor = await bookableDoctor(t, { staff: [manager, operator], hours: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '07:00', end: '20:00' }] });
    bot = await telegramSource(t, admin, doctor.branchId);
    community = await vkSource(t, admin, doctor.branchId);
    documentId = (await publishedDocument(t, admin)).id;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([telegram.close(), vk.close()]);
  });

  /** A person who wrote on a messenger and agreed to personal-data processing there; returns the lead. */
  async function messengerPatient(via: 'telegram' | 'vk'): Promise<{ leadId: string; patientId: string; chat: number }> {
    const chat = ++chats;
    if (via === 'telegram') await telegramText(t, bot, { id: chat }, 'Хочу записаться на приём');
    else await vkEvent(t, community, 'message_new', { message: { id: chat, date: 1, peer_id: chat, from_id: chat, text: 'Хочу записаться на приём' } });
    const {
      rows: [inbound],
    } = await t.db.query(`SELECT id, lead_id, patient_id FROM messages WHERE external_user_id = $1 AND direction = 'in'`, [String(chat)]);
    expect((await t.http().post(`/api/v1/messages/${inbound.id}/consent`).set('Authorization', manager.auth).send({ documentId })).status).toBe(201);
    return { leadId: inbound.lead_id, patientId: inbound.patient_id, chat };
  }

  async function book(patientId: string, startsAt: string, who: SignedIn = manager, d: BookableDoctor = doctor): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/appointments')
      .set('Authorization', who.auth)
      .send({ doctorId: d.doctorId, serviceId: d.serviceId, branchId: d.branchId, startsAt, patientId });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const automatic = async (appointmentId: string) =>
    (
      await t.db.query(
        `SELECT id, schedule_key, status, next_attempt_at, channel, failure_reason FROM messages WHERE appointment_id = $1 ORDER BY schedule_key`,
        [appointmentId],
      )
    ).rows;

  it('sends one confirmation right after a booking, with confirm and cancel buttons in Telegram', async () => {
    const person = await messengerPatient('telegram');
    const id = await book(person.patientId, localInstant(doctor.timezone, futureDate(doctor.timezone, 5), '12:00'));
    const rows = await automatic(id);
    expect(rows.map((r) => [r.schedule_key, r.status, r.channel])).toEqual([
      ['confirmation', 'queued', 'telegram'],
      ['reminder:120', 'queued', 'telegram'],
      ['reminder:1440', 'queued', 'telegram'],
    ]);
    await dispatch(t);
    await dispatch(t);
    const sent = telegram.succeeded('/sendMessage').filter((c) => c.body.chat_id === String(person.chat));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Подтвердить', callback_data: `confirm:${rows[0].id}` },
          { text: 'Отменить запись', callback_data: `cancel:${rows[0].id}` },
        ],
      ],
    });
    expect(String(sent[0]!.body.text)).toContain('12:00');
  });

  it('confirms the visit when the person presses “confirm”, and answers the button', async () => {
    const person = await messengerPatient('telegram');
    const id = await book(person.patientId, localInstant(doctor.timezone, futureDate(doctor.timezone, 6), '12:00'));
    await dispatch(t);
    const [confirmation] = await automatic(id);
    const query = await telegramButton(t, bot, { id: person.chat }, `confirm:${confirmation.id}`);
    expect((await t.http().get(`/api/v1/appointments/${id}`).set('Authorization', manager.auth)).body.status).toBe('confirmed');
    // Somebody else's chat cannot answer it.
    await telegramButton(t, bot, { id: person.chat + 999_999 }, `cancel:${confirmation.id}`);
    expect((await t.http().get(`/api/v1/appointments/${id}`).set('Authorization', manager.auth)).body.status).toBe('confirmed');
    await runQueuedJobs(t);
    const answered = telegram.succeeded('/answerCallbackQuery').find((c) => c.body.callback_query_id === query);
    expect(answered?.body.text).toBe('Спасибо, запись подтверждена. Ждём вас!');
  });

  it('cancels on “cancel”: the slot is free at once, the operators are told, the reminders are withdrawn', async () => {
    const person = await messengerPatient('telegram');
    const slot = localInstant(doctor.timezone, futureDate(doctor.timezone, 7), '15:00');
    const id = await book(person.patientId, slot);
    await dispatch(t);
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    const [confirmation] = await automatic(id);
    await telegramButton(t, bot, { id: person.chat }, `cancel:${confirmation.id}`);
    const freed = await socket.waitFor((e) => e.type === 'slot.freed');
    expect(freed.data).toEqual({
      appointmentId: id,
      doctorId: doctor.doctorId,
      serviceId: doctor.serviceId,
      branchId: doctor.branchId,
      startsAt: slot,
      endsAt: expect.any(String),
      reason: 'cancelled_by_patient',
    });
    await socket.waitFor((e) => e.type === 'appointment.updated' && e.data.id === id && e.data.status === 'cancelled');
    expect((await automatic(id)).filter((r) => r.schedule_key.startsWith('reminder')).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    // Someone else books the freed slot straight away.
    const other = await messengerPatient('telegram');
    await book(other.patientId, slot);
    socket.close();
  });

  it('takes “Да” in VK as a confirmation of the visit the reminder was about', async () => {
    const person = await messengerPatient('vk');
    const id = await book(person.patientId, localInstant(doctor.timezone, futureDate(doctor.timezone, 8), '11:00'));
    await dispatch(t);
    const sent = vk.delivered.filter((c) => c.body.peer_id === String(person.chat));
    expect(sent).toHaveLength(1);
    expect(String(sent[0]!.body.message)).toContain('Ответьте «Да»');
    await vkEvent(t, community, 'message_new', { message: { id: person.chat + 1, date: 2, peer_id: person.chat, from_id: person.chat, text: 'Да!' } });
    expect((await t.http().get(`/api/v1/appointments/${id}`).set('Authorization', manager.auth)).body.status).toBe('confirmed');
    // The answer is in the thread, and makes no new inquiry.
    expect((await t.db.query(`SELECT count(*)::int AS n FROM leads WHERE patient_id = $1`, [person.patientId])).rows[0].n).toBe(1);
    await dispatch(t);
    expect(vk.delivered.filter((c) => c.body.peer_id === String(person.chat)).map((c) => c.body.message)).toContain('Спасибо, запись подтверждена. Ждём вас!');
  });

  it('moves the pending reminders with the visit, and withdraws them when staff cancel it', async () => {
    const person = await messengerPatient('telegram');
    const id = await book(person.patientId, localInstant(doctor.timezone, futureDate(doctor.timezone, 9), '12:00'));
    const moved = localInstant(doctor.timezone, futureDate(doctor.timezone, 10), '16:00');
    expect((await t.http().patch(`/api/v1/appointments/${id}`).set('Authorization', manager.auth).send({ startsAt: moved })).status).toBe(200);
    const rows = await automatic(id);
    const reminder = (key: string) => rows.find((r) => r.schedule_key === key)!;
    expect(reminder('reminder:1440').next_attempt_at.toISOString()).toBe(localInstant(doctor.timezone, futureDate(doctor.timezone, 9), '16:00'));
    expect(reminder('reminder:120').next_attempt_at.toISOString()).toBe(new Date(Date.parse(moved) - 2 * HOUR_MS).toISOString());
    const {
      rows: [text],
    } = await t.db.query(`SELECT body FROM messages WHERE id = $1`, [reminder('reminder:120').id]);
    expect(text.body).toContain('16:00');
    expect((await t.http().post(`/api/v1/appointments/${id}/cancel`).set('Authorization', manager.auth).send({ reason: 'patient called' })).status).toBe(200);
    expect((await automatic(id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });
});

describe('reminder times in the branch’s zone', () => {
  let t: TestApp;
  let manager: SignedIn;
  let doctor: BookableDoctor;
  let documentId: string;
  const zone = 'Europe/Berlin';

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false', SMSRU_API_ID: 'unused' } });
    manager = await signedIn(t, 'manager');
    const admin = await signedIn(t, 'admin');
    doctor = await bookableDoctor(t, { timezone: zone, staff: [manager], hours: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '20:00' }] });
    documentId = (await publishedDocument(t, admin)).id;
  });
  afterAll(async () => t.close());

  async function remindersFor(date: string, time: string): Promise<Record<string, string>> {
    const patient = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', manager.auth)
      .send({ lastName: 'Zeit', firstName: 'Anna', phone: `+7916${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` });
    await t.http().post(`/api/v1/patients/${patient.body.id}/consents`).set('Authorization', manager.auth).send({ documentId, channel: 'in_person' });
    const res = await t
      .http()
      .post('/api/v1/appointments')
      .set('Authorization', manager.auth)
      .send({
        doctorId: doctor.doctorId,
        serviceId: doctor.serviceId,
        branchId: doctor.branchId,
        startsAt: localInstant(zone, date, time),
        patientId: patient.body.id,
      });
    expect(res.status).toBe(201);
    const { rows } = await t.db.query(`SELECT schedule_key, next_attempt_at FROM messages WHERE appointment_id = $1 AND schedule_key LIKE 'reminder:%'`, [
      res.body.id,
    ]);
    return Object.fromEntries(rows.map((r) => [r.schedule_key, r.next_attempt_at.toISOString()]));
  }

  it('sends the day-before reminder at the visit’s local time across a daylight-saving change, and none at night', async () => {
    // The visit is on the day the clocks change (at night); the day-before reminder is on the last day of the old offset.
    const change = nextOffsetChangeDay(zone)!;
    const dayBefore = isoDateFromDay(localDayOf(zone, Date.parse(`${change}T12:00:00Z`)) - 1);
    const reminders = await remindersFor(change, '10:00');
    // The day before at 10:00 local, which is 23 or 25 hours before the visit, not 24.
    expect(reminders['reminder:1440']).toBe(localInstant(zone, dayBefore, '10:00'));
    const gap = Date.parse(localInstant(zone, change, '10:00')) - Date.parse(reminders['reminder:1440']!);
    expect([23 * HOUR_MS, 25 * HOUR_MS]).toContain(gap);
    // Two hours before would be 08:00, inside the quiet hours (21:00-09:00): it waits for 09:00.
    expect(reminders['reminder:120']).toBe(localInstant(zone, change, '09:00'));
  });

  it('sends a reminder that cannot wait for the morning the evening before, never in the quiet hours', async () => {
    const date = futureDate(zone, 4);
    const reminders = await remindersFor(date, '09:15');
    expect(reminders['reminder:120']).toBe(localInstant(zone, isoDateFromDay(localDayOf(zone, Date.parse(`${date}T12:00:00Z`)) - 1), '20:59'));
    expect(reminders['reminder:1440']).toBe(localInstant(zone, isoDateFromDay(localDayOf(zone, Date.parse(`${date}T12:00:00Z`)) - 1), '09:15'));
  });

  it('holds a due reminder while it is night in the branch, until the quiet hours end', async () => {
    const reminders = await remindersFor(futureDate(zone, 5), '14:00');
    const key = 'reminder:1440';
    // It is night now in the branch: the quiet hours cover the present moment.
    const local = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
    const quietEnd = local(Date.now() + 2 * HOUR_MS);
    const admin = await signedIn(t, 'admin');
    expect(
      (
        await t
          .http()
          .put(`/api/v1/branches/${doctor.branchId}/messaging`)
          .set('Authorization', admin.auth)
          .send({ quietStart: local(Date.now() - HOUR_MS), quietEnd })
      ).status,
    ).toBe(200);
    await t.db.query(`UPDATE messages SET next_attempt_at = now() - interval '1 minute' WHERE next_attempt_at = $1 AND schedule_key = $2`, [
      reminders[key],
      key,
    ]);
    const stats = await t.app.get((await import('../../src/modules/messages/message-dispatcher.js')).MessageDispatcher).dispatch(10_000);
    expect(stats).toMatchObject({ sent: 0, held: 1 });
    const {
      rows: [row],
    } = await t.db.query(
      `SELECT status, attempts, next_attempt_at FROM messages WHERE schedule_key = $1 AND next_attempt_at > now()  AND status = 'queued' ORDER BY updated_at DESC LIMIT 1`,
      [key],
    );
    expect(row).toMatchObject({ status: 'queued', attempts: 0 });
    expect(local(row.next_attempt_at.getTime())).toBe(quietEnd);
    expect(Math.abs(row.next_attempt_at.getTime() - (Date.now() + 2 * HOUR_MS))).toBeLessThan(2 * MINUTE_MS);
  });
});
