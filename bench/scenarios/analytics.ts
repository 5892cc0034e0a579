import { buildLargeDataset, LARGE_MARKER, LARGE_YEAR, type LargeDatasetSizes } from '../lib/large-dataset.js';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { timeRepeated } from '../lib/stats.js';

const RUNS = 10;

/**
 * Analytics over the large data set (about 1M leads, 2M calls, 600k appointments; built into the bench database
 * unless already there): the funnel for a year by channel, by operator and by month, operator scorecards and
 * repeat-visit cohorts, each over HTTP as a manager, p50 and p99 of repeated runs.
 */
export async function analyticsReports(ctx: BenchContext, runs = RUNS): Promise<ScenarioResult[]> {
  const started = Date.now();
  const sizes = await buildLargeDataset(ctx.db, { log: (line) => process.stderr.write(`  large data set: ${line}\n`) });
  const buildSec = Math.round((Date.now() - started) / 1000);
  // A manager over every branch of the data set (reports and lists then apply the access policy's branch filter),
  // and an operator of one branch.
  const auth = await ctx.auth('manager');
  const operatorAuth = await ctx.auth('operator');
  await ctx.db.query(
    `INSERT INTO staff_branches (staff_id, branch_id)
     SELECT u.id, b.id FROM staff_users u, branches b
      WHERE u.email LIKE 'bench-%' AND b.name LIKE $1 AND (u.role = 'manager' OR b.name = $2)
     ON CONFLICT DO NOTHING`,
    [`${LARGE_MARKER}%`, `${LARGE_MARKER} 1`],
  );
  const report = (path: string, query: Record<string, string>) => async () => {
    const res = await fetch(`${ctx.baseUrl}/api/v1/analytics/${path}?${new URLSearchParams({ ...LARGE_YEAR, ...query })}`, { headers: { authorization: auth } });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  // The first report brings the funnel rollup up to date; after a bulk load that is a whole rebuild.
  const rollupStarted = Date.now();
  await report('funnel', { groupBy: 'channel' })();
  const rollupSec = Math.round((Date.now() - rollupStarted) / 100) / 10;
  const measure = async (name: string, target: string, task: () => Promise<void>, limitMs?: number): Promise<ScenarioResult> => {
    const timing = await timeRepeated(task, runs, 2);
    return { name, target, result: { ...timing, ...dataSet(sizes), buildSec, rollupSec }, ok: limitMs === undefined ? undefined : timing.p50 <= limitMs };
  };
  // Leads arriving between reports: each run first inserts 100 leads on days spread over the year, copies of
  // existing ones (same status and owner, so the lead list below still reads the data set it was built with).
  let batch = 0;
  const afterNewLeads = async () => {
    batch++;
    await ctx.db.query(
      `INSERT INTO leads (patient_id, source_id, branch_id, channel, utm_campaign, status, assigned_operator_id, lost_reason, consent_status,
                          created_at, sla_due_at, first_contact_at)
       SELECT l.patient_id, l.source_id, l.branch_id, l.channel, l.utm_campaign, l.status, l.assigned_operator_id, l.lost_reason, 'given',
              l.created_at + interval '1 second', l.sla_due_at, l.first_contact_at
         FROM leads l WHERE l.created_at >= $1::date + ($2::int % 300) * interval '1 day' ORDER BY l.created_at LIMIT 100`,
      [LARGE_YEAR.from, batch * 37],
    );
    await report('funnel', { groupBy: 'channel' })();
  };
  return [
    await measure('funnel by channel, one year', 'p50 <= 500 ms', report('funnel', { groupBy: 'channel' }), 500),
    await measure('funnel by channel, one year, 100 new leads before each', 'report only', afterNewLeads),
    await measure('funnel by channel, 2025-01-15..2025-12-14', 'report only', report('funnel', { groupBy: 'channel', from: '2025-01-15', to: '2025-12-14' })),
    await measure('funnel by operator, one year', 'report only', report('funnel', { groupBy: 'operator' })),
    await measure('funnel by month, one year', 'report only', report('funnel', { groupBy: 'month' })),
    await measure('operator scorecards, one year', 'report only', report('operators', {})),
    await measure('repeat-visit cohorts, one year', 'report only', report('repeat-visits', {})),
    await leadListPage(ctx, auth, sizes, 'a manager of every branch', 'status=new,assigned,in_progress&channel=website&limit=50'),
    await leadListPage(ctx, operatorAuth, sizes, 'an operator of one branch, by phone', 'q=%2B79000123456&limit=50'),
  ];
}

/** The operators' and managers' lead list: one filtered page over the million leads, as the desk loads it. */
async function leadListPage(ctx: BenchContext, auth: string, sizes: LargeDatasetSizes, who: string, query: string): Promise<ScenarioResult> {
  const page = async () => {
    const res = await fetch(`${ctx.baseUrl}/api/v1/leads?${query}`, { headers: { authorization: auth } });
    if (!res.ok) throw new Error(`leads answered ${res.status}`);
    await res.arrayBuffer();
  };
  const timing = await timeRepeated(page, 200, 10);
  return { name: `lead list page with filters, 1M leads, ${who}`, target: 'p99 <= 20 ms', result: { ...timing, ...dataSet(sizes) }, ok: timing.p99 <= 20 };
}

function dataSet(sizes: LargeDatasetSizes) {
  return { leads: sizes.leads, calls: sizes.calls, appointments: sizes.appointments, patients: sizes.patients };
}
