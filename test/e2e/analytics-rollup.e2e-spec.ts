import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bookableDoctor, type BookableDoctor } from '../factories/schedule.factory.js';
import { marchClinic, pastLead, pastVisit } from '../factories/analytics.factory.js';
import { createSource } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * The funnel reads a rollup kept up to date from change notes. Each change below must show in the next report,
 * and the rollup kept change by change must equal one rebuilt from scratch.
 */
describe('analytics: the funnel rollup', () => {
  let t: TestApp;
  let admin: SignedIn;
  let manager: SignedIn;
  let staff: { o1: SignedIn; o2: SignedIn; reception: SignedIn };
  let doctor: BookableDoctor;

  const funnel = async (query: Record<string, string>) => {
    const res = await t.http().get('/api/v1/analytics/funnel').query(query).set('Authorization', manager.auth);
    expect(res.status).toBe(200);
    return res.body as { data: Array<Record<string, number | string | null>>; total: Record<string, number | null> };
  };
  const row = async (query: Record<string, string>, key: string) => (await funnel(query)).data.find((r) => r.key === key);
  const march = { from: '2025-03-01', to: '2025-03-31', groupBy: 'channel' };
  const rollupRows = async () =>
    (
      await t.db.query(`SELECT span, day::text, branch_key, dimension, key, leads, contacted, contacted_within_sla, booked, visited, repeat, revenue::text,
                              contact_buckets, contact_leads, contact_min_sec, contact_max_sec
                         FROM lead_funnel_rollup ORDER BY 1, 2, 3, 4, 5`)
    ).rows;

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    staff = { o1: await signedIn(t, 'operator'), o2: await signedIn(t, 'operator'), reception: await signedIn(t, 'receptionist') };
    await marchClinic(t, { ...staff, managers: [manager] }, (await createSource(t, admin, 'web_form', 'vk')).id);
    doctor = await bookableDoctor(t, { timezone: 'Europe/Moscow', price: 2500, staff: [manager] });
    await funnel(march); // the first report builds the rollup whole
  });
  afterAll(async () => t.close());

  it('shows a new lead, its first contact, its visit and revenue, and a later visit that makes it a repeat', async () => {
    const before = await row(march, 'seo');
    expect(before).toBeUndefined();
    const lead = await pastLead(t, { channel: 'seo', branchId: doctor.branchId, createdAt: '2025-03-10T09:00:00+03:00', operatorId: staff.o1.id });
    expect(await row(march, 'seo')).toMatchObject({ leads: 1, contacted: 0, booked: 0, visited: 0, repeat: 0, revenue: 0, medianFirstContactSec: null });

    await t.db.query(`UPDATE leads SET first_contact_at = created_at + interval '100 seconds' WHERE id = $1`, [lead.id]);
    expect(await row(march, 'seo')).toMatchObject({ leads: 1, contacted: 1, contactedWithinSla: 1, medianFirstContactSec: 100 });

    await pastVisit(t, { bookedBy: staff.o1, reception: staff.reception }, doctor, {
      patientId: lead.patientId,
      leadId: lead.id,
      startsAt: '2025-03-12T10:00:00+03:00',
      status: 'completed',
    });
    expect(await row(march, 'seo')).toMatchObject({ booked: 1, visited: 1, repeat: 0, revenue: 2500 });

    // A visit without a lead, 20 days later: the patient came back, so the March lead is a repeat.
    await pastVisit(t, { bookedBy: staff.reception, reception: staff.reception }, doctor, {
      patientId: lead.patientId,
      startsAt: '2025-04-01T10:00:00+03:00',
      status: 'completed',
    });
    expect(await row(march, 'seo')).toMatchObject({ booked: 1, visited: 1, repeat: 1, revenue: 2500 });
    expect(await row({ ...march, groupBy: 'doctor' }, doctor.doctorId)).toMatchObject({ leads: 1, visited: 1, repeat: 1 });

    // A shorter repeat window rebuilds the rollup: 20 days no longer count.
    const settings = (window: number) => t.http().patch('/api/v1/settings').set('Authorization', admin.auth).send({ repeatVisitWindowDays: window });
    expect((await settings(10)).status).toBe(200);
    expect(await row(march, 'seo')).toMatchObject({ visited: 1, repeat: 0 });
    expect((await settings(180)).status).toBe(200);
    expect(await row(march, 'seo')).toMatchObject({ visited: 1, repeat: 1 });

    // Handed to another operator: the lead and its outcome move with it, in the month rows too.
    const byOperator = async () => {
      const data = (await funnel({ ...march, groupBy: 'operator' })).data;
      return [staff.o1.id, staff.o2.id].map((id) => data.find((r) => r.key === id)?.leads ?? 0);
    };
    const [o1Before, o2Before] = await byOperator();
    await t.db.query(`UPDATE leads SET assigned_operator_id = $2 WHERE id = $1`, [lead.id, staff.o2.id]);
    expect(await byOperator()).toEqual([Number(o1Before) - 1, Number(o2Before) + 1]);
  });

  it('moves a branch’s leads to other local days when the branch’s time zone changes', async () => {
    const branch = await bookableDoctor(t, { timezone: 'Europe/Moscow', staff: [manager] });
    await pastLead(t, { channel: 'radio', branchId: branch.branchId, createdAt: '2025-03-31T23:30:00+03:00' });
    const inBranch = (from: string, to: string) => funnel({ from, to, groupBy: 'channel', branchId: branch.branchId });
    expect((await inBranch('2025-03-01', '2025-03-31')).total.leads).toBe(1);
    expect((await inBranch('2025-04-01', '2025-04-01')).total.leads).toBe(0);

    const res = await t.http().patch(`/api/v1/branches/${branch.branchId}`).set('Authorization', admin.auth).send({ timezone: 'Asia/Yekaterinburg' });
    expect(res.status).toBe(200);
    // 23:30 in Moscow is 01:30 the next day in Yekaterinburg.
    expect((await inBranch('2025-03-01', '2025-03-31')).total.leads).toBe(0);
    expect((await inBranch('2025-04-01', '2025-04-01')).total.leads).toBe(1);
    expect((await funnel({ from: '2025-04-01', to: '2025-04-30', groupBy: 'month', branchId: branch.branchId })).data).toEqual([
      expect.objectContaining({ key: '2025-04', leads: 1 }),
    ]);
  });

  it('estimates percentiles of many contact times within a few percent of the exact ones', async () => {
    const [patient] = (await t.db.query(`SELECT id FROM patients LIMIT 1`)).rows;
    // 400 leads over May with contact times spread between 20 s and 3 hours, deterministic.
    await t.db.query(
      `INSERT INTO leads (patient_id, branch_id, channel, consent_status, created_at, sla_due_at, first_contact_at)
       SELECT $1, $2, 'outdoor', 'given', at, at + interval '5 minutes', at + (20 + (i * 7919 % 3571) * (1 + i % 3)) * interval '1 second'
         FROM generate_series(1, 400) i, LATERAL (SELECT '2025-05-01T08:00:00+03:00'::timestamptz + i * interval '1 hour' AS at) a`,
      [patient.id, doctor.branchId],
    );
    const [exact] = (
      await t.db.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p90
         FROM (SELECT date_part('epoch', first_contact_at - created_at) AS s FROM leads WHERE channel = 'outdoor') x`,
      )
    ).rows;
    for (const query of [
      { from: '2025-05-01', to: '2025-05-31' },
      { from: '2025-04-20', to: '2025-06-10' },
    ]) {
      const outdoor = await row({ ...query, groupBy: 'channel' }, 'outdoor');
      expect(outdoor).toMatchObject({ leads: 400, contacted: 400 });
      expect(Math.abs(Number(outdoor!.medianFirstContactSec) - exact.median)).toBeLessThanOrEqual(exact.median * 0.03);
      expect(Math.abs(Number(outdoor!.p90FirstContactSec) - exact.p90)).toBeLessThanOrEqual(exact.p90 * 0.03);
    }
  });

  it('adds new leads to the rows they belong to: widening contact-time buckets, on days and in months that have leads', async () => {
    const before = (await funnel(march)).total;
    // Copies of March's leads, a second or three after them: contacted 1 % later or 0.5 % sooner (so within the
    // original's bucket, past its largest or smallest time), or not at all; as a bulk import would write them.
    const { rowCount } = await t.db.query(
      `INSERT INTO leads (patient_id, source_id, branch_id, channel, utm_campaign, assigned_operator_id, consent_status, created_at, sla_due_at, first_contact_at)
       SELECT l.patient_id, l.source_id, l.branch_id, l.channel, l.utm_campaign, l.assigned_operator_id, 'given', l.created_at + k * interval '1 second', l.sla_due_at,
              CASE WHEN k = 2 THEN NULL ELSE l.created_at + k * interval '1 second' + (CASE WHEN k = 1 THEN 1.01 ELSE 0.995 END) * (l.first_contact_at - l.created_at) END
         FROM leads l, generate_series(1, 3) k WHERE l.created_at >= '2025-02-27' AND l.created_at < '2025-04-02'`,
    );
    expect(rowCount).toBeGreaterThan(0);
    // Every March lead has three copies now (the copies of February's and April's leads stay outside March).
    expect((await funnel(march)).total.leads).toBe(Number(before.leads) * 4);
  });

  it('follows leads leaving a contact-time bucket at its edges: the bucket keeps the smallest and largest of those left', async () => {
    // The copies contacted 1 % later were the largest of their buckets, those contacted 0.5 % sooner the smallest:
    // the first go to another operator and channel, the others lose their contact.
    const { rowCount: later } = await t.db.query(
      `UPDATE leads SET assigned_operator_id = $1, channel = 'referral'
        WHERE created_at = (SELECT o.created_at + interval '1 second' FROM leads o WHERE o.id <> leads.id AND o.patient_id = leads.patient_id AND o.created_at = leads.created_at - interval '1 second' LIMIT 1)
          AND first_contact_at IS NOT NULL`,
      [staff.o2.id],
    );
    const { rowCount: sooner } = await t.db.query(
      `UPDATE leads SET first_contact_at = NULL
        WHERE first_contact_at IS NOT NULL AND EXISTS (SELECT 1 FROM leads o WHERE o.patient_id = leads.patient_id AND o.created_at = leads.created_at - interval '3 seconds')`,
    );
    expect(Number(later) + Number(sooner)).toBeGreaterThan(0);
    expect((await funnel(march)).total.leads).toBeGreaterThan(0);
  });

  it('kept change by change, equals the rollup rebuilt from the live tables', async () => {
    await funnel(march);
    const kept = await rollupRows();
    expect(kept.length).toBeGreaterThan(0);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM lead_funnel_changes`)).rows[0].n).toBe(0);
    await t.db.query(`UPDATE lead_funnel_rollup_state SET built_at = NULL`);
    await funnel(march);
    expect(await rollupRows()).toEqual(kept);
  });
});
