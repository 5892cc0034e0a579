import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { marchClinic, type MarchClinic, parseCsv } from '../factories/analytics.factory.js';
import { createSource } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Scorecards, repeat-visit cohorts and the SLA report over the hand-built March 2025 of
 * test/factories/analytics.factory.ts (see the comments there and in analytics.e2e-spec.ts).
 */
describe('analytics: scorecards, cohorts and SLA', () => {
  let t: TestApp;
  let manager: SignedIn;
  let clinic: MarchClinic;
  const march = { from: '2025-03-01', to: '2025-03-31' };
  const report = (path: string, query: Record<string, string> = march) =>
    t.http().get(`/api/v1/analytics/${path}`).query(query).set('Authorization', manager.auth);

  /** A call through the calls API, then dated (the API takes the times it is given). */
  const call = async (operator: SignedIn, patientId: string, startedAt: string, answered: boolean) => {
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
    if (res.status !== 201) throw new Error(`call failed: ${res.status} ${JSON.stringify(res.body)}`);
  };
  /** A callback scheduled and (optionally) done through the API, then moved to the given times. */
  const callback = async (operator: SignedIn, dueAt: string, doneAt: string | null) => {
    const created = await t
      .http()
      .post(`/api/v1/leads/${clinic.leads.l3.id}/callbacks`)
      .set('Authorization', manager.auth)
      .send({ dueAt: new Date(Date.now() + 3_600_000).toISOString(), operatorId: operator.id });
    if (created.status !== 201) throw new Error(`callback failed: ${created.status} ${JSON.stringify(created.body)}`);
    if (doneAt)
      expect((await t.http().patch(`/api/v1/callbacks/${created.body.id}`).set('Authorization', operator.auth).send({ done: true })).status).toBe(200);
    await t.db.query(`UPDATE callbacks SET due_at = $2, done_at = $3 WHERE id = $1`, [created.body.id, dueAt, doneAt]);
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    const admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    const staff = { o1: await signedIn(t, 'operator'), o2: await signedIn(t, 'operator'), reception: await signedIn(t, 'receptionist') };
    clinic = await marchClinic(t, { ...staff, managers: [manager] }, (await createSource(t, admin, 'web_form', 'vk')).id);
    const { o1, o2, leads } = clinic;
    await call(o1, leads.l1.patientId, '2025-03-05T07:02:00Z', true);
    await call(o1, leads.l1.patientId, '2025-03-06T07:00:00Z', false);
    await call(o1, leads.l1.patientId, '2025-04-02T07:00:00Z', false); // April
    await call(o2, leads.l7.patientId, '2025-03-20T12:00:30Z', true);
    await callback(o1, '2025-03-06T08:00:00Z', '2025-03-06T08:10:00Z'); // on time (within 15 minutes)
    await callback(o1, '2025-03-11T08:00:00Z', '2025-03-11T08:30:00Z'); // late
    await callback(o1, '2025-03-12T08:00:00Z', null); // never done
    await callback(o1, '2025-04-05T08:00:00Z', '2025-04-05T08:00:00Z'); // April
    await callback(o2, '2025-03-21T08:00:00Z', '2025-03-21T07:50:00Z'); // early
  });
  afterAll(async () => t.close());

  it('scores operators on leads, calls, bookings, visits and callbacks', async () => {
    const res = await report('operators');
    expect(res.status).toBe(200);
    const card = (id: string) => res.body.data.find((r: { operatorId: string }) => r.operatorId === id);
    // o1: leads l1, l2 (l4 is April); booked a1 (completed, patient back in 43 days), a2 (no-show), a8 (completed, back in 14 days).
    expect(card(clinic.o1.id)).toEqual({
      operatorId: clinic.o1.id,
      name: expect.stringMatching(/^Test operator/),
      leadsHandled: 2,
      contacted: 2,
      contactedWithinSla: 1,
      slaRate: 0.5,
      medianFirstContactSec: 360,
      calls: 2,
      answeredCalls: 1,
      bookedLeads: 2,
      bookingRate: 1,
      bookings: 3,
      visited: 2,
      noShows: 1,
      cancelled: 0,
      showRate: 0.6667,
      noShowRate: 0.3333,
      cancellationRate: 0,
      repeat: 2,
      repeatRate: 1,
      callbacksDue: 3,
      callbacksDone: 2,
      callbacksOnTime: 1,
      callbacksOnTimeRate: 0.3333,
      callsReviewed: 0,
      averageReviewScore: null,
    });
    // o2: leads l5, l7 (l6 is February); booked a5 (completed, next visit 273 days later), a7 (cancelled), a7b (arrived, completed visit 3 days later).
    expect(card(clinic.o2.id)).toMatchObject({
      leadsHandled: 2,
      contactedWithinSla: 2,
      slaRate: 1,
      medianFirstContactSec: 135,
      calls: 1,
      answeredCalls: 1,
      bookedLeads: 2,
      bookings: 3,
      visited: 2,
      noShows: 0,
      cancelled: 1,
      showRate: 1,
      noShowRate: 0,
      cancellationRate: 0.3333,
      repeat: 1,
      repeatRate: 0.5,
      callbacksDue: 1,
      callbacksOnTime: 1,
      callbacksOnTimeRate: 1,
    });
    // Reception booked visits too, but is not an operator.
    expect(card(clinic.reception.id)).toBeUndefined();
  });

  it('scores doctors on visits, no-shows, cancellations, returning patients and revenue', async () => {
    const res = await report('doctors');
    const card = (id: string) => res.body.data.find((r: { doctorId: string }) => r.doctorId === id);
    // Moscow doctor in March: a1 completed, a2 no-show, a5 completed, a7 cancelled, a7b arrived, a7r completed (a1r is April).
    expect(card(clinic.moscow.doctorId)).toEqual({
      doctorId: clinic.moscow.doctorId,
      name: expect.stringMatching(/^Doctor /),
      appointments: 6,
      visits: 4,
      completed: 3,
      noShows: 1,
      cancellations: 1,
      noShowRate: 0.2,
      cancellationRate: 0.1667,
      revenue: 6000,
      patients: 3,
      repeatPatients: 2,
      repeatRate: 0.6667,
      ratings: 0,
      averageRating: null,
    });
    expect(card(clinic.yekaterinburg.doctorId)).toMatchObject({
      appointments: 2,
      visits: 2,
      completed: 2,
      noShows: 0,
      revenue: 4000,
      patients: 1,
      repeatPatients: 1,
      repeatRate: 1,
    });
    const settings = await t
      .http()
      .patch('/api/v1/settings')
      .set('Authorization', (await signedIn(t, 'admin')).auth)
      .send({ repeatVisitWindowDays: 10 });
    expect(settings.status).toBe(200);
    const narrow = await report('doctors');
    // Within 10 days only p7 (3 days) came back; p1 (43) and p8 (14) no longer count.
    expect(narrow.body.data.find((r: { doctorId: string }) => r.doctorId === clinic.moscow.doctorId)).toMatchObject({ repeatPatients: 1 });
    expect(narrow.body.data.find((r: { doctorId: string }) => r.doctorId === clinic.yekaterinburg.doctorId)).toMatchObject({ repeatPatients: 0 });
    await t
      .http()
      .patch('/api/v1/settings')
      .set('Authorization', (await signedIn(t, 'admin')).auth)
      .send({ repeatVisitWindowDays: 180 });
  });

  it('builds repeat-visit cohorts by month of first completed visit and channel of first contact', async () => {
    const res = await report('repeat-visits');
    expect(res.status).toBe(200);
    // First completed visits in March: p1 (Mar 8, back Apr 20: 43 days), p5 (Mar 3, back Dec 1: 273 days),
    // p7 (Mar 25; the arrived visit before it never completed), p8 (Mar 16, back Mar 30: 14 days).
    const complete = { complete30: true, complete90: true, complete180: true };
    expect(res.body.data).toEqual([
      {
        cohort: '2025-03',
        channel: null,
        allChannels: true,
        patients: 4,
        returned30: 1,
        returned90: 2,
        returned180: 2,
        share30: 0.25,
        share90: 0.5,
        share180: 0.5,
        ...complete,
      },
      {
        cohort: '2025-03',
        channel: 'phone',
        allChannels: false,
        patients: 1,
        returned30: 0,
        returned90: 0,
        returned180: 0,
        share30: 0,
        share90: 0,
        share180: 0,
        ...complete,
      },
      {
        cohort: '2025-03',
        channel: 'telegram',
        allChannels: false,
        patients: 1,
        returned30: 1,
        returned90: 1,
        returned180: 1,
        share30: 1,
        share90: 1,
        share180: 1,
        ...complete,
      },
      {
        cohort: '2025-03',
        channel: 'vk',
        allChannels: false,
        patients: 1,
        returned30: 0,
        returned90: 1,
        returned180: 1,
        share30: 0,
        share90: 1,
        share180: 1,
        ...complete,
      },
      {
        cohort: '2025-03',
        channel: 'website',
        allChannels: false,
        patients: 1,
        returned30: 0,
        returned90: 0,
        returned180: 0,
        share30: 0,
        share90: 0,
        share180: 0,
        ...complete,
      },
    ]);
    // p1's second visit is not a first visit: April's cohort is empty.
    expect((await report('repeat-visits', { from: '2025-04-01', to: '2025-04-30' })).body.data).toEqual([]);
  });

  it('reports SLA shares by channel, local hour and operator, and lists the breaches', async () => {
    const res = await report('sla');
    expect(res.status).toBe(200);
    expect(res.body.total).toEqual({
      key: null,
      label: null,
      leads: 6,
      contacted: 5,
      contactedWithinSla: 3,
      slaRate: 0.5,
      medianFirstContactSec: 240,
      p90FirstContactSec: 504,
    });
    expect(res.body.byChannel.find((r: { key: string }) => r.key === 'vk')).toMatchObject({ leads: 3, contacted: 2, contactedWithinSla: 1, slaRate: 0.3333 });
    // Local hours of arrival: l5 00:30 (+05), l8 09:00 (+05), l1 10:00, l2 12:00, l7 15:00, l3 23:30 (+03).
    expect(res.body.byHour.map((r: { key: string; leads: number; contactedWithinSla: number }) => [r.key, r.leads, r.contactedWithinSla])).toEqual([
      ['0', 1, 1],
      ['9', 1, 0],
      ['10', 1, 1],
      ['12', 1, 0],
      ['15', 1, 1],
      ['23', 1, 0],
    ]);
    const byOperator = new Map(res.body.byOperator.map((r: { key: string | null }) => [r.key, r]));
    expect(byOperator.get(clinic.o1.id)).toMatchObject({ leads: 2, contactedWithinSla: 1, slaRate: 0.5, label: expect.stringMatching(/^Test operator/) });
    expect(byOperator.get(clinic.o2.id)).toMatchObject({ leads: 2, contactedWithinSla: 2, slaRate: 1 });
    expect(byOperator.get(null)).toMatchObject({ leads: 2, contactedWithinSla: 0 });
    // Breaches, oldest first: l2 (contacted 5 minutes late), l8 (1 minute late), l3 (never contacted).
    expect(res.body.breachesTotal).toBe(3);
    expect(res.body.breaches.map((b: { leadId: string; overdueSec: number }) => [b.leadId, b.overdueSec])).toEqual([
      [clinic.leads.l2.id, 300],
      [clinic.leads.l8.id, 60],
      [clinic.leads.l3.id, expect.any(Number)],
    ]);
    expect(res.body.breaches[0]).toMatchObject({ channel: 'vk', operatorId: clinic.o1.id, operatorName: expect.stringMatching(/^Test operator/) });
    const page = await report('sla', { ...march, limit: '2' });
    expect(page.body.breaches).toHaveLength(2);
    const next = await report('sla', { ...march, limit: '2', cursor: page.body.breachesNextCursor });
    expect(next.body.breaches.map((b: { leadId: string }) => b.leadId)).toEqual([clinic.leads.l3.id]);
    expect(next.body.breachesNextCursor).toBeNull();
  });

  it('exports every report as CSV and audits each export', async () => {
    for (const path of ['operators', 'doctors', 'repeat-visits', 'sla']) {
      const res = await report(path, { ...march, format: 'csv' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(parseCsv(res.text).length).toBeGreaterThan(1);
    }
    const breaches = parseCsv((await report('sla', { ...march, format: 'csv', part: 'breaches' })).text);
    expect(breaches[0]).toEqual(['leadId', 'channel', 'branchId', 'operatorId', 'operatorName', 'createdAt', 'slaDueAt', 'firstContactAt', 'overdueSec']);
    expect(breaches.slice(1).map((r) => r[0])).toEqual([clinic.leads.l2.id, clinic.leads.l8.id, clinic.leads.l3.id]);
    const sla = parseCsv((await report('sla', { ...march, format: 'csv' })).text);
    expect(sla[1]!.slice(0, 4)).toEqual(['total', '', '', '6']);
    const { rows } = await t.db.query(`SELECT entity_id FROM audit_events WHERE action = 'analytics.exported' AND actor_id = $1 ORDER BY id`, [manager.id]);
    expect(rows.map((r) => r.entity_id)).toEqual(['operators', 'doctors', 'repeat_visits', 'sla', 'sla', 'sla']);
  });

  it('keeps scorecards and cohorts unchanged when a patient is erased', async () => {
    const paths = ['operators', 'doctors', 'repeat-visits', 'sla'];
    const before = await Promise.all(paths.map((p) => report(p)));
    const erased = await t
      .http()
      .post(`/api/v1/patients/${clinic.leads.l8.patientId}/erase`)
      .set('Authorization', manager.auth)
      .send({ reason: 'subject_request', acknowledgeCautions: true });
    expect(erased.status).toBe(200);
    const after = await Promise.all(paths.map((p) => report(p)));
    const stable = (body: Record<string, unknown>) => JSON.parse(JSON.stringify(body, (k, v) => (k === 'overdueSec' ? 0 : v)));
    expect(after.map((r) => stable(r.body))).toEqual(before.map((r) => stable(r.body)));
  });
});
