import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../src/common/personal-data/personal-data.registry.js';
import { DoctorsService } from '../../src/modules/doctors/doctors.service.js';
import { createBranch, createService } from '../factories/doctor.factory.js';
import { type BookableDoctor, EVERY_DAY, bookableDoctor, futureDate, localInstant } from '../factories/schedule.factory.js';
import { SETUP_ACTOR, type SignedIn, signedIn, worksAt } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const newPatient = () => ({
  lastName: `Ivanova-${randomBytes(3).toString('hex')}`,
  firstName: 'Anna',
  phone: `+7912${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
});
const statuses = (results: { status: number }[]) =>
  results.map((r) => r.status).reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe('appointments', () => {
  let t: TestApp;
  let manager: SignedIn;
  let receptionist: SignedIn;
  let operator: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    manager = await signedIn(t, 'manager');
    receptionist = await signedIn(t, 'receptionist');
    operator = await signedIn(t, 'operator');
  });
  afterAll(async () => t.close());

  // Everyone here works at every branch the tests create.
  const staff = () => [manager, receptionist, operator];
  const book = (auth: string, body: object) => t.http().post('/api/v1/appointments').set('Authorization', auth).send(body);
  const at = (d: BookableDoctor, time: string, date = futureDate(d.timezone, 3)) => localInstant(d.timezone, date, time);
  const slot = (d: BookableDoctor, time: string, extra: object = {}) => ({
    doctorId: d.doctorId,
    serviceId: d.serviceId,
    branchId: d.branchId,
    startsAt: at(d, time),
    patient: newPatient(),
    ...extra,
  });

  it('books with a new patient: 201 with price and channel, an audit trail and a real-time event without names', async () => {
    const d = await bookableDoctor(t, { staff: staff(), price: 2500 });
    const body = slot(d, '10:00', { note: 'prefers mornings' });
    const res = await book(receptionist.auth, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      doctorId: d.doctorId,
      serviceId: d.serviceId,
      branchId: d.branchId,
      startsAt: at(d, '10:00'),
      endsAt: at(d, '10:30'),
      status: 'scheduled',
      leadId: null,
      bookedBy: receptionist.id,
      channel: 'walk_in',
      price: 2500,
      currency: 'RUB',
      cancelReason: null,
      note: 'prefers mornings',
      patient: { lastName: body.patient.lastName, firstName: 'Anna', phone: body.patient.phone, restricted: false },
    });
    const events = await t.db.query(`SELECT type, rooms, payload FROM events WHERE type = 'appointment.created' AND payload->>'id' = $1`, [res.body.id]);
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0].rooms.sort()).toEqual(
      [`role:manager@${d.branchId}`, `role:operator@${d.branchId}`, `role:receptionist@${d.branchId}`, 'role:admin'].sort(),
    );
    expect(events.rows[0].payload).toMatchObject({ patientId: res.body.patientId, doctorId: d.doctorId, status: 'scheduled' });
    const text = JSON.stringify(events.rows[0].payload);
    for (const secret of [body.patient.lastName, body.patient.phone, 'prefers mornings']) expect(text).not.toContain(secret);
    const audit = await t.db.query(`SELECT action, fields FROM audit_events WHERE entity_id IN ($1, $2) ORDER BY id`, [res.body.id, res.body.patientId]);
    expect(audit.rows.map((r) => r.action)).toEqual(['patient.created', 'appointment.created']);
    expect(JSON.stringify(audit.rows)).not.toContain(body.patient.lastName);
  });

  it('books an existing patient with the doctor’s own price; records the lead and the operator’s channel', async () => {
    const d = await bookableDoctor(t, { staff: staff() });
    await t.app.get(DoctorsService).replaceServices(SETUP_ACTOR, d.doctorId, { services: [{ serviceId: d.serviceId, price: 4100 }] });
    const first = await book(operator.auth, slot(d, '09:00'));
    const lead = await t.http().post('/api/v1/leads').set('Authorization', operator.auth).send({ patientId: first.body.patientId, channel: 'phone' });
    const leadId = lead.body.id;
    const second = await book(operator.auth, { ...slot(d, '11:00', { leadId }), patient: undefined, patientId: first.body.patientId });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ patientId: first.body.patientId, price: 4100, channel: 'phone', leadId });
    // Booking from a lead books the lead, in the same transaction.
    expect((await t.db.query(`SELECT status FROM leads WHERE id = $1`, [leadId])).rows[0].status).toBe('booked');
    const otherPatient = await book(operator.auth, slot(d, '13:00'));
    const mismatch = await book(operator.auth, { ...slot(d, '14:00', { leadId }), patient: undefined, patientId: otherPatient.body.patientId });
    expect(mismatch.status).toBe(409);
    expect((await book(operator.auth, { ...slot(d, '12:00'), patientId: first.body.patientId })).status).toBe(400);
    expect((await book(operator.auth, { ...slot(d, '12:00'), patient: undefined, patientId: '6a1f7c3e-2b7d-4c1e-9f7a-1d2e3f4a5b6c' })).status).toBe(404);
  });

  it('refuses overlaps of different lengths with 409 SLOT_TAKEN, and allows back-to-back visits', async () => {
    const d = await bookableDoctor(t, { staff: staff() });
    const long = await createService(t, d.specialtyId, { durationMin: 60 });
    await t.app.get(DoctorsService).update(SETUP_ACTOR, d.doctorId, { serviceIds: [d.serviceId, long] });
    expect((await book(receptionist.auth, slot(d, '10:00'))).status).toBe(201);
    for (const [time, serviceId] of [
      ['09:30', long],
      ['10:15', d.serviceId],
      ['09:45', d.serviceId],
      ['10:29', long],
    ] as const) {
      const res = await book(receptionist.auth, slot(d, time, { serviceId }));
      expect({ time, status: res.status, code: res.body.error?.code }).toEqual({ time, status: 409, code: 'SLOT_TAKEN' });
    }
    expect((await book(receptionist.auth, slot(d, '09:00', { serviceId: long }))).status).toBe(201);
    expect((await book(receptionist.auth, slot(d, '10:30', { serviceId: long }))).status).toBe(201);
  });

  it('answers 422 outside working hours, in the past, at another branch, or for a service the doctor does not provide', async () => {
    const d = await bookableDoctor(t, { staff: staff(), hours: [{ weekdays: EVERY_DAY, start: '09:00', end: '18:00' }] });
    const expectCode = async (body: object, status: number, code: string) => {
      const res = await book(receptionist.auth, body);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    };
    await expectCode(slot(d, '20:00'), 422, 'OUTSIDE_WORKING_HOURS');
    await expectCode(slot(d, '17:45'), 422, 'OUTSIDE_WORKING_HOURS');
    await expectCode(slot(d, '08:45'), 422, 'OUTSIDE_WORKING_HOURS');
    const elsewhere = await createBranch(t);
    await worksAt(t, elsewhere, receptionist);
    await expectCode(slot(d, '10:00', { branchId: elsewhere }), 422, 'OUTSIDE_WORKING_HOURS');
    await expectCode(slot(d, '10:00', { startsAt: new Date(Date.now() - 3600_000).toISOString() }), 422, 'UNPROCESSABLE');
    await expectCode(slot(d, '10:00', { serviceId: await createService(t, d.specialtyId) }), 422, 'UNPROCESSABLE');
    await expectCode(slot(d, '10:00', { startsAt: '2030-01-01T10:00:00' }), 400, 'VALIDATION_FAILED');
    const dayOff = await t
      .http()
      .post(`/api/v1/doctors/${d.doctorId}/schedule-exceptions`)
      .set('Authorization', manager.auth)
      .send({ kind: 'sick_leave', dateFrom: futureDate(d.timezone, 3), start: '13:00', end: '14:00' });
    expect(dayOff.status).toBe(201);
    await expectCode(slot(d, '13:30'), 422, 'OUTSIDE_WORKING_HOURS');
  });

  it('lets exactly one of many parallel bookings of one slot through; the rest get 409, none a 5xx', async () => {
    const d = await bookableDoctor(t, { staff: staff() });
    const results = await Promise.all(Array.from({ length: 30 }, () => book(receptionist.auth, slot(d, '12:00'))));
    expect(statuses(results)).toEqual({ 201: 1, 409: 29 });
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('SLOT_TAKEN');
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM appointments WHERE doctor_id = $1`, [d.doctorId]);
    expect(rows[0].n).toBe(1);
  });

  it('lets exactly one of parallel overlapping bookings of different lengths through', async () => {
    const d = await bookableDoctor(t, { staff: staff() });
    const long = await createService(t, d.specialtyId, { durationMin: 60 });
    await t.app.get(DoctorsService).update(SETUP_ACTOR, d.doctorId, { serviceIds: [d.serviceId, long] });
    // Every one of these covers 11:25–11:30, so any two overlap.
    const bodies = ['11:00', '11:05', '11:10', '11:15', '11:20', '11:25'].flatMap((time) => [slot(d, time), slot(d, time, { serviceId: long })]);
    const results = await Promise.all([...bodies, ...bodies.map((b) => ({ ...b, patient: newPatient() }))].map((b) => book(manager.auth, b)));
    expect(statuses(results)).toEqual({ 201: 1, 409: 23 });
  });

  it('lets exactly one of many parallel moves into one slot through', async () => {
    const d = await bookableDoctor(t, { staff: staff(), slotStepMin: 30 });
    const times = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30'];
    const ids: string[] = [];
    for (const time of times) ids.push((await book(receptionist.auth, slot(d, time))).body.id);
    const target = at(d, '15:00');
    const results = await Promise.all(
      ids.map((id) => t.http().patch(`/api/v1/appointments/${id}`).set('Authorization', receptionist.auth).send({ startsAt: target })),
    );
    expect(statuses(results)).toEqual({ 200: 1, 409: 9 });
    const moved = results.find((r) => r.status === 200)!;
    expect(moved.body).toMatchObject({ startsAt: target, endsAt: at(d, '15:30') });
    const events = await t.db.query(`SELECT payload FROM events WHERE type = 'appointment.updated' AND payload->>'id' = $1`, [moved.body.id]);
    expect(events.rows.map((r) => r.payload.change)).toEqual(['moved']);
    expect(events.rows[0].payload.previousStartsAt).not.toBe(target);
  });

  it('frees a cancelled slot for a new booking and shows it in availability again', async () => {
    const d = await bookableDoctor(t, { staff: staff(), hours: [{ weekdays: EVERY_DAY, start: '09:00', end: '10:00' }], slotStepMin: 30 });
    const date = futureDate(d.timezone, 3);
    const window = { serviceId: d.serviceId, from: localInstant(d.timezone, date, '00:00'), to: localInstant(d.timezone, date, '23:00') };
    const free = async () =>
      (await t.http().get('/api/v1/availability').query(window).set('Authorization', operator.auth)).body.data.map((s: { startsAt: string }) => s.startsAt);
    const first = await book(operator.auth, slot(d, '09:00'));
    expect(await free()).toEqual([at(d, '09:30')]);
    const cancelled = await t
      .http()
      .post(`/api/v1/appointments/${first.body.id}/cancel`)
      .set('Authorization', operator.auth)
      .send({ reason: 'Patient is travelling' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Patient is travelling' });
    expect(await free()).toEqual([at(d, '09:00'), at(d, '09:30')]);
    expect((await book(operator.auth, slot(d, '09:00'))).status).toBe(201);
    expect((await t.http().post(`/api/v1/appointments/${first.body.id}/cancel`).set('Authorization', operator.auth).send({ reason: 'again' })).status).toBe(
      409,
    );
    expect((await t.http().post(`/api/v1/appointments/${first.body.id}/cancel`).set('Authorization', operator.auth).send({})).status).toBe(400);
  });

  it('frees a no-show slot too (the constraint ignores cancelled and no_show rows)', async () => {
    const d = await bookableDoctor(t, { staff: staff() });
    const first = await book(receptionist.auth, slot(d, '14:00'));
    await t.db.query(`UPDATE appointments SET status = 'no_show' WHERE id = $1`, [first.body.id]);
    expect((await book(receptionist.auth, slot(d, '14:00'))).status).toBe(201);
    await expect(t.db.query(`UPDATE appointments SET status = 'scheduled' WHERE id = $1`, [first.body.id])).rejects.toMatchObject({ code: '23P01' });
  });

  it('walks the lifecycle and refuses illegal transitions with 409', async () => {
    const d = await bookableDoctor(t, { staff: staff() });
    const id = (await book(receptionist.auth, slot(d, '15:00'))).body.id;
    const status = (s: string, auth = receptionist.auth) => t.http().post(`/api/v1/appointments/${id}/status`).set('Authorization', auth).send({ status: s });
    expect((await status('completed')).status).toBe(409);
    expect((await status('no_show')).body.error.code).toBe('CONFLICT'); // not started yet
    expect((await status('cancelled')).status).toBe(400);
    expect((await status('confirmed', operator.auth)).body.status).toBe('confirmed');
    expect((await status('confirmed')).status).toBe(409);
    // Three days ahead the patient cannot have arrived, nor the visit be completed (revenue would count too early).
    expect((await status('arrived')).body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('arrived from 120 minutes before') });
    // Now the visit has started (ten minutes ago).
    await t.db.query(`UPDATE appointments SET starts_at = now() - interval '10 minutes', ends_at = now() + interval '20 minutes' WHERE id = $1`, [id]);
    expect((await status('arrived', operator.auth)).status).toBe(403);
    expect((await status('arrived')).body.status).toBe('arrived');
    const move = await t
      .http()
      .patch(`/api/v1/appointments/${id}`)
      .set('Authorization', receptionist.auth)
      .send({ startsAt: at(d, '16:00') });
    expect(move.status).toBe(409);
    expect((await status('completed')).body.status).toBe('completed');
    expect((await t.http().post(`/api/v1/appointments/${id}/cancel`).set('Authorization', receptionist.auth).send({ reason: 'x' })).status).toBe(409);
    const note = await t.http().patch(`/api/v1/appointments/${id}`).set('Authorization', receptionist.auth).send({ note: 'Follow-up in a month' });
    expect(note.body).toMatchObject({ status: 'completed', note: 'Follow-up in a month' });

    const events = await t.db.query(`SELECT payload FROM events WHERE type = 'appointment.updated' AND payload->>'id' = $1 ORDER BY id`, [id]);
    expect(events.rows.map((r) => [r.payload.previousStatus, r.payload.status, r.payload.change])).toEqual([
      ['scheduled', 'confirmed', 'status'],
      ['confirmed', 'arrived', 'status'],
      ['arrived', 'completed', 'status'],
      ['completed', 'completed', 'note'],
    ]);

    const past = (await book(receptionist.auth, slot(d, '16:00'))).body.id;
    await t.db.query(`UPDATE appointments SET starts_at = now() - interval '2 hours', ends_at = now() - interval '90 minutes' WHERE id = $1`, [past]);
    expect((await t.http().post(`/api/v1/appointments/${past}/status`).set('Authorization', receptionist.auth).send({ status: 'no_show' })).body.status).toBe(
      'no_show',
    );
  });

  it('moves to another time, refusing taken and off-hours slots', async () => {
    const d = await bookableDoctor(t, { staff: staff(), hours: [{ weekdays: EVERY_DAY, start: '09:00', end: '18:00' }] });
    const a = (await book(receptionist.auth, slot(d, '09:00'))).body.id;
    await book(receptionist.auth, slot(d, '10:00'));
    const patch = (body: object) => t.http().patch(`/api/v1/appointments/${a}`).set('Authorization', receptionist.auth).send(body);
    expect((await patch({ startsAt: at(d, '09:45') })).body.error.code).toBe('SLOT_TAKEN');
    expect((await patch({ startsAt: at(d, '17:50') })).body.error.code).toBe('OUTSIDE_WORKING_HOURS');
    // Moving within its own time (overlapping itself) is fine.
    expect((await patch({ startsAt: at(d, '09:15') })).body).toMatchObject({ startsAt: at(d, '09:15'), endsAt: at(d, '09:45') });
    const audit = await t.db.query(`SELECT fields FROM audit_events WHERE action = 'appointment.updated' AND entity_id = $1`, [a]);
    expect(audit.rows).toEqual([{ fields: ['startsAt'] }]);
  });

  it('lists a board by branch, doctor and time with keyset pages, within the branches a receptionist works at', async () => {
    const d = await bookableDoctor(t, { staff: staff() });
    const other = await bookableDoctor(t, { staff: staff() });
    for (const time of ['09:00', '10:00', '11:00']) await book(manager.auth, slot(d, time));
    await book(manager.auth, slot(other, '09:00'));
    const date = futureDate(d.timezone, 3);
    const query = {
      branchId: d.branchId,
      doctorId: d.doctorId,
      from: localInstant(d.timezone, date, '00:00'),
      to: localInstant(d.timezone, date, '23:59'),
      limit: '2',
    };
    const page1 = await t.http().get('/api/v1/appointments').query(query).set('Authorization', receptionist.auth);
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((a: { startsAt: string }) => a.startsAt)).toEqual([at(d, '09:00'), at(d, '10:00')]);
    expect(page1.body.data[0].patient.lastName).toMatch(/^Ivanova-/);
    const page2 = await t
      .http()
      .get('/api/v1/appointments')
      .query({ ...query, cursor: page1.body.nextCursor })
      .set('Authorization', receptionist.auth);
    expect(page2.body.data.map((a: { startsAt: string }) => a.startsAt)).toEqual([at(d, '11:00')]);
    expect(page2.body.nextCursor).toBeNull();

    const local = await signedIn(t, 'receptionist', { branchIds: [other.branchId] });
    const mine = await t.http().get('/api/v1/appointments').query({ from: query.from, to: query.to }).set('Authorization', local.auth);
    expect(new Set(mine.body.data.map((a: { branchId: string }) => a.branchId))).toEqual(new Set([other.branchId]));
    expect((await t.http().get('/api/v1/appointments').query({ branchId: d.branchId }).set('Authorization', local.auth)).status).toBe(403);
    expect((await book(local.auth, slot(d, '12:00'))).status).toBe(403);
  });

  it('finds a patient’s appointments by phone in any usual form or by name in any case, with the doctor’s and service’s names', async () => {
    const d = await bookableDoctor(t, { staff: staff() });
    const suffix = randomBytes(3).toString('hex');
    const sokolova = { lastName: `Соколова${suffix}`, firstName: 'Вера', phone: '+79165551201' };
    const booked = await book(receptionist.auth, slot(d, '09:00', { patient: sokolova }));
    await book(receptionist.auth, slot(d, '10:00', { patient: { lastName: `Орлова${suffix}`, firstName: 'Вера', phone: '+79165551202' } }));
    const hidden = await book(receptionist.auth, slot(d, '11:00', { patient: { lastName: `Соколова${suffix}`, firstName: 'Нина', phone: '+79165551203' } }));
    await t
      .http()
      .post(`/api/v1/patients/${hidden.body.patientId}/restrict`)
      .set('Authorization', manager.auth)
      .send({ reason: 'accuracy_disputed' })
      .expect(200);
    const search = async (who: SignedIn, q: string) => {
      const res = await t.http().get('/api/v1/appointments').query({ branchId: d.branchId, q }).set('Authorization', who.auth);
      expect(res.status).toBe(200);
      return res.body.data as {
        id: string;
        patient: { lastName: string | null; restricted: boolean };
        doctor: { id: string; fullName: string };
        service: { id: string; name: string };
      }[];
    };

    for (const q of ['8 (916) 555-12-01', '+7 916 555 1201', `соколова${suffix}`, `СОКОЛОВА${suffix}`, 'Соколова']) {
      expect((await search(receptionist, q)).map((a) => a.id)).toEqual([booked.body.id]);
    }
    expect(await search(receptionist, '+79165551209')).toEqual([]);
    // A restricted person stays hidden from reception; managers find the appointment with the person masked.
    const forManager = await search(manager, `соколова${suffix}`);
    expect(forManager.map((a) => [a.id, a.patient.restricted, a.patient.lastName])).toEqual([
      [booked.body.id, false, sokolova.lastName],
      [hidden.body.id, true, null],
    ]);

    const {
      rows: [names],
    } = await t.db.query(`SELECT (SELECT full_name FROM doctors WHERE id = $1) AS doctor, (SELECT name FROM services WHERE id = $2) AS service`, [
      d.doctorId,
      d.serviceId,
    ]);
    const [row] = await search(receptionist, '89165551201');
    expect(row).toMatchObject({ doctor: { id: d.doctorId, fullName: names.doctor }, service: { id: d.serviceId, name: names.service } });
    expect(names.doctor).toEqual(expect.any(String));
    expect((await t.http().get(`/api/v1/appointments/${booked.body.id}`).set('Authorization', receptionist.auth)).body).toMatchObject({
      doctor: { fullName: names.doctor },
      service: { name: names.service },
    });
    expect((await t.http().get('/api/v1/appointments').query({ q: 'x' }).set('Authorization', receptionist.auth)).status).toBe(400);
  });

  it('registers appointment notes with the personal-data registry: exported, and erased to null', async () => {
    const registry = t.app.get(PersonalDataRegistry);
    const source = registry.all().find((s) => s.table === 'appointments')!;
    expect(source.personalColumns).toEqual(expect.arrayContaining(['note']));
    const d = await bookableDoctor(t, { staff: staff() });
    const res = await book(receptionist.auth, slot(d, '09:00', { note: 'allergic to latex' }));
    const em = t.app.get(DataSource).manager;
    expect(await source.export(em, res.body.patientId)).toEqual([expect.objectContaining({ id: res.body.id, note: 'allergic to latex' })]);
    expect(await source.erase(em, res.body.patientId)).toBe(1);
    const { rows } = await t.db.query(`SELECT note, status FROM appointments WHERE id = $1`, [res.body.id]);
    expect(rows).toEqual([{ note: null, status: 'scheduled' }]);
  });
});
