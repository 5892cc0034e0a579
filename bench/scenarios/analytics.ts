import type { Dataset } from '../lib/datasets.js';
import { LARGE_YEAR } from '../lib/large-dataset.js';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { timeGet, withoutBody } from '../lib/request-timer.js';
import { timeRepeated } from '../lib/stats.js';

const RUNS = 10;
export const MILLION = 1_000_000;

/**
 * Analytics over the large data set (about 1M leads, 2M calls, 600k appointments; built once and kept): every report
 * over a year, over HTTP as a manager of every branch, p50 and p99 of repeated runs. The first report after a bulk
 * load rebuilds the rollups (its time is reported as rollupSec).
 */
export async function analyticsReports(ctx: BenchContext, runs = RUNS): Promise<ScenarioResult[]> {
  const data = await ctx.datasets.get(MILLION);
  const auth = await data.auth('manager');
  const report = (path: string, query: Record<string, string>) => async () => {
    const res = await fetch(`${data.app.baseUrl}/api/v1/analytics/${path}?${new URLSearchParams({ ...LARGE_YEAR, ...query })}`, {
      headers: { authorization: auth },
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  const rollupSec = data.rollupSec;
  const measure = async (name: string, task: () => Promise<void>, limitMs?: number): Promise<ScenarioResult> => {
    const timing = await timeRepeated(task, runs, 2);
    return {
      name,
      target: limitMs === undefined ? 'report only' : `p50 <= ${limitMs} ms`,
      result: { ...timing, ...dataSet(data), buildSec: data.buildSec, rollupSec },
      ok: limitMs === undefined ? undefined : timing.p50 <= limitMs,
    };
  };
  // Leads arriving between reports: each run first inserts 100 leads on days spread over the year, copies of
  // existing ones (same status and owner, so the lead list below still reads the data set it was built with).
  let batch = 0;
  const afterNewLeads = async () => {
    batch++;
    await data.db.query(
      `INSERT INTO leads (patient_id, source_id, branch_id, channel, utm_campaign, status, assigned_operator_id, lost_reason, consent_status,
                          created_at, sla_due_at, first_contact_at)
       SELECT l.patient_id, l.source_id, l.branch_id, l.channel, l.utm_campaign, l.status, l.assigned_operator_id, l.lost_reason, 'given',
              l.created_at + interval '1 second', l.sla_due_at, l.first_contact_at
         FROM leads l WHERE l.created_at >= $1::date + ($2::int % 300) * interval '1 day' ORDER BY l.created_at LIMIT 100`,
      [LARGE_YEAR.from, batch * 37],
    );
    await report('funnel', { groupBy: 'channel' })();
  };
  // Leads worked on between reports: each run first gives 100 leads of a day to another operator and contacts them.
  const afterChangedLeads = async () => {
    batch++;
    await data.db.query(
      `UPDATE leads SET assigned_operator_id = (SELECT id FROM staff_users WHERE role = 'operator' AND email LIKE 'large-operator-%' ORDER BY random() LIMIT 1),
                        first_contact_at = COALESCE(first_contact_at, created_at + interval '77 seconds')
        WHERE id IN (SELECT id FROM leads WHERE created_at >= $1::date + ($2::int % 300) * interval '1 day' ORDER BY created_at LIMIT 100)`,
      [LARGE_YEAR.from, batch * 41],
    );
    await report('funnel', { groupBy: 'channel' })();
  };
  return [
    await measure('funnel by channel, one year', report('funnel', { groupBy: 'channel' }), 300),
    await measure('funnel by channel, one year, 100 new leads before each', afterNewLeads, 150),
    await measure('funnel by channel, one year, 100 changed leads before each', afterChangedLeads, 150),
    await measure('funnel by channel, 2025-01-15..2025-12-14', report('funnel', { groupBy: 'channel', from: '2025-01-15', to: '2025-12-14' }), 300),
    await measure('funnel by operator, one year', report('funnel', { groupBy: 'operator' }), 300),
    await measure('funnel by campaign, one year', report('funnel', { groupBy: 'campaign' }), 300),
    await measure('funnel by month, one year', report('funnel', { groupBy: 'month' }), 300),
    await measure('funnel by week, one year', report('funnel', { groupBy: 'week' }), 300),
    await measure('funnel by day, one year', report('funnel', { groupBy: 'day' }), 300),
    await measure('operator scorecards, one year', report('operators', {}), 300),
    await measure('repeat-visit cohorts, one year', report('repeat-visits', {}), 300),
    await measure('SLA report, one year', report('sla', {}), 300),
    await measure('doctor scorecards, one year', report('doctors', {}), 300),
    ...(await leadListPages(ctx)),
  ];
}

/** The lead list over the 1M data set as a manager of every branch and as an operator of one branch (the access policy applied). */
export async function leadListPages(ctx: BenchContext): Promise<ScenarioResult[]> {
  const data = await ctx.datasets.get(MILLION);
  return [
    await leadListPage(data, 'manager', 'a manager of every branch', 'status=new,assigned,in_progress&channel=website&limit=50'),
    await leadListPage(data, 'operator', 'an operator of one branch, by phone', 'q=%2B79000123456&limit=50'),
  ];
}

/** The operators' and managers' lead list: one filtered page over the data set's leads, as the desk loads it. */
export async function leadListPage(data: Dataset, role: 'manager' | 'operator', who: string, query: string, runs = 200): Promise<ScenarioResult> {
  const auth = await data.auth(role);
  const timing = withoutBody(
    await timeGet({ url: `${data.app.baseUrl}/api/v1/leads?${query}`, headers: { authorization: auth }, runs, warmup: 10, slowest: 3 }),
  );
  return {
    name: `lead list page with filters, ${data.leads} leads, ${who}`,
    target: 'p99 <= 20 ms',
    result: { ...timing, ...dataSet(data) },
    ok: timing.p99 <= 20,
  };
}

function dataSet(data: Dataset) {
  return { leads: data.sizes.leads, calls: data.sizes.calls, appointments: data.sizes.appointments, patients: data.sizes.patients };
}
