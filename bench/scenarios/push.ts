import { io, type Socket } from 'socket.io-client';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { maximum, percentile, round } from '../lib/stats.js';

export interface PushLatencyOptions {
  name: string;
  /** Instances to connect to; sockets are spread over them in turn. */
  baseUrls: string[];
  /** One access token per socket (a token may repeat: every socket is its own connection). */
  tokens: string[];
  /** Triggers exactly one event of `eventType` that reaches every socket (e.g. a web-form lead). */
  publish: () => Promise<void>;
  eventType: string;
  events?: number;
  warmup?: number;
  /** Milliseconds; p50 is checked only when given. */
  target: { p50?: number; p99: number };
}

/**
 * Latency from the start of a trigger (an HTTP request, typically) to the event's arrival at each connected socket,
 * one trigger at a time. Every (event, socket) pair is one sample.
 */
export async function pushLatency(options: PushLatencyOptions): Promise<ScenarioResult> {
  const { baseUrls, tokens, eventType, events = 200, warmup = 10 } = options;
  const arrivals: number[][] = tokens.map(() => []);
  // Woken by arrivals rather than polled, so the measuring process does not compete with the app for the CPU.
  let waiting: { n: number; done: (all: boolean) => void } | undefined;
  const arrived = () => {
    if (waiting && arrivals.every((a) => a.length > waiting!.n)) waiting.done(true);
  };
  const sockets = await Promise.all(
    tokens.map((token, i) =>
      connect(baseUrls[i % baseUrls.length]!, token, (type) => {
        if (type !== eventType) return;
        arrivals[i]!.push(performance.now());
        arrived();
      }),
    ),
  );
  const samples: number[] = [];
  /** From the trigger's answer (the change committed and accepted) to arrival; negative when the event came first. */
  const afterAccept: number[] = [];
  /** How long the trigger itself took: the part of the latency spent before the change committed and answered. */
  const triggers: number[] = [];
  /**
   * Per event, after the answer: its first and its last arrival. All sockets live in this one process, which reads
   * them one after another, so the spread between the two is partly this process's own reading time.
   */
  const firsts: number[] = [];
  const lasts: number[] = [];
  let lost = 0;
  try {
    for (let n = 0; n < warmup + events; n++) {
      const started = performance.now();
      const everyone = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => finish(false), 5000);
        const finish = (all: boolean) => {
          clearTimeout(timer);
          waiting = undefined;
          resolve(all);
        };
        waiting = { n, done: finish };
      });
      await options.publish();
      const accepted = performance.now();
      if (n >= warmup) triggers.push(accepted - started);
      arrived();
      if (!(await everyone)) {
        lost += arrivals.filter((a) => a.length <= n).length;
        for (const a of arrivals) while (a.length <= n) a.push(NaN);
      }
      if (n >= warmup) {
        const times = arrivals.map((a) => a[n]!).filter((t) => !Number.isNaN(t));
        for (const t of times) {
          samples.push(t - started);
          afterAccept.push(t - accepted);
        }
        if (times.length) {
          firsts.push(Math.min(...times) - accepted);
          lasts.push(Math.max(...times) - accepted);
        }
      }
    }
  } finally {
    for (const socket of sockets) socket.close();
  }
  // "Lead accepted -> event received": measured from the trigger's answer; the full trigger-to-arrival time is reported too.
  const p50 = round(percentile(afterAccept, 50), 2);
  const p99 = round(percentile(afterAccept, 99), 2);
  const { target } = options;
  return {
    name: options.name,
    target: `${target.p50 !== undefined ? `p50 <= ${target.p50} ms, ` : ''}p99 <= ${target.p99} ms`,
    result: {
      sockets: tokens.length,
      instances: baseUrls.length,
      events,
      samples: samples.length,
      lost,
      p50,
      p99,
      max: round(maximum(afterAccept), 2),
      fromRequestStartP50: round(percentile(samples, 50), 2),
      fromRequestStartP99: round(percentile(samples, 99), 2),
      triggerP50: round(percentile(triggers, 50), 2),
      triggerP99: round(percentile(triggers, 99), 2),
      firstSocketP50: round(percentile(firsts, 50), 2),
      lastSocketP50: round(percentile(lasts, 50), 2),
    },
    ok: lost === 0 && p99 <= target.p99 && (target.p50 === undefined || p50 <= target.p50),
  };
}

/**
 * Push latency with a presence change as the trigger (it reaches every manager socket), on one instance and across
 * two. Lead intake is the trigger DESIGN.md names; pass it to `pushLatency` the same way.
 */
export async function presencePush(ctx: BenchContext, sockets = 100): Promise<ScenarioResult[]> {
  const managerToken = (await ctx.auth('manager')).replace(/^Bearer /, '');
  const operatorAuth = await ctx.auth('operator');
  let available = false;
  const publish = async () => {
    available = !available;
    const res = await fetch(`${ctx.baseUrl}/api/v1/me/presence`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: operatorAuth },
      body: JSON.stringify({ status: available ? 'available' : 'busy' }),
    });
    if (!res.ok) throw new Error(`presence change failed: ${res.status}`);
  };
  const tokens = Array.from({ length: sockets }, () => managerToken);
  const one = await pushLatency({
    name: `push latency, ${sockets} sockets, 1 instance`,
    baseUrls: [ctx.baseUrl],
    tokens,
    publish,
    eventType: 'presence.changed',
    target: { p50: 5, p99: 25 },
  });
  const second = await ctx.startSecondInstance();
  const two = await pushLatency({
    name: `push latency, ${sockets} sockets, 2 instances`,
    baseUrls: [ctx.baseUrl, second.baseUrl],
    tokens,
    publish,
    eventType: 'presence.changed',
    target: { p99: 50 },
  });
  return [one, two];
}

function connect(baseUrl: string, token: string, onEvent: (type: string) => void): Promise<Socket> {
  const socket = io(`${baseUrl}/realtime`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  socket.onAny((type: string) => onEvent(type));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}
