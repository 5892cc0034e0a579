import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { marchClinic, type MarchClinic, parseCsv, pastLead } from '../factories/analytics.factory.js';
import { createSource } from '../factories/intake.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * The funnel over a hand-built March 2025 (test/factories/analytics.factory.ts). In March, by each lead's own
 * branch calendar: l1, l2, l3 (vk), l5 (website), l7 (phone), l8 (telegram); l4 and l6 fall just outside.
 * First contact after 120, 600, -, 240, 30, 360 s (SLA 5 min: l1, l5, l7 within). Booked: l1, l2, l5, l7, l8.
 * Visited: l1, l5, l7 (arrived only), l8. Repeat within 180 days: l1 (43 days), l7 (3), l8 (14); not l5 (273).
 * Revenue: completed visits from leads l1, l5, l8 at 2000 each = 6000.
 * Spend in March: vk 3000 over Feb 15..Mar 16 -> 1600, vk/spring 3100, website 1000 over Mar 25..Apr 3 -> 700,
 * tv 500, telegram (Yekaterinburg branch) 620: vk 4700, total 6520.
 */
describe('analytics: the funnel', () => {
  let t: TestApp;
  let admin: SignedIn;
  let manager: SignedIn;
  let clinic: MarchClinic;
  const march = { from: '2025-03-01', to: '2025-03-31' };

  const funnel = (query: Record<string, string>, who: SignedIn = manager) =>
    t.http().get('/api/v1/analytics/funnel').query(query).set('Authorization', who.auth);
  const spend = (body: Record<string, unknown>) => t.http().post('/api/v1/marketing-spend').set('Authorization', manager.auth).send(body);

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    const staff = { o1: await signedIn(t, 'operator'), o2: await signedIn(t, 'operator'), reception: await signedIn(t, 'receptionist') };
    clinic = await marchClinic(t, { ...staff, managers: [manager] }, (await createSource(t, admin, 'web_form', 'vk')).id);
    for (const body of [
      { channel: 'vk', periodStart: '2025-02-15', periodEnd: '2025-03-16', amount: 3000, currency: 'RUB' },
      { channel: 'vk', campaign: 'spring', periodStart: '2025-03-01', periodEnd: '2025-03-31', amount: 3100, currency: 'RUB' },
      { channel: 'website', periodStart: '2025-03-25', periodEnd: '2025-04-03', amount: 1000, currency: 'RUB' },
      { channel: 'tv', periodStart: '2025-03-01', periodEnd: '2025-03-31', amount: 500, currency: 'RUB' },
      { channel: 'telegram', branchId: clinic.yekaterinburg.branchId, periodStart: '2025-03-01', periodEnd: '2025-03-31', amount: 620, currency: 'RUB' },
    ])
      expect((await spend(body)).status).toBe(201);
  });
  afterAll(async () => t.close());

  it('counts every stage, rate, time to first contact and money per channel and in total', async () => {
    const res = await funnel({ ...march, groupBy: 'channel' });
    expect(res.status).toBe(200);
    const row = (key: string | null) => res.body.data.find((r: { key: string | null }) => r.key === key);
    expect(res.body.total).toEqual({
      key: null,
      label: null,
      leads: 6,
      contacted: 5,
      contactedWithinSla: 3,
      booked: 5,
      visited: 4,
      repeat: 3,
      contactRate: 0.8333,
      slaRate: 0.5,
      bookingRate: 0.8333,
      visitRate: 0.6667,
      repeatRate: 0.5,
      showRate: 0.8,
      returnRate: 0.75,
      medianFirstContactSec: 240,
      p90FirstContactSec: 504, // 30, 120, 240, 360, 600: p90 = 360 + 0.6 * 240
      revenue: 6000,
      spend: 6520,
      cpl: 1086.67,
      costPerBooking: 1304,
      costPerVisit: 1630,
      romi: -0.0798,
    });
    expect(row('vk')).toEqual({
      key: 'vk',
      label: null,
      leads: 3,
      contacted: 2,
      contactedWithinSla: 1,
      booked: 2,
      visited: 1,
      repeat: 1,
      contactRate: 0.6667,
      slaRate: 0.3333,
      bookingRate: 0.6667,
      visitRate: 0.3333,
      repeatRate: 0.3333,
      showRate: 0.5,
      returnRate: 1,
      medianFirstContactSec: 360,
      p90FirstContactSec: 552,
      revenue: 2000,
      spend: 4700,
      cpl: 1566.67,
      costPerBooking: 2350,
      costPerVisit: 4700,
      romi: -0.5745,
    });
    expect(row('website')).toMatchObject({
      leads: 1,
      contactedWithinSla: 1,
      booked: 1,
      visited: 1,
      repeat: 0,
      revenue: 2000,
      spend: 700,
      cpl: 700,
      romi: 1.8571,
    });
    expect(row('phone')).toMatchObject({ leads: 1, booked: 1, visited: 1, repeat: 1, revenue: 0, spend: 0, cpl: null, romi: null, medianFirstContactSec: 30 });
    expect(row('telegram')).toMatchObject({ leads: 1, contacted: 1, contactedWithinSla: 0, visited: 1, repeat: 1, revenue: 2000, spend: 620, romi: 2.2258 });
    // Spend without leads still shows.
    expect(row('tv')).toMatchObject({ leads: 0, spend: 500, cpl: null, costPerVisit: null, romi: -1 });
    expect(res.body.data.map((r: { key: string }) => r.key)).toEqual(['vk', 'phone', 'telegram', 'website', 'tv']);
  });

  it('places a lead in the period by its own branch calendar: 23:30 on the last day is in, 00:30 the next day is out', async () => {
    const res = await funnel({ ...march, groupBy: 'day' });
    const day = (key: string) => res.body.data.find((r: { key: string }) => r.key === key);
    expect(res.body.data).toHaveLength(31);
    expect(day('2025-03-01')).toMatchObject({ leads: 1 }); // l5 at 00:30 Yekaterinburg (still February 28 in UTC and Moscow)
    expect(day('2025-03-31')).toMatchObject({ leads: 1 }); // l3 at 23:30 Moscow; l4 at 00:30 on April 1 is not counted
    expect(res.body.total.leads).toBe(6);
    const april = await funnel({ from: '2025-04-01', to: '2025-04-01', groupBy: 'channel' });
    expect(april.body.total).toMatchObject({ leads: 1, contacted: 1 }); // l4
    const february = await funnel({ from: '2025-02-28', to: '2025-02-28', groupBy: 'channel' });
    expect(february.body.total).toMatchObject({ leads: 1 }); // l6
    // Spend is spread by days: the daily rows add up to the month.
    const daily = res.body.data.reduce((sum: number, r: { spend: number }) => sum + r.spend, 0);
    expect(Math.round(daily)).toBe(6520);
    expect(day('2025-03-20')).toMatchObject({ leads: 1, spend: 136.13 }); // spring 100/day, tv 500/31, telegram 20 (the vk entry ended March 16)
  });

  it('groups by week (Monday) and by month in local time', async () => {
    const weeks = (await funnel({ ...march, groupBy: 'week' })).body.data;
    expect(weeks.map((r: { key: string }) => r.key)).toEqual(['2025-02-24', '2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24', '2025-03-31']);
    expect(weeks.map((r: { leads: number }) => r.leads)).toEqual([1, 1, 2, 1, 0, 1]);
    const months = (await funnel({ from: '2025-02-01', to: '2025-04-30', groupBy: 'month' })).body.data;
    expect(months.map((r: { key: string; leads: number }) => [r.key, r.leads])).toEqual([
      ['2025-02', 1],
      ['2025-03', 6],
      ['2025-04', 1],
    ]);
  });

  it('groups by campaign, source, operator, doctor and branch with names', async () => {
    const byKey = async (groupBy: string) => new Map((await funnel({ ...march, groupBy })).body.data.map((r: { key: string | null }) => [r.key, r]));
    const campaigns = (await funnel({ ...march, groupBy: 'campaign' })).body.data as Array<Record<string, unknown>>;
    expect(campaigns.find((r) => r.key === 'spring')).toMatchObject({ leads: 2, booked: 2, visited: 1, spend: 3100 });
    // Spend on a whole channel sits on that channel's own row of leads without a campaign (not on one row for every
    // channel, whose cost per lead would mix them): vk 1600, website 700, telegram 620, tv 500 (no leads).
    expect(
      campaigns
        .filter((r) => r.key === null)
        .map((r) => [r.channel, r.leads, r.spend, r.cpl])
        .sort(),
    ).toEqual([
      ['phone', 1, 0, null],
      ['telegram', 1, 620, 620],
      ['tv', 0, 500, null],
      ['vk', 1, 1600, 1600],
      ['website', 1, 700, 700],
    ]);
    expect(campaigns.find((r) => r.channel === 'vk')).toMatchObject({ label: 'vk', booked: 0 });
    const sources = await byKey('source');
    expect(sources.get(clinic.vkSourceId)).toMatchObject({ leads: 2, label: expect.stringMatching(/^web_form /), spend: null, cpl: null });
    const operators = await byKey('operator');
    expect(operators.get(clinic.o1.id)).toMatchObject({
      leads: 2,
      contactedWithinSla: 1,
      booked: 2,
      visited: 1,
      label: expect.stringMatching(/^Test operator/),
    });
    expect(operators.get(clinic.o2.id)).toMatchObject({ leads: 2, contactedWithinSla: 2, booked: 2, visited: 2, repeat: 1 });
    expect(operators.get(null)).toMatchObject({ leads: 2 });
    const doctors = await byKey('doctor');
    expect(doctors.get(clinic.moscow.doctorId)).toMatchObject({ leads: 4, booked: 4, visited: 3, revenue: 4000 }); // l1, l2 (no-show), l5, l7
    expect(doctors.get(clinic.yekaterinburg.doctorId)).toMatchObject({ leads: 1, visited: 1, revenue: 2000 });
    expect(doctors.get(null)).toMatchObject({ leads: 1, booked: 0 });
    const branches = await byKey('branch');
    expect(branches.get(clinic.moscow.branchId)).toMatchObject({ leads: 4, spend: 0, label: expect.stringMatching(/^Branch /) });
    expect(branches.get(clinic.yekaterinburg.branchId)).toMatchObject({ leads: 2, spend: 620 });
    expect(branches.get(null)).toMatchObject({ leads: 0, spend: 5900 }); // clinic-wide spend
  });

  it('filters by branch, with only that branch’s spend', async () => {
    const res = await funnel({ ...march, branchId: clinic.yekaterinburg.branchId });
    expect(res.body.total).toMatchObject({ leads: 2, booked: 2, visited: 2, revenue: 4000, spend: 620, romi: 5.4516 });
    expect((await funnel({ ...march, branchId: '00000000-0000-4000-8000-000000000000' })).status).toBe(403);
    expect((await funnel({ ...march, branchId: '00000000-0000-4000-8000-000000000000' }, admin)).status).toBe(404);
  });

  it('prorates spend that spans the report’s boundary, and follows its changes', async () => {
    const created = await spend({ channel: 'seo', periodStart: '2025-03-22', periodEnd: '2025-04-10', amount: 2000, currency: 'RUB' });
    const seo = async () => (await funnel({ ...march })).body.data.find((r: { key: string }) => r.key === 'seo');
    expect(await seo()).toMatchObject({ leads: 0, spend: 1000 }); // 10 of 20 days in March
    const patched = await t.http().patch(`/api/v1/marketing-spend/${created.body.id}`).set('Authorization', manager.auth).send({ periodEnd: '2025-03-31' });
    expect(patched.body).toMatchObject({ periodStart: '2025-03-22', periodEnd: '2025-03-31', amount: 2000 });
    expect(await seo()).toMatchObject({ spend: 2000 });
    expect((await t.http().delete(`/api/v1/marketing-spend/${created.body.id}`).set('Authorization', manager.auth)).status).toBe(204);
    expect(await seo()).toBeUndefined();
  });

  it('streams CSV with a header, RFC 4180 quoting and formula-escaped text', async () => {
    const m = clinic.moscow.branchId;
    await pastLead(t, { channel: 'vk', branchId: m, createdAt: '2025-05-10T07:00:00Z', campaign: '=HYPERLINK("http://x","y")' });
    await pastLead(t, { channel: 'vk', branchId: m, createdAt: '2025-05-11T07:00:00Z', campaign: '-10+20,"quoted"' });
    expect(
      (await spend({ channel: 'vk', campaign: '@SUM(A1)', periodStart: '2025-05-01', periodEnd: '2025-05-31', amount: 310, currency: 'RUB' })).status,
    ).toBe(201);
    const res = await funnel({ from: '2025-05-01', to: '2025-05-31', groupBy: 'campaign', format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="funnel-by-campaign-2025-05-01-2025-05-31.csv"');
    expect(res.text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const [header, ...rows] = parseCsv(res.text);
    expect(header!.slice(0, 5)).toEqual(['section', 'key', 'label', 'leads', 'contacted']);
    const keys = rows.map((r) => r[1]);
    expect(keys).toEqual(expect.arrayContaining([`'=HYPERLINK("http://x","y")`, `'-10+20,"quoted"`, `'@SUM(A1)`]));
    const sum = rows.find((r) => r[1] === `'@SUM(A1)`)!;
    expect(sum[header!.indexOf('spend')]).toBe('310');
    expect(sum[header!.indexOf('romi')]).toBe('-1'); // a number, not neutralized
    expect(rows[rows.length - 1]!.slice(0, 4)).toEqual(['total', '', '', '2']);
  });

  it('is for managers and admins only, and audits each view and export by field names', async () => {
    for (const role of ['operator', 'receptionist'] as const) {
      const who = await signedIn(t, role);
      for (const path of ['funnel', 'operators', 'doctors', 'repeat-visits', 'sla']) {
        expect((await t.http().get(`/api/v1/analytics/${path}`).query(march).set('Authorization', who.auth)).status).toBe(403);
      }
      expect((await t.http().get('/api/v1/marketing-spend').set('Authorization', who.auth)).status).toBe(403);
    }
    expect((await funnel(march, admin)).status).toBe(200);
    await funnel({ ...march, groupBy: 'campaign' });
    await funnel({ ...march, format: 'csv' });
    const { rows } = await t.db.query(`SELECT action, entity_id, fields FROM audit_events WHERE actor_id = $1 AND entity = 'report' ORDER BY id`, [manager.id]);
    expect(rows.slice(-2).map((r) => [r.action, r.entity_id])).toEqual([
      ['analytics.viewed', 'funnel'],
      ['analytics.exported', 'funnel'],
    ]);
    expect(rows[rows.length - 1].fields).toEqual(expect.arrayContaining(['leads', 'romi']));
    expect(JSON.stringify(rows)).not.toContain('spring');
  });

  it('refuses invalid periods and groupings', async () => {
    expect((await funnel({ from: '2025-03-02', to: '2025-03-01' })).status).toBe(400);
    expect((await funnel({ from: '2025-02-30', to: '2025-03-01' })).status).toBe(400);
    expect((await funnel({ ...march, groupBy: 'planet' })).status).toBe(400);
    expect((await funnel({ from: '2020-01-01', to: '2025-03-01' })).status).toBe(400);
    expect((await funnel({ to: '2025-03-01' })).status).toBe(400);
  });

  it('keeps the figures of an erased patient', async () => {
    const before = await Promise.all(['channel', 'operator', 'doctor'].map((groupBy) => funnel({ ...march, groupBy })));
    const erased = await t
      .http()
      .post(`/api/v1/patients/${clinic.leads.l1.patientId}/erase`)
      .set('Authorization', manager.auth)
      .send({ reason: 'subject_request', acknowledgeCautions: true });
    expect(erased.status).toBe(200);
    const after = await Promise.all(['channel', 'operator', 'doctor'].map((groupBy) => funnel({ ...march, groupBy })));
    expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body));
    expect(after[0]!.body.total).toMatchObject({ leads: 6, visited: 4, repeat: 3, revenue: 6000 });
  });
});

describe('analytics: marketing spend', () => {
  let t: TestApp;
  let manager: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    manager = await signedIn(t, 'manager');
  });
  afterAll(async () => t.close());

  it('keeps spend in the clinic’s currency: another currency is refused, reports say which, and it cannot change under recorded spend', async () => {
    const post = (body: Record<string, unknown>) => t.http().post('/api/v1/marketing-spend').set('Authorization', manager.auth).send(body);
    const june = { channel: 'radio', periodStart: '2024-06-01', periodEnd: '2024-06-30', amount: 16000 };
    expect((await post({ ...june, currency: 'RUB' })).status).toBe(201);
    const dollars = await post({ ...june, currency: 'USD' });
    expect(dollars.status).toBe(422);
    expect(dollars.body.error).toMatchObject({ code: 'UNPROCESSABLE', message: expect.stringMatching(/clinic's currency, RUB.*USD/) });
    const defaulted = await post({ ...june, amount: 1000 });
    expect([defaulted.status, defaulted.body.currency]).toEqual([201, 'RUB']);
    const report = await t
      .http()
      .get('/api/v1/analytics/funnel')
      .query({ from: '2024-06-01', to: '2024-06-30', groupBy: 'channel' })
      .set('Authorization', manager.auth);
    expect(report.body).toMatchObject({ currency: 'RUB', total: { spend: 17000 } });
    expect(
      (await t.http().get('/api/v1/analytics/doctors').query({ from: '2024-06-01', to: '2024-06-30' }).set('Authorization', manager.auth)).body.currency,
    ).toBe('RUB');
    const admin = await signedIn(t, 'admin');
    const change = await t.http().patch('/api/v1/settings').set('Authorization', admin.auth).send({ currency: 'USD' });
    expect(change.status).toBe(409);
    expect(change.body.error.message).toMatch(/recorded in RUB/);
    expect((await t.http().get('/api/v1/settings').set('Authorization', admin.auth)).body.currency).toBe('RUB');
  });

  it('creates, reads, lists, changes and deletes entries, and audits each change', async () => {
    const api = () => t.http();
    const created = await api()
      .post('/api/v1/marketing-spend')
      .set('Authorization', manager.auth)
      .send({ channel: 'context_ads', campaign: ' implants ', periodStart: '2025-10-01', periodEnd: '2025-10-31', amount: 150000.5, currency: 'RUB' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      channel: 'context_ads',
      campaign: 'implants',
      branchId: null,
      periodStart: '2025-10-01',
      periodEnd: '2025-10-31',
      amount: 150000.5,
      currency: 'RUB',
    });
    const id = created.body.id;
    expect((await api().get(`/api/v1/marketing-spend/${id}`).set('Authorization', manager.auth)).body).toMatchObject({ id, amount: 150000.5 });
    await api()
      .post('/api/v1/marketing-spend')
      .set('Authorization', manager.auth)
      .send({ channel: 'vk', periodStart: '2025-01-01', periodEnd: '2025-01-31', amount: 1, currency: 'RUB' });
    const october = await api().get('/api/v1/marketing-spend').query({ from: '2025-10-15', to: '2025-11-30' }).set('Authorization', manager.auth);
    expect(october.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
    const paged = await api().get('/api/v1/marketing-spend').query({ limit: 1 }).set('Authorization', manager.auth);
    expect(paged.body.data).toHaveLength(1);
    const next = await api().get('/api/v1/marketing-spend').query({ limit: 1, cursor: paged.body.nextCursor }).set('Authorization', manager.auth);
    expect(next.body.data).toHaveLength(1);
    expect(next.body.data[0].id).not.toBe(paged.body.data[0].id);
    const patched = await api().patch(`/api/v1/marketing-spend/${id}`).set('Authorization', manager.auth).send({ amount: 120000, campaign: 'implants-2' });
    expect(patched.body).toMatchObject({ amount: 120000, campaign: 'implants-2', periodEnd: '2025-10-31' });
    expect((await api().patch(`/api/v1/marketing-spend/${id}`).set('Authorization', manager.auth).send({ periodEnd: '2025-09-30' })).status).toBe(400);
    expect((await api().delete(`/api/v1/marketing-spend/${id}`).set('Authorization', manager.auth)).status).toBe(204);
    expect((await api().get(`/api/v1/marketing-spend/${id}`).set('Authorization', manager.auth)).status).toBe(404);
    const { rows } = await t.db.query(`SELECT action FROM audit_events WHERE entity = 'marketing_spend' AND entity_id = $1 ORDER BY id`, [id]);
    expect(rows.map((r) => r.action)).toEqual(['marketing_spend.created', 'marketing_spend.updated', 'marketing_spend.deleted']);
  });

  it('refuses invalid entries', async () => {
    const post = (body: Record<string, unknown>) => t.http().post('/api/v1/marketing-spend').set('Authorization', manager.auth).send(body);
    const valid = { channel: 'vk', periodStart: '2025-01-01', periodEnd: '2025-01-31', amount: 100, currency: 'RUB' };
    expect((await post({ ...valid, periodEnd: '2024-12-31' })).status).toBe(400);
    expect((await post({ ...valid, channel: 'billboards' })).status).toBe(400);
    expect((await post({ ...valid, amount: -1 })).status).toBe(400);
    expect((await post({ ...valid, amount: 1.005 })).status).toBe(400);
    expect((await post({ ...valid, currency: 'rub' })).status).toBe(400);
    expect((await post({ ...valid, periodStart: '2025-02-30' })).status).toBe(400);
    // A branch the manager does not work at is refused; an admin is told it does not exist.
    expect((await post({ ...valid, branchId: '00000000-0000-4000-8000-000000000000' })).status).toBe(403);
    const admin = await signedIn(t, 'admin');
    const asAdmin = await t
      .http()
      .post('/api/v1/marketing-spend')
      .set('Authorization', admin.auth)
      .send({ ...valid, branchId: '00000000-0000-4000-8000-000000000000' });
    expect(asAdmin.status).toBe(404);
  });
});
