import autocannon from 'autocannon';
import { rssMb } from '../lib/app-process.js';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { pushLatency } from './push.js';

export interface IntakeFixture {
  key: string;
  documentId: string;
}

/** A published personal-data consent document and a web-form source, made through the API as an admin would. */
export async function intakeFixture(ctx: BenchContext): Promise<IntakeFixture> {
  const auth = await ctx.auth('admin');
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${ctx.baseUrl}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };
  const document = await post('/consent-documents', {
    kind: 'personal_data', version: `bench-${Date.now()}`, title: 'Consent', body: 'I agree to the processing of my personal data.',
    operatorName: 'Clinic LLC', operatorAddress: 'Moscow', purposes: ['appointments'], dataCategories: ['name', 'phone'], actions: ['storage'],
    retention: '3 years', withdrawalMethod: 'link',
  });
  await post(`/consent-documents/${document.id}/publish`, {});
  const source = await post('/intake-sources', { kind: 'web_form', name: `bench form ${Date.now()}`, channel: 'website' });
  return { key: source.key!, documentId: document.id! };
}

let phoneCounter = 0;
/** A distinct, valid Russian mobile number per call. */
export function nextPhone(): string {
  phoneCounter += 1;
  return `+7916${String(1_000_000 + (phoneCounter % 9_000_000)).padStart(7, '0')}`;
}

export function formBody(fixture: IntakeFixture): string {
  return JSON.stringify({
    name: 'Bench Person', phone: nextPhone(), message: 'Please call me back', consent: { documentId: fixture.documentId, accepted: true },
    utm: { source: 'bench', medium: 'cpc', campaign: 'load' }, pageUrl: 'https://clinic.example/landing',
  });
}

/** Web-form intake at 50 connections for `seconds`: leads per second, latency, errors, and the app's peak memory. */
export async function webFormIntake(ctx: BenchContext, fixture: IntakeFixture, seconds = 10): Promise<ScenarioResult[]> {
  let peakRss = rssMb(ctx.appPid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(ctx.appPid))), 200);
  const result = await autocannon({
    url: `${ctx.baseUrl}/api/v1/public/intake/web-form`,
    connections: 50,
    duration: seconds,
    requests: [{
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-intake-key': fixture.key },
      setupRequest: (req) => ({ ...req, body: formBody(fixture) }),
    }],
  });
  clearInterval(sampler);
  const created = result.statusCodeStats['201']?.count ?? 0;
  const errors = result.errors + result.timeouts + (result.requests.sent - created - result.errors - result.timeouts > 0 ? result.non2xx : 0);
  const leadsPerSec = Math.round(created / seconds);
  return [
    {
      name: 'web-form intake, 50 connections',
      target: '>= 1500 leads/s, p99 <= 50 ms, 0 errors',
      result: { leadsPerSec, p50Ms: result.latency.p50, p99Ms: result.latency.p99, created, errors, non2xx: result.non2xx },
      ok: leadsPerSec >= 1500 && result.latency.p99 <= 50 && errors === 0 && result.non2xx === 0,
    },
    { name: 'API process RSS under intake load', target: '<= 300 MB', result: { peakRssMb: peakRss }, ok: peakRss <= 300 },
  ];
}

/** Lead accepted -> lead.created at 100 connected operators, on one instance and spread over two. */
export async function leadPush(ctx: BenchContext, fixture: IntakeFixture): Promise<ScenarioResult[]> {
  const token = (await ctx.auth('operator')).replace(/^Bearer /, '');
  const tokens = Array.from({ length: 100 }, () => token);
  const publish = async () => {
    const res = await fetch(`${ctx.baseUrl}/api/v1/public/intake/web-form`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-intake-key': fixture.key }, body: formBody(fixture) });
    if (res.status !== 201) throw new Error(`intake failed: ${res.status}`);
  };
  const one = await pushLatency({ name: 'push latency, 100 operators, one instance', baseUrls: [ctx.baseUrl], tokens, publish, eventType: 'lead.created', target: { p50: 5, p99: 25 } });
  const second = await ctx.startSecondInstance();
  const two = await pushLatency({ name: 'push latency, 100 operators, two instances', baseUrls: [ctx.baseUrl, second.baseUrl], tokens, publish, eventType: 'lead.created', target: { p99: 50 } });
  return [one, two];
}
