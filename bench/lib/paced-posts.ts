import http from 'node:http';
import { maximum, percentile, round } from './stats.js';

export interface PacedPostsOptions {
  url: string;
  headers: Record<string, string>;
  /** The body of each request, built when it is sent. */
  body: () => string;
  /** Requests per second, sent on schedule whether or not earlier ones have been answered. */
  rate: number;
  seconds: number;
}

export interface PacedRun {
  sent: number;
  /** Requests per second actually sent (below `rate` only when the measuring process itself fell behind). */
  sentPerSec: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Transport errors and requests left unanswered after the run. */
  errors: number;
  /** How late the measuring process sent its last requests at worst: a large figure means the load was not the rate asked for. */
  maxSendLagMs: number;
  /** Connections the client needed to keep to the schedule. */
  connections: number;
}

/**
 * An open-loop load: `rate` POSTs a second for `seconds`, each sent at its scheduled moment over as many keep-alive
 * connections as that takes (a closed-loop tool such as autocannon waits for an answer before the next request on a
 * connection, so a slow server is offered less load). Latency runs from sending a request to its whole answer.
 */
export async function pacedPosts(options: PacedPostsOptions): Promise<PacedRun> {
  const { url, rate, seconds } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let sent = 0;
  let settled = 0;
  let maxSendLagMs = 0;
  const sockets = new Set<unknown>();
  let allSettled: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const settle = () => {
    settled += 1;
    if (settled === total) allSettled();
  };

  const send = () => {
    const body = options.body();
    const started = performance.now();
    const req = http.request(url, { method: 'POST', agent, headers: { ...options.headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.once('end', () => {
        latencies.push(performance.now() - started);
        statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
        settle();
      });
    });
    req.once('socket', (socket) => sockets.add(socket));
    req.once('error', () => {
      errors += 1;
      settle();
    });
    req.end(body);
  };

  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
      if (due > sent) maxSendLagMs = Math.max(maxSendLagMs, now - (start + (sent * 1000) / rate));
      while (sent < due) {
        sent += 1;
        send();
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const sendSeconds = (performance.now() - start) / 1000;
  // Answers still on their way get half a minute; what is left then counts as an error.
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
  agent.destroy();
  return {
    sent,
    sentPerSec: Math.round(sent / Math.max(sendSeconds, seconds)),
    statuses,
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    maxMs: round(maximum(latencies), 1),
    errors: errors + (total - settled),
    maxSendLagMs: round(maxSendLagMs, 1),
    connections: sockets.size,
  };
}
