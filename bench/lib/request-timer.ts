import { maximum, percentile, round } from './stats.js';
import { inWorker } from './worker.js';

export interface TimedGet {
  url: string;
  headers: Record<string, string>;
  runs: number;
  /** Requests before the measured ones (the app compiles its code paths and prepares statements on the first). */
  warmup?: number;
  /** Also name that many slowest runs with their number (`#12 31.2`), to tell a cold start from stalls spread over the run. */
  slowest?: number;
}

export interface GetTiming {
  runs: number;
  p50: number;
  p99: number;
  max: number;
  slowest?: string;
  /** The body of the last answer, for the caller to check. */
  lastBody: string;
}

/** What the worker sends back. */
export interface TimerReport {
  samples: number[];
  lastBody: string;
}

/**
 * Times one GET request repeated, one at a time, from a worker thread of its own. The bench's main thread holds data
 * sets, sockets and other scenarios' results; its garbage collection then pauses for about 10 ms every 150 ms or so
 * (seen with --trace-gc), and a request timed there would count those pauses as the app's. The worker's heap holds
 * only the answer being read.
 */
export async function timeGet(request: TimedGet): Promise<GetTiming> {
  const job = { warmup: 3, ...request };
  const report = await inWorker<TimerReport>('./request-timer.worker.js', job, () => timeHere(job));
  const { samples } = report;
  const timing: GetTiming = {
    runs: samples.length,
    p50: round(percentile(samples, 50), 2),
    p99: round(percentile(samples, 99), 2),
    max: round(maximum(samples), 2),
    lastBody: report.lastBody,
  };
  if (request.slowest) {
    const worst = samples
      .map((ms, i) => ({ ms, i }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, request.slowest);
    timing.slowest = worst.map((w) => `#${w.i + 1} ${round(w.ms, 1)}`).join(', ');
  }
  return timing;
}

/** The figures without the body, for a result line. */
export function withoutBody({ lastBody: _, ...figures }: GetTiming): Omit<GetTiming, 'lastBody'> {
  return figures;
}

/** The timing itself, in the thread that calls it: the warm-up requests, then the timed ones. */
export async function timeHere({ url, headers, runs, warmup = 0 }: TimedGet): Promise<TimerReport> {
  const get = async () => {
    const res = await fetch(url, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${new URL(url).pathname} answered ${res.status}`);
    return body;
  };
  for (let i = 0; i < warmup; i++) await get();
  const samples: number[] = [];
  let lastBody = '';
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    lastBody = await get();
    samples.push(performance.now() - started);
  }
  return { samples, lastBody };
}
