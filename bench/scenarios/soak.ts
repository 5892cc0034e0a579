import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { rssMb } from '../lib/app-process.js';
import { authenticator, staffMember } from '../lib/auth.js';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { maximum, percentile, round } from '../lib/stats.js';
import { formBody, intakeFixture } from './intake.js';

export interface SoakOptions {
  minutes: number;
  inquiriesPerSec: number;
  operators: number;
  /** Pause of an operator between two leads, ms. */
  thinkMs: number;
  /** A manager opens a report this often, ms. */
  reportEveryMs: number;
}

/** An operator takes a lead every two seconds or so: far faster than people can talk, so the desk's requests weigh in. */
export const SOAK: SoakOptions = { minutes: 10, inquiriesPerSec: 50, operators: 20, thinkMs: 2000, reportEveryMs: 3000 };

/** What a request kind took, and how many went wrong. */
class Timings {
  readonly byKind = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  readonly conflicts = new Map<string, number>();

  async time(kind: string, run: () => Promise<Response>, expected: number[] = [200, 201], conflict: number[] = []): Promise<Response | undefined> {
    const started = performance.now();
    try {
      const res = await run();
      const body = await res.text();
      if (!this.byKind.has(kind)) this.byKind.set(kind, []);
      this.byKind.get(kind)!.push(performance.now() - started);
      if (conflict.includes(res.status)) this.conflicts.set(kind, (this.conflicts.get(kind) ?? 0) + 1);
      else if (!expected.includes(res.status)) this.errors.set(`${kind} ${res.status}`, (this.errors.get(`${kind} ${res.status}`) ?? 0) + 1);
      return new Response(body, { status: res.status });
    } catch {
      this.errors.set(`${kind} connection`, (this.errors.get(`${kind} connection`) ?? 0) + 1);
      return undefined;
    }
  }
}

/**
 * Twice a busy clinic's peak for `minutes` on one instance: `inquiriesPerSec` website inquiries, `operators`
 * operators who take the leads from their sockets, claim, call and book (or schedule a callback, or record a
 * refusal), and a manager who keeps opening reports. p95 per request kind, errors, and the app's memory and the events
 * table's size over time. Real-time events are kept one minute here (REALTIME_KEEP_EVENTS_MINUTES), so the table
 * shows whether the purge keeps up.
 */
export async function soak(ctx: BenchContext, options: SoakOptions = SOAK): Promise<ScenarioResult[]> {
  const databaseUrl = await ctx.freshDatabase('soak');
  const app = await ctx.startApp(databaseUrl, { REALTIME_KEEP_EVENTS_MINUTES: '1', LOG_LEVEL: 'warn' });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const base = `${app.baseUrl}/api/v1`;
  const auth = authenticator(app.baseUrl);
  const admin = await auth('admin');
  const call = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: who },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };
  // A branch with one doctor per operator (each books their own doctor, so bookings never collide) and its web form.
  const branch = await call(admin, 'POST', '/branches', { name: 'Soak branch', timezone: 'Europe/Moscow' });
  const specialty = await call(admin, 'POST', '/specialties', { name: 'Soak therapy' });
  const service = await call(admin, 'POST', '/services', {
    name: 'Soak visit',
    specialtyId: specialty.id,
    durationMin: 15,
    price: 2000,
    currency: 'RUB',
    slotStepMin: 15,
  });
  const doctors: string[] = [];
  for (let i = 0; i < options.operators; i++) {
    const doctor = await call(admin, 'POST', '/doctors', {
      fullName: `Soak Doctor ${i}`,
      specialtyIds: [specialty.id],
      branchIds: [branch.id],
      serviceIds: [service.id],
    });
    await call(admin, 'PUT', `/doctors/${doctor.id}/working-hours`, [{ branchId: branch.id, weekdays: [1, 2, 3, 4, 5, 6, 7], start: '07:00', end: '23:00' }]);
    doctors.push(doctor.id!);
  }
  const fixture = await intakeFixture({ baseUrl: app.baseUrl, auth });
  const form = await call(admin, 'POST', '/intake-sources', { kind: 'web_form', name: 'Soak form', channel: 'website', branchId: branch.id });
  const manager = await staffMember(app.baseUrl, admin, 'manager', 'soak-manager@clinicdesk.local', { branchIds: [branch.id] });
  const operators = [];
  for (let i = 0; i < options.operators; i++) {
    const operator = await staffMember(app.baseUrl, admin, 'operator', `soak-operator-${i}@clinicdesk.local`, { branchIds: [branch.id] });
    await call(operator.auth, 'PUT', '/me/presence', { status: 'available' });
    operators.push(operator);
  }

  const timings = new Timings();
  const queue: Array<{ leadId: string; patientId: string }> = [];
  const seen = new Set<string>();
  const sockets: Socket[] = await Promise.all(
    operators.map(
      (o) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = io(`${app.baseUrl}/realtime`, { auth: { token: o.token }, transports: ['websocket'], forceNew: true });
          socket.on('lead.created', (event: { data: { leadId: string; patientId: string } }) => {
            if (seen.has(event.data.leadId)) return;
            seen.add(event.data.leadId);
            queue.push({ leadId: event.data.leadId, patientId: event.data.patientId });
          });
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', reject);
        }),
    ),
  );

  const endAt = Date.now() + options.minutes * 60_000;
  const running = () => Date.now() < endAt;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const json = { 'content-type': 'application/json' };

  // Inquiries at a steady rate, each sent without waiting for the one before.
  const inquiries = (async () => {
    const gap = 1000 / options.inquiriesPerSec;
    const inFlight = new Set<Promise<unknown>>();
    for (let next = Date.now(); running(); next += gap) {
      await pause(Math.max(0, next - Date.now()));
      const sent = timings.time('intake POST', () =>
        fetch(`${base}/public/intake/web-form`, {
          method: 'POST',
          headers: { ...json, 'x-intake-key': form.key! },
          body: formBody({ ...fixture, baseUrl: app.baseUrl }),
        }),
      );
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
    }
    await Promise.all(inFlight);
  })();

  // Operators: the newest lead first (the queue's oldest ones are long taken), claimed, called, then booked, called back or lost.
  const workers = operators.map(async (operator, i) => {
    let slotFrom = Date.now() + 24 * 3600_000;
    for (let n = 0; running(); n++) {
      const lead = queue.pop();
      if (!lead) {
        await pause(50);
        continue;
      }
      const h = { ...json, authorization: operator.auth };
      const claimed = await timings.time(
        'claim',
        () => fetch(`${base}/leads/${lead.leadId}/claim`, { method: 'POST', headers: { authorization: operator.auth } }),
        [200],
        [409],
      );
      if (claimed?.status !== 200) continue;
      // The operator calls once the lead is claimed (a call answered before its lead arrived is refused).
      const now = Date.now();
      const times = { startedAt: new Date(now).toISOString(), answeredAt: new Date(now).toISOString(), endedAt: new Date(now).toISOString() };
      const fate = (n + i) % 3;
      if (fate === 0) {
        const query = new URLSearchParams({
          serviceId: service.id!,
          doctorId: doctors[i]!,
          from: new Date(slotFrom).toISOString(),
          to: new Date(slotFrom + 3 * 86_400_000).toISOString(),
        });
        const free = await timings.time('availability', () => fetch(`${base}/availability?${query}`, { headers: h }));
        const slot = free ? ((await free.json()) as { data: Array<{ startsAt: string }> }).data[0] : undefined;
        if (slot) {
          slotFrom = Date.parse(slot.startsAt) + 15 * 60_000;
          const booked = await timings.time(
            'book',
            () =>
              fetch(`${base}/appointments`, {
                method: 'POST',
                headers: h,
                body: JSON.stringify({
                  doctorId: doctors[i],
                  serviceId: service.id,
                  branchId: branch.id,
                  startsAt: slot.startsAt,
                  patientId: lead.patientId,
                  leadId: lead.leadId,
                }),
              }),
            [201],
            [409],
          );
          if (booked?.status === 201) {
            await timings.time(
              'call',
              () =>
                fetch(`${base}/calls`, {
                  method: 'POST',
                  headers: h,
                  body: JSON.stringify({ leadId: lead.leadId, direction: 'outbound', ...times, outcome: 'booked' }),
                }),
              [201],
            );
          }
        }
      } else {
        const outcome =
          fate === 1
            ? { outcome: 'callback_requested', callbackAt: new Date(now + 2 * 3600_000).toISOString() }
            : { outcome: 'declined', lostReason: 'chose another clinic' };
        await timings.time(
          'call',
          () =>
            fetch(`${base}/calls`, { method: 'POST', headers: h, body: JSON.stringify({ leadId: lead.leadId, direction: 'outbound', ...times, ...outcome }) }),
          [201],
        );
      }
      await pause(options.thinkMs);
    }
  });

  // The manager keeps opening this month's reports.
  const month = new Date().toISOString().slice(0, 8);
  const period = { from: `${month}01`, to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) };
  const reports = (async () => {
    const kinds = [
      ['funnel', { groupBy: 'channel' }],
      ['operators', {}],
      ['sla', {}],
      ['repeat-visits', {}],
      ['funnel', { groupBy: 'day' }],
    ] as const;
    for (let n = 0; running(); n++) {
      const [path, extra] = kinds[n % kinds.length]!;
      await timings.time(`report ${path}`, () =>
        fetch(`${base}/analytics/${path}?${new URLSearchParams({ ...period, ...extra })}`, { headers: { authorization: manager.auth } }),
      );
      await pause(options.reportEveryMs);
    }
  })();

  // Memory and the events table every 10 s.
  const samples: Array<{ minute: number; rssMb: number; events: number; eventsMb: number; inbox: number }> = [];
  const started = Date.now();
  const sampler = (async () => {
    while (running()) {
      const {
        rows: [row],
      } = await db.query(
        `SELECT count(*)::int AS events, pg_total_relation_size('events') AS bytes, (SELECT count(*)::int FROM intake_inbox) AS inbox FROM events`,
      );
      samples.push({
        minute: round((Date.now() - started) / 60_000, 2),
        rssMb: rssMb(app.pid),
        events: row.events,
        eventsMb: round(Number(row.bytes) / 1048576, 1),
        inbox: row.inbox,
      });
      await pause(10_000);
    }
  })();

  await Promise.all([inquiries, ...workers, reports, sampler]);
  for (const socket of sockets) socket.close();
  const {
    rows: [totals],
  } = await db.query(
    `SELECT (SELECT count(*)::int FROM leads) AS leads, (SELECT count(*)::int FROM appointments) AS appointments, (SELECT count(*)::int FROM calls) AS calls`,
  );
  await db.end();
  await app.stop();
  return summarize(options, timings, samples, totals);
}

function summarize(
  options: SoakOptions,
  timings: Timings,
  samples: Array<{ minute: number; rssMb: number; events: number; eventsMb: number; inbox: number }>,
  totals: Record<string, number>,
): ScenarioResult[] {
  const results: ScenarioResult[] = [];
  for (const [kind, list] of [...timings.byKind].sort()) {
    const p95 = round(percentile(list, 95), 1);
    results.push({
      name: `soak: ${kind}`,
      target: 'p95 <= 250 ms',
      result: {
        requests: list.length,
        p50: round(percentile(list, 50), 1),
        p95,
        p99: round(percentile(list, 99), 1),
        max: round(maximum(list), 1),
        conflicts: timings.conflicts.get(kind) ?? 0,
      },
      ok: p95 <= 250,
    });
  }
  const errors = [...timings.errors.values()].reduce((a, b) => a + b, 0);
  results.push({ name: 'soak: errors', target: '0', result: { errors, ...Object.fromEntries(timings.errors) }, ok: errors === 0 });
  // Flat: from a point on, the highest reading of the later half at most 15 % above the highest of the earlier half.
  // Peaks are compared with peaks: the event rows rise and fall with every purge (every 15 s, one minute's retention),
  // so a single reading can sit at the bottom of that swing. Memory from the first minute on. Event rows from the
  // sixth minute: from the fifth on the first-contact deadlines (five minutes) of the leads nobody took begin to pass,
  // and each adds a breach event, so the rate of events steps up once. The table's size on disk is shown too: deleted
  // rows' space is reused once vacuum has passed (every minute or so).
  const series = (pick: (s: (typeof samples)[number]) => number) => samples.map((s) => `${s.minute}:${pick(s)}`).join(' ');
  const flat = (from: number, pick: (s: (typeof samples)[number]) => number) => {
    const after = samples.filter((s) => s.minute >= from);
    if (after.length < 2) return undefined;
    const middle = from + (after.at(-1)!.minute - from) / 2;
    const peak = (list: typeof after) => Math.max(...list.map(pick));
    const earlier = peak(after.filter((s) => s.minute < middle));
    const later = peak(after.filter((s) => s.minute >= middle));
    return { earlier, later, ok: later <= earlier * 1.15 };
  };
  const rss = flat(1, (s) => s.rssMb);
  const events = flat(Math.min(6, options.minutes / 2), (s) => s.events);
  if (rss)
    results.push({
      name: 'soak: app RSS over time',
      target: 'flat after the first minute (peak of the later half <= 1.15 x the earlier half)',
      result: { earlierPeakMb: rss.earlier, laterPeakMb: rss.later, series: series((s) => s.rssMb) },
      ok: rss.ok,
    });
  if (events) {
    results.push({
      name: 'soak: events table over time (1-minute retention)',
      target: 'flat once breaches of the first deadlines began (sixth minute; peaks of the later half <= 1.15 x the earlier)',
      result: {
        earlierPeakRows: events.earlier,
        laterPeakRows: events.later,
        rows: series((s) => s.events),
        mb: series((s) => s.eventsMb),
        inboxWaiting: series((s) => s.inbox),
      },
      ok: events.ok,
    });
  }
  results.push({
    name: 'soak: totals',
    target: `${options.minutes} min, ${options.inquiriesPerSec} inquiries/s, ${options.operators} operators`,
    result: totals,
  });
  return results;
}
