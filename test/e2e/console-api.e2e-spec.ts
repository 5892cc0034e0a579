import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { publishedDocument } from '../factories/consent.factory.js';
import { createDoctor } from '../factories/doctor.factory.js';
import { createSource, type TestSource, webForm } from '../factories/intake.factory.js';
import { bookableDoctor, EVERY_DAY, futureDate, localInstant } from '../factories/schedule.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** What the web console reads beyond the core API: the reception's day, an operator's own presence, queue changes. */
describe('console reads', () => {
  let t: TestApp;
  let admin: SignedIn;
  let form: TestSource;
  let documentId: string;
  let phoneSeq = 0;

  const submit = async (overrides: Record<string, unknown> = {}) => {
    const res = await t
      .http()
      .post('/api/v1/public/intake/web-form')
      .set('X-Intake-Key', form.key)
      .send(webForm(documentId, { phone: `+7917${String(10000000 + ++phoneSeq).slice(1)}`, name: `Console Lead ${phoneSeq}`, ...overrides }));
    if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedIn(t, 'admin');
    documentId = (await publishedDocument(t, admin)).id;
    form = await createSource(t, admin, 'web_form', 'website');
  });
  afterAll(async () => t.close());

  describe('GET /working-time', () => {
    it('gives each active doctor of the branch their working time on a local day, in UTC, with time off applied', async () => {
      const zone = 'Asia/Yekaterinburg';
      const d = await bookableDoctor(t, {
        timezone: zone,
        hours: [
          { weekdays: EVERY_DAY, start: '09:00', end: '13:00' },
          { weekdays: EVERY_DAY, start: '14:00', end: '18:00' },
        ],
      });
      const away = await createDoctor(t, { specialtyIds: [d.specialtyId], branchIds: [d.branchId] });
      const date = futureDate(zone, 3);
      const dayOff = futureDate(zone, 4);
      const reception = await signedIn(t, 'receptionist', { branchIds: [d.branchId] });
      await t
        .http()
        .post(`/api/v1/doctors/${d.doctorId}/schedule-exceptions`)
        .set('Authorization', reception.auth)
        .send({ kind: 'day_off', dateFrom: dayOff })
        .expect(201);

      const res = await t.http().get('/api/v1/working-time').query({ branchId: d.branchId, date }).set('Authorization', reception.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        branchId: d.branchId,
        date,
        timezone: zone,
        slotStepMin: 15,
        dayStartsAt: localInstant(zone, date, '00:00'),
        dayEndsAt: localInstant(zone, futureDate(zone, 4), '00:00'),
      });
      expect(res.body.doctors).toHaveLength(2);
      expect(res.body.doctors).toEqual(
        expect.arrayContaining([
          {
            doctorId: d.doctorId,
            intervals: [
              { startsAt: localInstant(zone, date, '09:00'), endsAt: localInstant(zone, date, '13:00') },
              { startsAt: localInstant(zone, date, '14:00'), endsAt: localInstant(zone, date, '18:00') },
            ],
          },
          { doctorId: away, intervals: [] },
        ]),
      );

      const off = await t.http().get('/api/v1/working-time').query({ branchId: d.branchId, date: dayOff }).set('Authorization', reception.auth);
      expect(off.body.doctors.find((x: { doctorId: string }) => x.doctorId === d.doctorId).intervals).toEqual([]);
    });

    it('refuses staff of other branches and unknown branches', async () => {
      const d = await bookableDoctor(t);
      const elsewhere = await signedIn(t, 'receptionist', { branchIds: [(await bookableDoctor(t)).branchId] });
      const date = futureDate(d.timezone, 1);
      expect((await t.http().get('/api/v1/working-time').query({ branchId: d.branchId, date }).set('Authorization', elsewhere.auth)).status).toBe(403);
      expect(
        (await t.http().get('/api/v1/working-time').query({ branchId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', date }).set('Authorization', admin.auth)).status,
      ).toBe(404);
      expect((await t.http().get('/api/v1/working-time').query({ branchId: d.branchId, date: '2027-02-30' }).set('Authorization', admin.auth)).status).toBe(
        400,
      );
    });
  });

  it('finds patients by the start of a Cyrillic name in any case, whatever the database locale', async () => {
    const reception = await signedIn(t, 'receptionist');
    const created = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', reception.auth)
      .send({ lastName: 'Ёлкина', firstName: 'Варвара', phone: '+79170000999' })
      .expect(201);
    for (const q of ['ёлк', 'Ёлки', 'ЁЛКИНА', 'вар', 'ВАРВ']) {
      const found = await t.http().get('/api/v1/patients').query({ q }).set('Authorization', reception.auth).expect(200);
      expect([q, found.body.data.map((p: { id: string }) => p.id)]).toEqual([q, [created.body.id]]);
    }
    expect((await t.http().get('/api/v1/patients').query({ q: 'Ёлкино' }).set('Authorization', reception.auth)).body.data).toEqual([]);
  });

  it('GET /me/presence gives the caller their own status', async () => {
    const operator = await signedIn(t, 'operator');
    expect((await t.http().get('/api/v1/me/presence').set('Authorization', operator.auth)).body).toEqual({ status: 'offline', changedAt: null });
    await t.http().put('/api/v1/me/presence').set('Authorization', operator.auth).send({ status: 'busy' }).expect(200);
    expect((await t.http().get('/api/v1/me/presence').set('Authorization', operator.auth)).body).toMatchObject({
      status: 'busy',
      changedAt: expect.any(String),
    });
  });

  it('tells every operator whose queue showed a lead that another operator claimed it', async () => {
    const [winner, other] = await Promise.all([signedIn(t, 'operator'), signedIn(t, 'operator')]);
    const socket = await connectSocket(t.baseUrl, { token: other.accessToken });
    try {
      const leadId = await submit();
      await socket.waitFor((e) => e.type === 'lead.created' && e.data.leadId === leadId);
      await t.http().post(`/api/v1/leads/${leadId}/claim`).set('Authorization', winner.auth).expect(200);
      const gone = await socket.waitFor((e) => e.type === 'lead.updated' && e.data.leadId === leadId);
      expect(gone.data).toMatchObject({ status: 'assigned', assignedOperatorId: winner.id });
    } finally {
      socket.close();
    }
  });

  it("shows the inquiry's UTM source and campaign in the queue and in lead events", async () => {
    const operator = await signedIn(t, 'operator');
    const socket = await connectSocket(t.baseUrl, { token: operator.accessToken });
    try {
      const leadId = await submit({ utm: { source: 'vk-ads', campaign: 'spring-checkup' } });
      const created = await socket.waitFor((e) => e.type === 'lead.created' && e.data.leadId === leadId);
      expect(created.data).toMatchObject({ utmSource: 'vk-ads', utmCampaign: 'spring-checkup' });
      const queue = await t.http().get('/api/v1/me/queue').set('Authorization', operator.auth).expect(200);
      expect(queue.body.data.find((item: { lead: { id: string } }) => item.lead.id === leadId).lead).toMatchObject({
        utmSource: 'vk-ads',
        utmCampaign: 'spring-checkup',
      });
    } finally {
      socket.close();
    }
  });
});
