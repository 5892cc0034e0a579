import { cpuMs } from '../lib/app-process.js';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { round } from '../lib/stats.js';
import { formBody, type IntakeFixture, intakeFixture, intakeSettled, postForms } from './intake.js';
import { pushLatency } from './push.js';

/**
 * Two app instances on one PostgreSQL, as behind a load balancer: web-form intake on one instance, then the same 50
 * connections split over both (throughput of each and together, and the CPU each took per lead), and the push of a
 * lead accepted on one instance to 100 operator sockets spread over both.
 */
export async function scaleOut(ctx: BenchContext, seconds = 10): Promise<ScenarioResult[]> {
  const fixture = await intakeFixture(ctx);
  const second = await ctx.startSecondInstance();
  const cpu = () => [cpuMs(ctx.appPid), cpuMs(second.pid)];
  const before = cpu();
  const one = await postForms(fixture, ctx.baseUrl, 50, seconds);
  const middle = cpu();
  const [a, b] = await Promise.all([
    postForms(fixture, ctx.baseUrl, 25, seconds),
    postForms({ ...fixture, baseUrl: second.baseUrl }, second.baseUrl, 25, seconds),
  ]);
  const after = cpu();
  const perLead = (ms: number, leads: number) => round(ms / Math.max(1, leads), 3);
  const results: ScenarioResult[] = [
    {
      name: 'scale-out: web-form intake, one instance, 50 connections',
      target: 'reference for two instances',
      result: { ...one, appCpuMsPerLead: perLead(middle[0]! - before[0]!, one.created) },
    },
    {
      name: 'scale-out: web-form intake, two instances, 25 connections each',
      target: 'reported (on one machine both instances share its cores); 0 errors',
      result: {
        leadsPerSec: a.leadsPerSec + b.leadsPerSec,
        instanceA: a.leadsPerSec,
        instanceB: b.leadsPerSec,
        p50MsA: a.p50Ms,
        p50MsB: b.p50Ms,
        p99MsA: a.p99Ms,
        p99MsB: b.p99Ms,
        errors: a.errors + b.errors + a.non2xx + b.non2xx,
        appCpuMsPerLeadA: perLead(after[0]! - middle[0]!, a.created),
        appCpuMsPerLeadB: perLead(after[1]! - middle[1]!, b.created),
      },
      ok: a.errors + b.errors + a.non2xx + b.non2xx === 0,
    },
  ];
  await intakeSettled(ctx);
  results.push(await crossInstancePush(ctx, fixture, second.baseUrl));
  return results;
}

/** A lead accepted on one instance reaching 100 operator sockets spread over two instances. */
async function crossInstancePush(ctx: BenchContext, fixture: IntakeFixture, secondUrl: string): Promise<ScenarioResult> {
  const token = (await ctx.auth('operator')).replace(/^Bearer /, '');
  const publish = async () => {
    const res = await fetch(`${ctx.baseUrl}/api/v1/public/intake/web-form`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-intake-key': fixture.key },
      body: formBody(fixture),
    });
    if (res.status !== 201) throw new Error(`intake failed: ${res.status}`);
  };
  return pushLatency({
    name: 'scale-out: push latency, 100 operators over two instances',
    baseUrls: [ctx.baseUrl, secondUrl],
    tokens: Array.from({ length: 100 }, () => token),
    publish,
    eventType: 'lead.created',
    target: { p99: 50 },
  });
}
