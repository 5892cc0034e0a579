import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DoctorsService } from '../../src/modules/doctors/doctors.service.js';
import { DemoCatalogSeeder } from '../../src/modules/schedules/demo-catalog.seeder.js';
import { createBranch } from '../factories/doctor.factory.js';
import { EVERY_DAY, bookableDoctor, futureDate, localInstant, nextOffsetChangeDay } from '../factories/schedule.factory.js';
import { SETUP_ACTOR, type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

interface Slot {
  doctorId: string;
  branchId: string;
  startsAt: string;
  endsAt: string;
  utcOffset: string;
}

const DAY = 86_400_000;

describe('working hours, exceptions and availability', () => {
  let t: TestApp;
  let manager: SignedIn;
  let receptionist: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    manager = await signedIn(t, 'manager');
    receptionist = await signedIn(t, 'receptionist');
  });
  afterAll(async () => t.close());

  const availability = async (query: Record<string, string>): Promise<Slot[]> => {
    const res = await t.http().get('/api/v1/availability').query(query).set('Authorization', receptionist.auth);
    expect(res.status).toBe(200);
    return res.body.data;
  };
  const dayWindow = (zone: string, date: string, days = 1) => ({
    from: localInstant(zone, date, '00:00'),
    to: new Date(Date.parse(localInstant(zone, date, '00:00')) + days * DAY).toISOString(),
  });

  describe('working hours', () => {
    it('replaces the whole set and reads it back', async () => {
      const d = await bookableDoctor(t);
      const put = (body: unknown, auth = manager.auth) =>
        t
          .http()
          .put(`/api/v1/doctors/${d.doctorId}/working-hours`)
          .set('Authorization', auth)
          .send(body as object);
      const res = await put([
        { branchId: d.branchId, weekdays: [5, 1, 3], start: '09:00', end: '13:00' },
        { branchId: d.branchId, weekdays: [1, 3, 5], start: '14:00', end: '18:00', validFrom: '2026-01-01', validTo: '2030-12-31' },
      ]);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([
        { id: expect.any(String), branchId: d.branchId, weekdays: [1, 3, 5], start: '09:00', end: '13:00', validFrom: null, validTo: null },
        { id: expect.any(String), branchId: d.branchId, weekdays: [1, 3, 5], start: '14:00', end: '18:00', validFrom: '2026-01-01', validTo: '2030-12-31' },
      ]);
      expect((await t.http().get(`/api/v1/doctors/${d.doctorId}/working-hours`).set('Authorization', receptionist.auth)).body.data).toHaveLength(2);
      expect((await put([])).body.data).toEqual([]);
      const audit = await t.db.query(`SELECT fields FROM audit_events WHERE action = 'doctor.working_hours_replaced' AND entity_id = $1`, [d.doctorId]);
      expect(audit.rows.length).toBeGreaterThanOrEqual(2);
    });

    it('refuses overlapping rules, reversed times, branches the doctor does not work at, and other roles', async () => {
      const d = await bookableDoctor(t);
      const put = (body: unknown, auth = manager.auth) =>
        t
          .http()
          .put(`/api/v1/doctors/${d.doctorId}/working-hours`)
          .set('Authorization', auth)
          .send(body as object);
      const overlap = await put([
        { branchId: d.branchId, weekdays: [1, 2], start: '09:00', end: '13:00' },
        { branchId: d.branchId, weekdays: [2], start: '12:00', end: '18:00' },
      ]);
      expect(overlap.status).toBe(400);
      expect(overlap.body.error.details).toEqual([{ field: '1', messages: [expect.stringContaining('overlaps')] }]);
      expect((await put([{ branchId: d.branchId, weekdays: [1], start: '18:00', end: '09:00' }])).status).toBe(400);
      expect((await put([{ branchId: d.branchId, weekdays: [8], start: '09:00', end: '10:00' }])).status).toBe(400);
      expect((await put({ branchId: d.branchId })).status).toBe(400);
      const elsewhere = await put([{ branchId: await createBranch(t), weekdays: [1], start: '09:00', end: '10:00' }]);
      expect(elsewhere.status).toBe(422);
      expect((await put([], receptionist.auth)).status).toBe(403);
      const missing = await t.http().put('/api/v1/doctors/6a1f7c3e-2b7d-4c1e-9f7a-1d2e3f4a5b6c/working-hours').set('Authorization', manager.auth).send([]);
      expect(missing.status).toBe(404);
      expect((await t.http().get(`/api/v1/doctors/${d.doctorId}/working-hours`).set('Authorization', manager.auth)).body.data).toHaveLength(1);
    });
  });

  describe('availability', () => {
    it('offers slots on the clinic grid (15 min by default) in the branch zone, as UTC with the offset', async () => {
      const d = await bookableDoctor(t, { hours: [{ weekdays: EVERY_DAY, start: '09:00', end: '12:00' }] });
      const date = futureDate(d.timezone);
      const slots = await availability({ serviceId: d.serviceId, ...dayWindow(d.timezone, date) });
      expect(slots).toHaveLength(11); // 09:00 … 11:30, each 30 minutes long
      expect(slots[0]).toEqual({
        doctorId: d.doctorId,
        branchId: d.branchId,
        startsAt: localInstant(d.timezone, date, '09:00'),
        endsAt: localInstant(d.timezone, date, '09:30'),
        utcOffset: '+03:00',
      });
      expect(slots[10]!.startsAt).toBe(localInstant(d.timezone, date, '11:30'));
      expect(slots[0]!.startsAt).toBe(`${date}T06:00:00.000Z`);
    });

    it('uses the service’s own grid and the doctor’s own duration', async () => {
      const d = await bookableDoctor(t, { hours: [{ weekdays: EVERY_DAY, start: '09:00', end: '12:00' }], slotStepMin: 30 });
      await t.app.get(DoctorsService).replaceServices(SETUP_ACTOR, d.doctorId, { services: [{ serviceId: d.serviceId, durationMin: 60 }] });
      const date = futureDate(d.timezone);
      const slots = await availability({ serviceId: d.serviceId, ...dayWindow(d.timezone, date) });
      expect(slots.map((s) => s.startsAt)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00'].map((time) => localInstant(d.timezone, date, time)));
      for (const s of slots) expect(Date.parse(s.endsAt) - Date.parse(s.startsAt)).toBe(60 * 60_000);
    });

    it('applies days off, partial sick leave and extra hours', async () => {
      const d = await bookableDoctor(t, { hours: [{ weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '10:00' }], slotStepMin: 30 });
      const monday = futureDate(d.timezone, 2, 1);
      const tuesday = futureDate(d.timezone, 3, 2);
      const saturday = futureDate(d.timezone, 2, 6);
      const add = (body: object, auth = receptionist.auth) =>
        t.http().post(`/api/v1/doctors/${d.doctorId}/schedule-exceptions`).set('Authorization', auth).send(body);

      const dayOff = await add({ kind: 'day_off', dateFrom: monday, reason: 'conference' });
      expect(dayOff.status).toBe(201);
      expect(dayOff.body).toMatchObject({ kind: 'day_off', dateFrom: monday, dateTo: monday, start: null, end: null, branchId: null });
      expect((await add({ kind: 'sick_leave', dateFrom: tuesday, start: '09:00', end: '09:30' })).status).toBe(201);
      expect((await add({ kind: 'extra_hours', dateFrom: saturday, start: '11:00', end: '12:00', branchId: d.branchId })).status).toBe(201);
      expect((await add({ kind: 'extra_hours', dateFrom: saturday, start: '11:00', end: '12:00' })).status).toBe(400);
      expect((await add({ kind: 'vacation', dateFrom: tuesday, dateTo: monday })).status).toBe(400);
      expect((await add({ kind: 'day_off', dateFrom: monday, start: '09:00' })).status).toBe(400);

      expect(await availability({ serviceId: d.serviceId, ...dayWindow(d.timezone, monday) })).toEqual([]);
      expect((await availability({ serviceId: d.serviceId, ...dayWindow(d.timezone, tuesday) })).map((s) => s.startsAt)).toEqual([
        localInstant(d.timezone, tuesday, '09:30'),
      ]);
      expect((await availability({ serviceId: d.serviceId, ...dayWindow(d.timezone, saturday) })).map((s) => s.startsAt)).toEqual([
        localInstant(d.timezone, saturday, '11:00'),
        localInstant(d.timezone, saturday, '11:30'),
      ]);

      const list = await t
        .http()
        .get(`/api/v1/doctors/${d.doctorId}/schedule-exceptions`)
        .query({ from: monday, to: monday })
        .set('Authorization', receptionist.auth);
      expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([dayOff.body.id]);
      const removed = await t.http().delete(`/api/v1/doctors/${d.doctorId}/schedule-exceptions/${dayOff.body.id}`).set('Authorization', receptionist.auth);
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({ id: dayOff.body.id, kind: 'day_off' });
      expect(await availability({ serviceId: d.serviceId, ...dayWindow(d.timezone, monday) })).toHaveLength(2);
      const again = await t.http().delete(`/api/v1/doctors/${d.doctorId}/schedule-exceptions/${dayOff.body.id}`).set('Authorization', receptionist.auth);
      expect(again.status).toBe(404);
    });

    it('takes local dates, read in each branch’s own zone, as the reports do', async () => {
      // 09:00 and 09:30 in Vladivostok (UTC+10) are 23:00 and 23:30 UTC of the day before.
      const east = await bookableDoctor(t, { timezone: 'Asia/Vladivostok', hours: [{ weekdays: EVERY_DAY, start: '09:00', end: '10:00' }], slotStepMin: 30 });
      const west = await bookableDoctor(t, { timezone: 'Europe/Moscow', hours: [{ weekdays: EVERY_DAY, start: '09:00', end: '10:00' }], slotStepMin: 30 });
      const date = futureDate('Asia/Vladivostok', 3);
      const slots = await availability({ serviceId: east.serviceId, from: date, to: date });
      expect(slots.map((s) => s.startsAt)).toEqual([localInstant(east.timezone, date, '09:00'), localInstant(east.timezone, date, '09:30')]);
      const moscow = await availability({ serviceId: west.serviceId, from: date });
      expect(moscow.map((s) => s.startsAt).slice(0, 2)).toEqual([localInstant(west.timezone, date, '09:00'), localInstant(west.timezone, date, '09:30')]);
      expect(moscow).toHaveLength(14); // a week of days, two slots each
      const mixed = await t
        .http()
        .get('/api/v1/availability')
        .query({ serviceId: east.serviceId, from: date, to: new Date().toISOString() })
        .set('Authorization', receptionist.auth);
      expect(mixed.status).toBe(400);
      const notADate = await t
        .http()
        .get('/api/v1/availability')
        .query({ serviceId: east.serviceId, from: '2027-02-30' })
        .set('Authorization', receptionist.auth);
      expect(notADate.status).toBe(400);
    });

    it('never offers a slot that already started', async () => {
      const d = await bookableDoctor(t, { hours: [{ weekdays: EVERY_DAY, start: '00:00', end: '24:00' }] });
      const before = Date.now();
      const slots = await availability({ serviceId: d.serviceId, from: new Date(before - DAY).toISOString(), to: new Date(before + DAY).toISOString() });
      expect(slots.length).toBeGreaterThan(80);
      expect(Math.min(...slots.map((s) => Date.parse(s.startsAt)))).toBeGreaterThanOrEqual(before);
      expect(await availability({ serviceId: d.serviceId, from: new Date(before - 2 * DAY).toISOString(), to: new Date(before - DAY).toISOString() })).toEqual(
        [],
      );
    });

    it.each(['Europe/Berlin', 'America/New_York'])('keeps 09:00 local across the daylight-saving change in %s', async (zone) => {
      const change = nextOffsetChangeDay(zone)!;
      const d = await bookableDoctor(t, { timezone: zone, hours: [{ weekdays: EVERY_DAY, start: '09:00', end: '10:00' }], slotStepMin: 60, durationMin: 60 });
      const dayBefore = new Date(Date.parse(change) - DAY).toISOString().slice(0, 10);
      const slots = await availability({ serviceId: d.serviceId, ...dayWindow(zone, dayBefore, 3) });
      expect(slots).toHaveLength(3);
      const hoursUtc = slots.map((s) => new Date(s.startsAt).getUTCHours());
      // The local time stays 09:00, so the UTC hour shifts by one between the day before and the change day.
      expect(Math.abs(hoursUtc[1]! - hoursUtc[0]!)).toBe(1);
      expect(hoursUtc[2]).toBe(hoursUtc[1]);
      expect(slots[0]!.utcOffset).not.toBe(slots[1]!.utcOffset);
      for (const s of slots) {
        const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(s.startsAt));
        expect(local).toBe('09:00');
      }
    });

    it('keeps +03:00 in Europe/Moscow on the European change day', async () => {
      const change = nextOffsetChangeDay('Europe/Berlin')!;
      const d = await bookableDoctor(t, {
        timezone: 'Europe/Moscow',
        hours: [{ weekdays: EVERY_DAY, start: '09:00', end: '10:00' }],
        slotStepMin: 60,
        durationMin: 60,
      });
      const slots = await availability({ serviceId: d.serviceId, ...dayWindow('Europe/Moscow', change) });
      expect(slots).toEqual([expect.objectContaining({ startsAt: `${change}T06:00:00.000Z`, utcOffset: '+03:00' })]);
    });

    it('filters by doctor, specialty and branch, and validates the query', async () => {
      const a = await bookableDoctor(t, { hours: [{ weekdays: EVERY_DAY, start: '09:00', end: '10:00' }], slotStepMin: 30 });
      const date = futureDate(a.timezone);
      expect(await availability({ serviceId: a.serviceId, branchId: await createBranch(t), ...dayWindow(a.timezone, date) })).toEqual([]);
      expect(
        await availability({ serviceId: a.serviceId, doctorId: a.doctorId, specialtyId: a.specialtyId, branchId: a.branchId, ...dayWindow(a.timezone, date) }),
      ).toHaveLength(2);
      const bad = (query: Record<string, string>) => t.http().get('/api/v1/availability').query(query).set('Authorization', receptionist.auth);
      expect((await bad({})).status).toBe(400);
      expect((await bad({ serviceId: a.serviceId, from: '2027-01-01T00:00:00Z', to: '2027-03-01T00:00:00Z' })).status).toBe(400);
      expect((await bad({ serviceId: a.serviceId, from: '2027-01-01T09:00:00' })).status).toBe(400);
      expect((await bad({ serviceId: '6a1f7c3e-2b7d-4c1e-9f7a-1d2e3f4a5b6c' })).status).toBe(404);
    });
  });

  it('seeds a demo catalog across two branches that has free slots', async () => {
    const branches = [await createBranch(t, 'Europe/Moscow'), await createBranch(t, 'Asia/Yekaterinburg')];
    const demo = await t.app.get(DemoCatalogSeeder).seed(SETUP_ACTOR, branches);
    expect(demo.doctorIds).toHaveLength(8);
    expect(demo.serviceIds.length).toBeGreaterThanOrEqual(6);
    const doctors = await t.http().get('/api/v1/public/doctors').query({ branchId: branches[1] });
    expect(doctors.body.data.length).toBeGreaterThanOrEqual(2);
    const slots = await availability({ serviceId: demo.serviceIds[0]! });
    expect(slots.length).toBeGreaterThan(0);
    expect(new Set(slots.map((s) => s.doctorId)).size).toBe(2);
  });
});
