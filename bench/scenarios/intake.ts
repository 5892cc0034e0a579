import autocannon from 'autocannon';
import { io, type Socket } from 'socket.io-client';
import { cpuMs, rssMb } from '../lib/app-process.js';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { percentile, round } from '../lib/stats.js';
import { pushLatency } from './push.js';

export interface IntakeFixture {
  baseUrl: string;
  key: string;
  documentId: string;
}

/** A published personal-data consent document and a web-form source, made through the API as an admin would. */
export async function intakeFixture(ctx: Pick<BenchContext, 'baseUrl' | 'auth'>): Promise<IntakeFixture> {
  const auth = await ctx.auth('admin');
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${ctx.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };
  const document = await post('/consent-documents', {
    kind: 'personal_data',
    version: `bench-${Date.now()}`,
    title: 'Consent',
    body: 'I agree to the processing of my personal data.',
    operatorName: 'Clinic LLC',
    operatorAddress: 'Moscow',
    purposes: ['appointments'],
    dataCategories: ['name', 'phone'],
    actions: ['storage'],
    retention: '3 years',
    withdrawalMethod: 'link',
  });
  await post(`/consent-documents/${document.id}/publish`, {});
  const source = await post('/intake-sources', { kind: 'web_form', name: `bench form ${Date.now()}`, channel: 'website' });
  return { baseUrl: ctx.baseUrl, key: source.key!, documentId: document.id! };
}

let phoneCounter = 0;
/** A distinct, valid Russian mobile number per call. */
export function nextPhone(): string {
  phoneCounter += 1;
  return `+7916${String(1_000_000 + (phoneCounter % 9_000_000)).padStart(7, '0')}`;
}

/** A form submission; the name carries the moment it was sent, so an operator's socket can tell how long it took. */
export function formBody(fixture: IntakeFixture): string {
  return JSON.stringify({
    name: `Bench ${Date.now()}`,
    phone: nextPhone(),
    message: 'Please call me back',
    consent: { documentId: fixture.documentId, accepted: true },
    utm: { source: 'bench', medium: 'cpc', campaign: 'load' },
    pageUrl: 'https://clinic.example/landing',
  });
}

export interface IntakeRun {
  created: number;
  leadsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** `connections` connections posting forms to `baseUrl` for `seconds`. */
export async function postForms(fixture: IntakeFixture, baseUrl: string, connections: number, seconds: number): Promise<IntakeRun> {
  const result = await autocannon({
    url: `${baseUrl}/api/v1/public/intake/web-form`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-intake-key': fixture.key },
        setupRequest: (req) => ({ ...req, body: formBody(fixture) }),
      },
    ],
  });
  const created = result.statusCodeStats['201']?.count ?? 0;
  return {
    created,
    leadsPerSec: Math.round(created / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Operators' sockets that time each new lead from the moment its form was sent (the name carries it) to its arrival.
 * Every (lead, socket) pair is one sample.
 */
export async function leadArrivals(baseUrl: string, token: string, sockets: number): Promise<{ samples: number[]; close(): void }> {
  const samples: number[] = [];
  const open: Socket[] = await Promise.all(
    Array.from(
      { length: sockets },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = io(`${baseUrl}/realtime`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
          socket.on('lead.created', (event: { data?: { name?: string } }) => {
            const sent = Number(/^Bench (\d+)$/.exec(event.data?.name ?? '')?.[1]);
            if (sent) samples.push(Date.now() - sent);
          });
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', reject);
        }),
    ),
  );
  return { samples, close: () => open.forEach((s) => s.close()) };
}

/**
 * Web-form intake at 50 connections for `seconds`: leads per second, latency, errors, the app's peak memory and CPU
 * per lead (and PostgreSQL's, on the embedded server), and the time from sending a form to its lead reaching an
 * operator's socket while the load runs.
 */
export async function webFormIntake(ctx: BenchContext, fixture: IntakeFixture, seconds = 10): Promise<ScenarioResult[]> {
  const token = (await ctx.auth('operator')).replace(/^Bearer /, '');
  const arrivals = await leadArrivals(ctx.baseUrl, token, 5);
  let peakRss = rssMb(ctx.appPid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(ctx.appPid))), 200);
  const [app0, pg0] = [cpuMs(ctx.appPid), ctx.postgresCpuMs()];
  const run = await postForms(fixture, ctx.baseUrl, 50, seconds);
  // Let the last answers' leads reach the sockets.
  await new Promise((resolve) => setTimeout(resolve, 500));
  clearInterval(sampler);
  arrivals.close();
  const appMsPerLead = round((cpuMs(ctx.appPid) - app0) / Math.max(1, run.created), 3);
  const pgMsPerLead = pg0 === undefined ? undefined : round((ctx.postgresCpuMs()! - pg0) / Math.max(1, run.created), 3);
  return [
    {
      name: 'web-form intake, 50 connections',
      target: '>= 1500 leads/s, p99 <= 50 ms, 0 errors',
      result: { ...run, appCpuMsPerLead: appMsPerLead, postgresCpuMsPerLead: pgMsPerLead },
      ok: run.leadsPerSec >= 1500 && run.p99Ms <= 50 && run.errors === 0 && run.non2xx === 0,
    },
    {
      name: 'form sent -> lead at an operator socket, during that load',
      target: 'p99 <= 100 ms',
      result: {
        sockets: 5,
        samples: arrivals.samples.length,
        p50: round(percentile(arrivals.samples, 50), 1),
        p99: round(percentile(arrivals.samples, 99), 1),
        max: Math.max(...arrivals.samples),
      },
      ok: percentile(arrivals.samples, 99) <= 100,
    },
    { name: 'API process RSS under intake load', target: '<= 300 MB', result: { peakRssMb: peakRss }, ok: peakRss <= 300 },
  ];
}

/** Lead accepted -> lead.created at 100 connected operators, on one instance and spread over two. */
/**
 * Waits until the forms of an earlier load are leads and their events are out. Push is measured by arrivals per
 * socket, so a late event of that load would be taken for the one a measurement waits for.
 */
export async function intakeSettled(ctx: BenchContext): Promise<void> {
  while (Number((await ctx.db.query(`SELECT count(*)::int AS n FROM intake_inbox`)).rows[0].n) > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  await new Promise((resolve) => setTimeout(resolve, 2000));
}

export async function leadPush(ctx: BenchContext, fixture: IntakeFixture): Promise<ScenarioResult[]> {
  await intakeSettled(ctx);
  const token = (await ctx.auth('operator')).replace(/^Bearer /, '');
  const tokens = Array.from({ length: 100 }, () => token);
  const publish = async () => {
    const res = await fetch(`${ctx.baseUrl}/api/v1/public/intake/web-form`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-intake-key': fixture.key },
      body: formBody(fixture),
    });
    if (res.status !== 201) throw new Error(`intake failed: ${res.status}`);
  };
  const one = await pushLatency({
    name: 'push latency, 100 operators, one instance',
    baseUrls: [ctx.baseUrl],
    tokens,
    publish,
    eventType: 'lead.created',
    target: { p50: 5, p99: 25 },
  });
  const second = await ctx.startSecondInstance();
  const two = await pushLatency({
    name: 'push latency, 100 operators, two instances',
    baseUrls: [ctx.baseUrl, second.baseUrl],
    tokens,
    publish,
    eventType: 'lead.created',
    target: { p99: 50 },
  });
  return [one, two];
}
