/** Percentile of already collected samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The largest sample; a loop, since spreading 100,000 samples into Math.max overflows the stack. */
export function maximum(samples: number[]): number {
  let max = -Infinity;
  for (const s of samples) if (s > max) max = s;
  return samples.length ? max : NaN;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Runs `task` repeatedly (after warm-up runs) and returns latency percentiles in milliseconds. */
export async function timeRepeated(task: () => Promise<unknown>, runs: number, warmup = 3): Promise<{ runs: number; p50: number; p99: number; max: number }> {
  for (let i = 0; i < warmup; i++) await task();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  return { runs, p50: round(percentile(samples, 50), 2), p99: round(percentile(samples, 99), 2), max: round(maximum(samples), 2) };
}
