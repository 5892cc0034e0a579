import autocannon from 'autocannon';
import { rssMb } from '../lib/app-process.js';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';

/** Raw single-row INSERT throughput on the same database: the ceiling every write path is compared to. */
export async function rawInsert(ctx: BenchContext, seconds = 5, connections = 16): Promise<ScenarioResult> {
  await ctx.db.query('CREATE TABLE IF NOT EXISTS bench_raw_insert (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), payload text)');
  const deadline = Date.now() + seconds * 1000;
  let inserted = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = await ctx.db.connect();
      try {
        while (Date.now() < deadline) {
          await client.query('INSERT INTO bench_raw_insert (payload) VALUES ($1)', ['x'.repeat(200)]);
          inserted++;
        }
      } finally {
        client.release();
      }
    }),
  );
  await ctx.db.query('DROP TABLE bench_raw_insert');
  return {
    name: 'raw single-row INSERT (baseline)',
    target: 'reference for intake',
    result: { connections, seconds, insertsPerSec: Math.round(inserted / seconds) },
  };
}

/** GET /api/v1/health: the HTTP stack with one trivial query, 50 connections for 10 s. */
export async function health(ctx: BenchContext, seconds = 10): Promise<ScenarioResult> {
  const result = await autocannon({ url: `${ctx.baseUrl}/api/v1/health`, connections: 50, duration: seconds });
  return {
    name: 'GET /health, 50 connections',
    target: 'reference for the HTTP stack',
    result: {
      requestsPerSec: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      rssMb: rssMb(ctx.appPid),
    },
    ok: result.errors + result.timeouts + result.non2xx === 0,
  };
}
