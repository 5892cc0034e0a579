import autocannon from 'autocannon';
import { io, type Socket } from 'socket.io-client';
import { cpuMs, rssMb } from '../lib/app-process.js';
import { pacedPosts } from '../lib/paced-posts.js';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { maximum, percentile, round } from '../lib/stats.js';
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

/** Operators' sockets that time each new lead from the moment its form was sent (the name carries it) to its arrival. */
export interface LeadArrivals {
  /** One per (lead, socket) pair, in milliseconds. */
  samples: number[];
  /** Resolves once `count` samples have arrived, or after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<void>;
  close(): void;
}

export async function leadArrivals(baseUrl: string, token: string, sockets: number): Promise<LeadArrivals> {
  const samples: number[] = [];
  let waiting: { count: number; done: () => void } | undefined;
  const open: Socket[] = await Promise.all(
    Array.from(
      { length: sockets },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = io(`${baseUrl}/realtime`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
          socket.on('lead.created', (event: { data?: { name?: string } }) => {
            const sent = Number(/^Bench (\d+)$/.exec(event.data?.name ?? '')?.[1]);
            if (sent) samples.push(Date.now() - sent);
            if (waiting && samples.length >= waiting.count) waiting.done();
          });
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', reject);
        }),
    ),
  );
  return {
    samples,
    waitFor: (count, timeoutMs) =>
      samples.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => {
            const timer = setTimeout(() => waiting!.done(), timeoutMs);
            waiting = {
              count,
              done: () => {
                clearTimeout(timer);
                waiting = undefined;
                resolve();
              },
            };
          }),
    close: () => open.forEach((s) => s.close()),
  };
}

/**
 * Waits until every form accepted so far is a lead (its events are then on their way to the sockets); returns how
 * long that took, in ms: how far the leads lagged behind the answers when a load ended.
 */
async function inboxEmpty(ctx: BenchContext): Promise<number> {
  const started = performance.now();
  while (Number((await ctx.db.query(`SELECT count(*)::int AS n FROM intake_inbox`)).rows[0].n) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  return Math.round(performance.now() - started);
}

/** The design's intake rate: latencies are judged at it, throughput must reach it. */
export const TARGET_RATE = 1500;
/** The open-loop rate; BENCH_INTAKE_RATE measures at another (to see how latency grows towards the target on a slower machine). */
const OPEN_RATE = Number(process.env.BENCH_INTAKE_RATE ?? TARGET_RATE);
const SOCKETS = 5;

function arrivalFigures(arrivals: LeadArrivals, expected: number) {
  return {
    sockets: SOCKETS,
    samples: arrivals.samples.length,
    missing: Math.max(0, expected - arrivals.samples.length),
    p50: round(percentile(arrivals.samples, 50), 1),
    p99: round(percentile(arrivals.samples, 99), 1),
    max: maximum(arrivals.samples),
  };
}

/**
 * Web-form intake measured twice, with 5 operator sockets timing each new lead from its form to its arrival:
 * - open loop at the target rate (TARGET_RATE forms a second, on schedule whatever the answers): the answer's latency
 *   and the form -> operator socket time, which is what a clinic sees when its sites send that many;
 * - at saturation (50 connections, each sending its next form once answered): leads per second, latency, errors, and
 *   the app's and PostgreSQL's CPU per lead (PostgreSQL's on the embedded server only).
 * The app's peak memory is taken over both.
 */
export async function webFormIntake(ctx: BenchContext, fixture: IntakeFixture, seconds = 10): Promise<ScenarioResult[]> {
  const token = (await ctx.auth('operator')).replace(/^Bearer /, '');
  const paced = (rate: number, runSeconds: number) =>
    pacedPosts({
      url: `${ctx.baseUrl}/api/v1/public/intake/web-form`,
      headers: { 'content-type': 'application/json', 'x-intake-key': fixture.key },
      body: () => formBody(fixture),
      rate,
      seconds: runSeconds,
    });
  let peakRss = rssMb(ctx.appPid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(ctx.appPid))), 200);
  // This process sends the forms and reads the operators' sockets: on one machine its CPU is taken from the app's.
  const usage = () => [cpuMs(ctx.appPid), ctx.postgresCpuMs(), cpuMs(process.pid)] as const;
  const perLead = (before: ReturnType<typeof usage>, leads: number) => {
    const [app, pg, bench] = usage();
    return {
      appCpuMsPerLead: round((app - before[0]) / Math.max(1, leads), 3),
      postgresCpuMsPerLead: pg === undefined ? undefined : round((pg - before[1]!) / Math.max(1, leads), 3),
      loadGeneratorCpuMsPerLead: round((bench - before[2]) / Math.max(1, leads), 3),
    };
  };
  try {
    // Warm-up: the first requests compile the app's code, open its database connections and prepare statements.
    await postForms(fixture, ctx.baseUrl, 50, 3);
    await inboxEmpty(ctx);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const atRate = await leadArrivals(ctx.baseUrl, token, SOCKETS);
    const before = usage();
    const open = await paced(OPEN_RATE, seconds);
    const openLag = await inboxEmpty(ctx);
    const openCreated = open.statuses['201'] ?? 0;
    await atRate.waitFor(openCreated * SOCKETS, 30_000);
    const openCpu = perLead(before, openCreated);
    atRate.close();
    await inboxEmpty(ctx);

    const saturated = await leadArrivals(ctx.baseUrl, token, SOCKETS);
    const before2 = usage();
    const run = await postForms(fixture, ctx.baseUrl, 50, seconds);
    const runLag = await inboxEmpty(ctx);
    await saturated.waitFor(run.created * SOCKETS, 60_000);
    const runCpu = perLead(before2, run.created);
    saturated.close();

    const { statuses, ...openFigures } = open;
    const openOk = openCreated === open.sent && open.errors === 0;
    return [
      {
        name: `web-form intake at ${OPEN_RATE} forms/s (open loop)`,
        target: `answer p99 <= 50 ms at ${TARGET_RATE}/s, 0 errors`,
        result: { ...openFigures, created: openCreated, non201: open.sent - openCreated, leadsDoneAfterMs: openLag, ...openCpu },
        ok: OPEN_RATE >= TARGET_RATE && openOk && open.p99Ms <= 50,
      },
      {
        name: `form sent -> lead at an operator socket, at ${OPEN_RATE} forms/s`,
        target: `p99 <= 100 ms at ${TARGET_RATE}/s`,
        result: arrivalFigures(atRate, openCreated * SOCKETS),
        ok: OPEN_RATE >= TARGET_RATE && atRate.samples.length >= openCreated * SOCKETS && percentile(atRate.samples, 99) <= 100,
      },
      {
        name: 'web-form intake, 50 connections (saturation)',
        target: `>= ${TARGET_RATE} leads/s, 0 errors`,
        result: { ...run, leadsDoneAfterMs: runLag, ...runCpu },
        ok: run.leadsPerSec >= TARGET_RATE && run.errors === 0 && run.non2xx === 0,
      },
      {
        name: 'form sent -> lead at an operator socket, at saturation',
        target: 'reported (the drain may lag past the target rate)',
        result: arrivalFigures(saturated, run.created * SOCKETS),
      },
      { name: 'API process RSS under intake load', target: '<= 300 MB', result: { peakRssMb: peakRss }, ok: peakRss <= 300 },
    ];
  } finally {
    clearInterval(sampler);
  }
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
