import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DemoSeeder, type DemoLogins } from '../../src/modules/demo/demo.seeder.js';
import { isFemaleName } from '../../src/modules/demo/demo-names.js';
import { StaffService } from '../../src/modules/staff/staff.service.js';
import { isoWeekday, localDayOf, MINUTE_MS, minutesOfDay, offsetMinutes } from '../../src/common/time/zoned-time.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** The demo clinic a fresh `npm start` shows: a year of life that every report has something to say about. */
describe('demo clinic', () => {
  let t: TestApp;
  let logins: DemoLogins;
  let managerAuth: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    const adminId = (await t.app.get(StaffService).createFirstAdmin('admin@demo.test', 'demo-admin-password'))!;
    logins = (await t.app.get(DemoSeeder).seedIfEmpty(adminId))!;
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'manager@demo.clinicdesk.local', password: logins.password });
    managerAuth = `Bearer ${login.body.accessToken}`;
  }, 120_000);
  afterAll(async () => t.close());

  const count = async (sql: string) => (await t.db.query(sql)).rows[0].n as number;

  it('has a year of inquiries over every channel, with calls, visits, repeat visits, open callbacks and spend', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM leads`)).toBeGreaterThan(2500);
    expect(await count(`SELECT count(DISTINCT channel)::int AS n FROM leads`)).toBeGreaterThanOrEqual(11);
    expect(await count(`SELECT (max(created_at) - min(created_at) > interval '360 days')::int AS n FROM leads`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM calls`)).toBeGreaterThan(2000);
    expect(await count(`SELECT count(*)::int AS n FROM appointments WHERE status = 'completed'`)).toBeGreaterThan(400);
    for (const status of ['no_show', 'cancelled', 'scheduled'])
      expect(await count(`SELECT count(*)::int AS n FROM appointments WHERE status = '${status}'`)).toBeGreaterThan(10);
    expect(await count(`SELECT count(*)::int AS n FROM appointments WHERE lead_id IS NULL AND status = 'completed'`)).toBeGreaterThan(50); // patients coming back
    expect(await count(`SELECT count(*)::int AS n FROM callbacks WHERE done_at IS NULL AND due_at > now()`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM leads WHERE status = 'new'`)).toBeGreaterThanOrEqual(0);
    expect(await count(`SELECT count(*)::int AS n FROM marketing_spend`)).toBeGreaterThan(50);
    expect(await count(`SELECT count(*)::int AS n FROM consent_events`)).toBeGreaterThanOrEqual(3);
    expect(await count(`SELECT count(*)::int AS n FROM subject_requests WHERE status = 'open'`)).toBeGreaterThanOrEqual(1);
  });

  it('shows non-zero visits, repeat visits, revenue and return on spend in the manager’s reports', async () => {
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
    const funnel = await t.http().get('/api/v1/analytics/funnel').query({ from, to, groupBy: 'channel' }).set('Authorization', managerAuth);
    expect(funnel.status).toBe(200);
    const total = funnel.body.total;
    for (const figure of ['leads', 'contacted', 'booked', 'visited', 'repeat', 'revenue', 'spend'])
      expect({ figure, value: total[figure] > 0 }).toEqual({ figure, value: true });
    expect(total.romi).not.toBeNull();
    const operators = await t.http().get('/api/v1/analytics/operators').query({ from, to }).set('Authorization', managerAuth);
    const rates = operators.body.data.filter((o: { leadsHandled: number }) => o.leadsHandled > 0).map((o: { slaRate: number }) => o.slaRate);
    expect(rates.length).toBe(4);
    // Operators of different quality: the fastest meets the first-contact target far more often than the slowest.
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.25);
  });

  it('gives people consistent Russian names, split into surname, first name and patronymic', async () => {
    const { rows } = await t.db.query(`SELECT last_name, first_name, middle_name FROM patients WHERE anonymized_at IS NULL`);
    expect(rows.length).toBeGreaterThan(1000);
    for (const row of rows) {
      const female = isFemaleName({ lastName: row.last_name, firstName: row.first_name, middleName: row.middle_name });
      expect({
        row,
        agrees: female ? /на$/.test(row.middle_name) && /а$/.test(row.last_name) : /ич$/.test(row.middle_name) && !/а$/.test(row.last_name),
      }).toEqual({ row, agrees: true });
    }
  });

  it('counts first-contact deadlines in call-center hours and marks breaches by them', async () => {
    const { rows } = await t.db.query(
      // Leads that arrived at a branch (a clinic-wide one is due in the main call center's hours, whatever branch took it later).
      `SELECT l.sla_due_at, l.first_contact_at, l.sla_breached, b.timezone, b.call_center_hours
         FROM leads l JOIN intake_sources s ON s.id = l.source_id AND s.branch_id = l.branch_id JOIN branches b ON b.id = l.branch_id`,
    );
    const problems = rows.filter((r) => {
      const due = r.sla_due_at.getTime();
      const day = localDayOf(r.timezone, due);
      const minute = Math.round((due + offsetMinutes(r.timezone, due) * MINUTE_MS - day * 86_400_000) / MINUTE_MS);
      const open = (r.call_center_hours as { weekdays: number[]; start: string; end: string }[]).some(
        (h) => h.weekdays.includes(isoWeekday(day)) && minute > minutesOfDay(h.start) && minute <= minutesOfDay(h.end),
      );
      const breached = Math.min(r.first_contact_at?.getTime() ?? Date.now(), Date.now()) > due;
      return !open || breached !== r.sla_breached;
    });
    expect(problems).toEqual([]);
  });

  it('keeps visits on the clock: past ones happened or not, coming ones are booked', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM appointments WHERE status IN ('completed', 'no_show', 'arrived') AND starts_at > now()`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM appointments WHERE status IN ('scheduled', 'confirmed') AND ends_at <= now()`)).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM leads l WHERE l.status = 'booked' AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.lead_id = l.id)`),
    ).toBe(0);
  });

  it('signs in every demo staff member, who see only their branches', async () => {
    for (const email of logins.emails) {
      const res = await t.http().post('/api/v1/auth/login').send({ email, password: logins.password });
      expect({ email, status: res.status }).toEqual({ email, status: 200 });
    }
    const reception = await t.http().post('/api/v1/auth/login').send({ email: 'reception2@demo.clinicdesk.local', password: logins.password });
    const board = await t.http().get('/api/v1/appointments').query({ limit: 200 }).set('Authorization', `Bearer ${reception.body.accessToken}`);
    expect(new Set(board.body.data.map((a: { branchId: string }) => a.branchId)).size).toBe(1);
  });
});
