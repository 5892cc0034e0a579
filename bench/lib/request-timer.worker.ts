import { workerData } from 'node:worker_threads';
import type { TimedGet, TimerReport } from './request-timer.js';
import { answer } from './worker.js';

/** Runs in its own thread: the warm-up requests, then the timed ones; answers with every sample and the last body. */
async function run({ url, headers, runs, warmup = 0 }: TimedGet): Promise<TimerReport> {
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

answer(run(workerData as TimedGet));
