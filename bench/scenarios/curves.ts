import { cpuMs } from '../lib/app-process.js';
import type { Dataset } from '../lib/datasets.js';
import { LARGE_YEAR } from '../lib/large-dataset.js';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { round, timeRepeated } from '../lib/stats.js';
import { leadListPage } from './analytics.js';
import { availabilityLatency } from './booking.js';
import { intakeFixture, postForms } from './intake.js';

/** Data set sizes of the cost curves, in leads. */
export const CURVE_SIZES = [10_000, 100_000, 1_000_000];

interface Point {
  leads: number;
  value: number;
}

/**
 * How intake, the lead list, availability and the funnel grow with the data: each measured on data sets of 10k, 100k
 * and 1M leads (with calls, appointments and spend in proportion), on an app process of its own. A row per measure
 * and size, then a row per measure saying how it grows over the hundredfold.
 */
export async function costCurves(ctx: BenchContext, sizes = CURVE_SIZES): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const curves = new Map<string, { unit: string; better: 'lower' | 'higher'; points: Point[] }>();
  const add = (measure: string, unit: string, better: 'lower' | 'higher', leads: number, value: number, detail: Record<string, unknown>) => {
    if (!curves.has(measure)) curves.set(measure, { unit, better, points: [] });
    curves.get(measure)!.points.push({ leads, value });
    results.push({ name: `curve: ${measure}, ${leads} leads`, target: 'report only', result: { leads, [unit]: value, ...detail } });
  };
  for (const leads of sizes) {
    const data = await ctx.datasets.get(leads);
    const list = await leadListPage(data, 'manager', 'a manager', 'status=new,assigned,in_progress&channel=website&limit=50', 100);
    add('lead list page (manager, filtered)', 'p50Ms', 'lower', leads, list.result.p50 as number, { p99Ms: list.result.p99 });
    const funnel = await funnelTiming(data);
    add('funnel by channel, one year', 'p50Ms', 'lower', leads, funnel.p50, { p99Ms: funnel.p99, rollupBuildSec: data.rollupSec });
    const availability = await availabilityLatency({ baseUrl: data.app.baseUrl, auth: data.auth, db: data.db }, { runs: 100 });
    add('availability, 20 doctors x 14 days', 'p50Ms', 'lower', leads, availability.result.p50 as number, { p99Ms: availability.result.p99 });
    const fixture = await intakeFixture({ baseUrl: data.app.baseUrl, auth: data.auth });
    const app0 = cpuMs(data.app.pid);
    const intake = await postForms(fixture, data.app.baseUrl, 50, 5);
    add('web-form intake, 50 connections', 'leadsPerSec', 'higher', leads, intake.leadsPerSec, {
      p50Ms: intake.p50Ms,
      p99Ms: intake.p99Ms,
      errors: intake.errors + intake.non2xx,
      appCpuMsPerLead: round((cpuMs(data.app.pid) - app0) / Math.max(1, intake.created), 3),
    });
  }
  for (const [measure, curve] of curves) {
    const [first, last] = [curve.points[0]!, curve.points[curve.points.length - 1]!];
    const growth = curve.better === 'lower' ? last.value / first.value : first.value / last.value;
    results.push({
      name: `curve: ${measure}`,
      target: 'grows no faster than log(leads)',
      result: {
        [curve.unit]: curve.points.map((p) => `${p.leads}:${p.value}`).join(' '),
        costGrowth: round(growth, 2),
        dataGrowth: last.leads / first.leads,
        shape: shapeOf(growth, last.leads / first.leads),
      },
      ok: growth <= 3,
    });
  }
  return results;
}

/** Flat (within noise), logarithmic (a few times over a hundredfold), linear (about as much as the data), or in between. */
export function shapeOf(costGrowth: number, dataGrowth: number): string {
  if (costGrowth <= 1.5) return 'flat';
  if (costGrowth <= 4) return 'logarithmic';
  if (costGrowth >= dataGrowth / 3) return 'linear';
  return 'sublinear';
}

async function funnelTiming(data: Dataset): Promise<{ p50: number; p99: number }> {
  const auth = await data.auth('manager');
  const report = async () => {
    const res = await fetch(`${data.app.baseUrl}/api/v1/analytics/funnel?${new URLSearchParams({ ...LARGE_YEAR, groupBy: 'channel' })}`, {
      headers: { authorization: auth },
    });
    if (!res.ok) throw new Error(`funnel answered ${res.status}`);
    await res.arrayBuffer();
  };
  const timing = await timeRepeated(report, 20, 2);
  return { p50: timing.p50, p99: timing.p99 };
}
