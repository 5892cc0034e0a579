import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { publishedDocument } from '../factories/consent.factory.js';
import { createSource, type TestSource } from '../factories/intake.factory.js';
import { bookableDoctor, type BookableDoctor, futureDate, localInstant } from '../factories/schedule.factory.js';
import { signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('online booking from the clinic website', () => {
  let t: TestApp;
  let form: TestSource;
  let documentId: string;
  let doctor: BookableDoctor;
  let date: string;

  const counts = async () => {
    const { rows } = await t.db.query(`SELECT (SELECT count(*) FROM leads)::int AS leads, (SELECT count(*) FROM patients)::int AS patients,
      (SELECT count(*) FROM appointments)::int AS appointments, (SELECT count(*) FROM consents)::int AS consents`);
    return rows[0];
  };
  const booking = (time: string, overrides: Record<string, unknown> = {}) => ({
    doctorId: doctor.doctorId,
    serviceId: doctor.serviceId,
    branchId: doctor.branchId,
    startsAt: localInstant(doctor.timezone, date, time),
    patient: { lastName: 'Соколова', firstName: 'Вера', phone: '8 916 555 00 11' },
    consent: { documentId, accepted: true },
    utm: { source: 'google', campaign: 'online-booking' },
    pageUrl: 'https://clinic.example/doctors/1',
    ...overrides,
  });
  const post = (body: object, idempotencyKey?: string) => {
    const req = t.http().post('/api/v1/public/appointments').set('X-Intake-Key', form.key);
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    return req.send(body);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await signedIn(t, 'admin');
    documentId = (await publishedDocument(t, admin)).id;
    form = await createSource(t, admin, 'web_form', 'website');
    doctor = await bookableDoctor(t);
    date = futureDate(doctor.timezone, 3);
  });
  afterAll(async () => t.close());

  it('shows free slots without signing in', async () => {
    const res = await t.http().get(`/api/v1/public/availability?serviceId=${doctor.serviceId}&doctorId=${doctor.doctorId}`);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data[0]).toEqual({
      doctorId: doctor.doctorId,
      branchId: doctor.branchId,
      startsAt: expect.any(String),
      endsAt: expect.any(String),
      utcOffset: expect.any(String),
    });
  });

  it('refuses a booking without consent and stores nothing', async () => {
    const before = await counts();
    const res = await post(booking('10:00', { consent: { documentId, accepted: false } }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('CONSENT_REQUIRED');
    expect(await counts()).toEqual(before);
  });

  it('creates the lead, the consent and the appointment together, and books the lead', async () => {
    const res = await post(booking('10:00'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      appointmentId: expect.any(String),
      leadId: expect.any(String),
      status: 'scheduled',
      consentWithdrawalToken: expect.any(String),
    });
    const {
      rows: [row],
    } = await t.db.query(
      `SELECT l.status, l.channel, l.utm_campaign, a.lead_id, a.booked_by, a.channel AS appointment_channel, p.last_name, p.first_name, p.phone,
              (SELECT count(*)::int FROM consents c WHERE c.lead_id = l.id) AS consents
       FROM appointments a JOIN leads l ON l.id = a.lead_id JOIN patients p ON p.id = a.patient_id WHERE a.id = $1`,
      [res.body.appointmentId],
    );
    expect(row).toEqual({
      status: 'booked',
      channel: 'website',
      utm_campaign: 'online-booking',
      lead_id: res.body.leadId,
      booked_by: null,
      appointment_channel: 'website',
      last_name: 'Соколова',
      first_name: 'Вера',
      phone: '+79165550011',
      consents: 1,
    });
  });

  it('refuses a taken slot with 409 SLOT_TAKEN and leaves nothing of the attempt behind', async () => {
    const before = await counts();
    const res = await post(booking('10:00', { patient: { lastName: 'Другой', firstName: 'Человек', phone: '+79165550012' } }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SLOT_TAKEN');
    expect(await counts()).toEqual(before);
  });

  it('refuses a time outside working hours with 422 and stores nothing', async () => {
    const before = await counts();
    const res = await post(booking('03:00'));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('OUTSIDE_WORKING_HOURS');
    expect(await counts()).toEqual(before);
  });

  it('answers a repeated request with the first booking', async () => {
    const body = booking('11:00', { patient: { lastName: 'Повтор', firstName: 'Запрос', phone: '+79165550013' } });
    const [a, b] = await Promise.all([post(body, 'widget-req-1'), post(body, 'widget-req-1')]);
    expect([a!.status, b!.status].sort()).toEqual([200, 201]);
    expect(a!.body.appointmentId).toBe(b!.body.appointmentId);
  });

  it('refuses requests without the website key', async () => {
    expect((await t.http().post('/api/v1/public/appointments').send(booking('12:00'))).status).toBe(401);
  });
});
