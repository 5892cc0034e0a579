import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { marchClinic, type MarchClinic, pastLead, pastVisit } from '../factories/analytics.factory.js';
import { createSource } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * The operator scorecards and the repeat-visit cohorts read rollups kept up to date from change notes, like the
 * funnel. Each change below must show in the next report, as worked out by hand from the March clinic of
 * test/factories/analytics.factory.ts, and the rollups kept change by change must equal ones rebuilt from scratch.
 */
describe('analytics: the scorecard and cohort rollups', () => {
  let t: TestApp;
  let admin: SignedIn;
  let manager: SignedIn;
  let clinic: MarchClinic;
  const march = { from: '2025-03-01', to: '2025-03-31' };

  const report = async (path: string, query: Record<string, string> = march) => {
    const res = await t.http().get(`/api/v1/analytics/${path}`).query(query).set('Authorization', manager.auth);
    expect(res.status).toBe(200);
    return res.body;
  };
  const card = async (operatorId: string, query: Record<string, string> = march) =>
    (await report('operators', query)).data.find((r: { operatorId: string }) => r.operatorId === operatorId);
  const call = async (operator: SignedIn, patientId: string, startedAt: string, answered: boolean): Promise<string> => {
    const started = new Date(startedAt);
    const res = await t
      .http()
      .post('/api/v1/calls')
      .set('Authorization', operator.auth)
      .send({
        patientId,
        direction: 'outbound',
        startedAt,
        answeredAt: answered ? new Date(started.getTime() + 10_000).toISOString() : undefined,
        endedAt: new Date(started.getTime() + 120_000).toISOString(),
        outcome: answered ? 'consultation_only' : 'no_answer',
      });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const rollupRows = async () => ({
    activity: (
      await t.db.query(`SELECT calendar, day::text, branch_key, operator_id, calls, answered_calls, callbacks_due, callbacks_done, callbacks_on_time,
                                        bookings, booked_visited, booked_no_shows, booked_cancelled, booked_repeat
                                   FROM operator_activity_rollup ORDER BY 1, 2, 3, 4`)
    ).rows,
    facts: (await t.db.query(`SELECT * FROM patient_visit_facts ORDER BY patient_id`)).rows,
    doctors: (await t.db.query(`SELECT * FROM doctor_visit_rollup ORDER BY day, branch_key, doctor_id`)).rows,
  });
  const doctorCard = async (doctorId: string, query: Record<string, string> = march) =>
    (await report('doctors', query)).data.find((r: { doctorId: string }) => r.doctorId === doctorId);

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    const staff = { o1: await signedIn(t, 'operator'), o2: await signedIn(t, 'operator'), reception: await signedIn(t, 'receptionist') };
    clinic = await marchClinic(t, { ...staff, managers: [manager] }, (await createSource(t, admin, 'web_form', 'vk')).id);
    await call(clinic.o1, clinic.leads.l1.patientId, '2025-03-05T07:02:00Z', true);
    await report('operators'); // the first reports build the rollups whole
    await report('repeat-visits');
    await report('doctors');
  });
  afterAll(async () => t.close());

  it('shows a new call, its move to another operator, and a call outside the period as they happen', async () => {
    const [o1, o2] = [clinic.o1, clinic.o2];
    expect(await card(o1.id)).toMatchObject({ calls: 1, answeredCalls: 1 });
    const id = await call(o1, clinic.leads.l2.patientId, '2025-03-11T21:30:00Z', false); // 00:30 on March 12 in Moscow, the clinic's calendar
    expect(await card(o1.id)).toMatchObject({ calls: 2, answeredCalls: 1 });
    await t.db.query(`UPDATE calls SET operator_id = $2 WHERE id = $1`, [id, o2.id]);
    expect([await card(o1.id), await card(o2.id)]).toMatchObject([{ calls: 1 }, { calls: 1, answeredCalls: 0 }]);
    await t.db.query(`UPDATE calls SET started_at = '2025-02-28T20:59:00Z', answered_at = NULL, ended_at = '2025-02-28T21:00:00Z' WHERE id = $1`, [id]); // 23:59 on Feb 28
    expect(await card(o2.id)).toMatchObject({ calls: 0 });
    expect(await card(o2.id, { from: '2025-02-28', to: '2025-02-28' })).toMatchObject({ calls: 1 });
  });

  it('shows a callback done late, then on time; a callback due later today is not counted yet', async () => {
    const o2 = clinic.o2;
    const created = await t
      .http()
      .post(`/api/v1/leads/${clinic.leads.l3.id}/callbacks`)
      .set('Authorization', manager.auth)
      .send({ dueAt: new Date(Date.now() + 3_600_000).toISOString(), operatorId: o2.id });
    expect(created.status).toBe(201);
    // Reports over several branches count calls and callbacks on the clinic's calendar (Moscow).
    const dayOf = async (sql: string) => (await t.db.query(`SELECT to_char((${sql}) AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD') AS day`)).rows[0].day as string;
    // Due in an hour: not due yet, so not in the figures of its day.
    const dueDay = await dayOf(`now() + interval '1 hour'`);
    expect(await card(o2.id, { from: dueDay, to: dueDay })).toMatchObject({ callbacksDue: 0 });
    const {
      rows: [due],
    } = await t.db.query(`UPDATE callbacks SET due_at = now() - interval '1 second' WHERE id = $1 RETURNING due_at`, [created.body.id]);
    const today = await dayOf(`'${due.due_at.toISOString()}'::timestamptz`);
    expect(await card(o2.id, { from: today, to: today })).toMatchObject({ callbacksDue: 1, callbacksDone: 0 });
    await t.db.query(`UPDATE callbacks SET due_at = '2025-03-18T08:00:00Z', done_at = '2025-03-18T08:40:00Z' WHERE id = $1`, [created.body.id]);
    expect(await card(o2.id)).toMatchObject({ callbacksDue: 1, callbacksDone: 1, callbacksOnTime: 0 });
    await t.db.query(`UPDATE callbacks SET done_at = '2025-03-18T08:10:00Z' WHERE id = $1`, [created.body.id]);
    expect(await card(o2.id)).toMatchObject({ callbacksDue: 1, callbacksDone: 1, callbacksOnTime: 1, callbacksOnTimeRate: 1 });
  });

  it('shows a booking, its visit, and the later visit that makes it a repeat, in the booking and in the cohorts', async () => {
    const { o1, reception, moscow } = clinic;
    const lead = await pastLead(t, { channel: 'seo', branchId: moscow.branchId, createdAt: '2025-03-04T07:00:00Z', operatorId: o1.id });
    const before = await card(o1.id);
    const cohortsBefore = (await report('repeat-visits')).data.find((r: { allChannels: boolean }) => r.allChannels);
    const visit = await pastVisit(t, { bookedBy: o1, reception }, moscow, {
      patientId: lead.patientId,
      leadId: lead.id,
      startsAt: '2025-03-06T07:00:00Z',
      status: 'arrived',
      bookedAt: '2025-03-04T07:05:00Z',
    });
    expect(await card(o1.id)).toMatchObject({ bookings: before.bookings + 1, visited: before.visited + 1, repeat: before.repeat });
    // Arrived is a visit but not a completed one: no cohort yet.
    expect((await report('repeat-visits')).data.find((r: { allChannels: boolean }) => r.allChannels)).toEqual(cohortsBefore);
    expect((await t.http().post(`/api/v1/appointments/${visit}/status`).set('Authorization', reception.auth).send({ status: 'completed' })).status).toBe(200);
    const cohorts = (await report('repeat-visits')).data;
    expect(cohorts.find((r: { allChannels: boolean }) => r.allChannels)).toMatchObject({
      patients: cohortsBefore.patients + 1,
      returned30: cohortsBefore.returned30,
    });
    expect(cohorts.find((r: { channel: string }) => r.channel === 'seo')).toMatchObject({ patients: 1, returned30: 0 });
    // Back 12 days later (without a lead): the booking is a repeat, the cohort's patient returned within 30 days.
    await pastVisit(t, { bookedBy: reception, reception }, moscow, {
      patientId: lead.patientId,
      startsAt: '2025-03-18T07:00:00Z',
      status: 'completed',
      bookedAt: '2025-03-10T07:00:00Z',
    });
    expect(await card(o1.id)).toMatchObject({ bookings: before.bookings + 1, repeat: before.repeat + 1 });
    expect((await report('repeat-visits')).data.find((r: { channel: string }) => r.channel === 'seo')).toMatchObject({ patients: 1, returned30: 1 });
    // The first visit cancelled after all: the later one is the patient's first, and nothing follows it.
    await t.db.query(`UPDATE appointments SET status = 'cancelled', cancel_reason = 'entered by mistake' WHERE id = $1`, [visit]);
    expect(await card(o1.id)).toMatchObject({ bookings: before.bookings + 1, visited: before.visited, cancelled: before.cancelled + 1, repeat: before.repeat });
    expect((await report('repeat-visits')).data.find((r: { channel: string }) => r.channel === 'seo')).toMatchObject({ patients: 1, returned30: 0 });
  });

  it('moves a branch’s bookings and its patients’ first visits to other local days when its time zone changes', async () => {
    const { o1, reception } = clinic;
    const branch = clinic.yekaterinburg;
    const lead = await pastLead(t, { channel: 'radio', branchId: branch.branchId, createdAt: '2025-03-29T10:00:00Z', operatorId: o1.id });
    // Booked at 23:30 on March 31 in Yekaterinburg, seen then too (00:30 on April 1 would be Omsk's).
    await pastVisit(t, { bookedBy: o1, reception }, branch, {
      patientId: lead.patientId,
      leadId: lead.id,
      startsAt: '2025-03-31T18:30:00Z',
      status: 'completed',
      bookedAt: '2025-03-31T18:30:00Z',
    });
    const inBranch = (from: string, to: string) => ({ from, to, branchId: branch.branchId });
    expect(await card(o1.id, inBranch('2025-03-31', '2025-03-31'))).toMatchObject({ bookings: 1 });
    expect((await report('repeat-visits', inBranch('2025-03-01', '2025-03-31'))).data.find((r: { channel: string }) => r.channel === 'radio')).toMatchObject({
      patients: 1,
    });
    expect((await t.http().patch(`/api/v1/branches/${branch.branchId}`).set('Authorization', admin.auth).send({ timezone: 'Asia/Omsk' })).status).toBe(200);
    expect(await card(o1.id, inBranch('2025-03-31', '2025-03-31'))).toMatchObject({ bookings: 0 });
    expect(await card(o1.id, inBranch('2025-04-01', '2025-04-01'))).toMatchObject({ bookings: 1 });
    expect((await report('repeat-visits', inBranch('2025-03-01', '2025-03-31'))).data.find((r: { channel: string }) => r.channel === 'radio')).toBeUndefined();
    expect((await report('repeat-visits', inBranch('2025-04-01', '2025-04-30'))).data.find((r: { channel: string }) => r.channel === 'radio')).toMatchObject({
      patients: 1,
    });
  });

  it('shows a doctor’s new patient, their return, a visit at another branch and a cancellation as they happen', async () => {
    const { reception, moscow, yekaterinburg } = clinic;
    const doctor = moscow.doctorId;
    const lateMarch = { from: '2025-03-10', to: '2025-03-31' };
    const [before, lateBefore] = [await doctorCard(doctor), await doctorCard(doctor, lateMarch)];
    const lead = await pastLead(t, { channel: 'seo', branchId: moscow.branchId, createdAt: '2025-03-02T07:00:00Z' });
    const staff = { bookedBy: reception, reception };
    const first = await pastVisit(t, staff, moscow, { patientId: lead.patientId, startsAt: '2025-03-08T14:40:00Z', status: 'completed' });
    expect(await doctorCard(doctor)).toMatchObject({
      appointments: before.appointments + 1,
      completed: before.completed + 1,
      revenue: before.revenue + 2000,
      patients: before.patients + 1,
      repeatPatients: before.repeatPatients,
    });
    // Back on March 20: the first visit is a repeat; one patient still, and in a period from the 10th too (one visit).
    const second = await pastVisit(t, staff, moscow, { patientId: lead.patientId, startsAt: '2025-03-20T14:40:00Z', status: 'completed' });
    expect(await doctorCard(doctor)).toMatchObject({ visits: before.visits + 2, patients: before.patients + 1, repeatPatients: before.repeatPatients + 1 });
    expect(await doctorCard(doctor, lateMarch)).toMatchObject({
      visits: lateBefore.visits + 1,
      patients: lateBefore.patients + 1,
      repeatPatients: lateBefore.repeatPatients,
    });
    // The second visit was at the other branch after all: the same patient of the same doctor, counted once over both
    // branches, once in each branch's own report.
    await t.db.query(`UPDATE appointments SET branch_id = $2 WHERE id = $1`, [second, yekaterinburg.branchId]);
    expect(await doctorCard(doctor)).toMatchObject({ visits: before.visits + 2, patients: before.patients + 1, repeatPatients: before.repeatPatients + 1 });
    expect(await doctorCard(doctor, { ...march, branchId: yekaterinburg.branchId })).toMatchObject({ visits: 1, patients: 1, repeatPatients: 0 });
    // The first visit cancelled: nothing before the second, which no visit follows.
    await t.db.query(`UPDATE appointments SET status = 'cancelled', cancel_reason = 'entered by mistake' WHERE id = $1`, [first]);
    expect(await doctorCard(doctor)).toMatchObject({
      appointments: before.appointments + 2,
      visits: before.visits + 1,
      cancellations: before.cancellations + 1,
      revenue: before.revenue + 2000,
      patients: before.patients + 1,
      repeatPatients: before.repeatPatients,
    });
  });

  it('kept change by change, equal the rollups rebuilt from the live tables', async () => {
    await report('operators');
    await report('repeat-visits');
    await report('doctors');
    const kept = await rollupRows();
    expect(kept.activity.length).toBeGreaterThan(0);
    expect(kept.facts.length).toBeGreaterThan(0);
    expect(kept.doctors.length).toBeGreaterThan(0);
    expect(
      (
        await t.db.query(
          `SELECT (SELECT count(*) FROM operator_activity_changes) + (SELECT count(*) FROM patient_visit_changes) + (SELECT count(*) FROM doctor_visit_changes) AS n`,
        )
      ).rows[0].n,
    ).toBe('0');
    await t.db.query(`UPDATE report_rollup_state SET built_at = NULL`);
    await report('operators');
    await report('repeat-visits');
    await report('doctors');
    expect(await rollupRows()).toEqual(kept);
  });
});
