// `npm run bench [-- name ...]`: starts PostgreSQL (DATABASE_URL or embedded) and a fresh Clinicdesk process on a new
// database, runs the scenarios from DESIGN.md against it over real HTTP and sockets, and prints a table and JSON.
import pg from 'pg';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.mjs';
import { type AppProcess, postgresCpuMs, startAppProcess } from './lib/app-process.js';
import { authenticator, BENCH_ADMIN } from './lib/auth.js';
import { Datasets } from './lib/datasets.js';
import { FakeSmsRu } from './lib/fake-sms-ru.js';
import type { BenchContext, Scenario, ScenarioResult } from './lib/scenario.js';
import { health, rawInsert } from './scenarios/baseline.js';
import { analyticsReports, leadListPages } from './scenarios/analytics.js';
import { availabilityLatency, bookingThroughput, concurrentBookingsOfOneSlot, concurrentOverlappingBookings } from './scenarios/booking.js';
import { consoleBudgets } from './scenarios/console.js';
import { dashboardOverYear } from './scenarios/dashboard.js';
import { costCurves } from './scenarios/curves.js';
import { intakeFixture, leadPush, webFormIntake } from './scenarios/intake.js';
import { remindersDueTogether } from './scenarios/messages.js';
import { scaleOut } from './scenarios/scaleout.js';
import { SOAK, soak } from './scenarios/soak.js';

/** Scenario groups, run in this order; `npm run bench -- intake push` runs only those named. */
const SCENARIOS: Record<string, Scenario> = {
  baseline: async (ctx) => [await rawInsert(ctx), await health(ctx)],
  intake: async (ctx) => [await rawInsert(ctx), ...(await webFormIntake(ctx, await intakeFixture(ctx)))],
  booking: async (ctx) => [
    await concurrentBookingsOfOneSlot(ctx),
    await concurrentOverlappingBookings(ctx),
    await bookingThroughput(ctx),
    await availabilityLatency(ctx),
  ],
  // The web console in Debian's chromium: JS size, first screen, lead-to-queue latency, day grid render.
  console: consoleBudgets,
  messages: async (ctx) => remindersDueTogether(ctx),
  // Builds (once, then keeps) 1M leads, 2M calls and 600k appointments: several minutes the first time.
  analytics: async (ctx) => analyticsReports(ctx),
  // Only the lead list of the analytics group, over the same kept data set.
  leadlist: async (ctx) => leadListPages(ctx),
  // The managers' dashboard over the same data set, in chromium.
  dashboard: async (ctx) => dashboardOverYear(ctx),
  // Data sets of 10k, 100k and 1M leads (kept like the one above).
  curves: async (ctx) => costCurves(ctx),
  // Last but one: it starts a second app instance that stays up until the end.
  push: async (ctx) => leadPush(ctx, await intakeFixture(ctx)),
  scaleout: async (ctx) => [await rawInsert(ctx), ...(await scaleOut(ctx))],
  // Ten minutes (BENCH_SOAK_MINUTES) on an app and database of its own.
  soak: async (ctx) => soak(ctx, { ...SOAK, minutes: Number(process.env.BENCH_SOAK_MINUTES ?? SOAK.minutes) }),
};

const JWT_SECRET = 'bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected = Object.entries(SCENARIOS).filter(([name]) => !wanted.length || wanted.includes(name));
  if (!selected.length) throw new Error(`Unknown scenario; choose from: ${Object.keys(SCENARIOS).join(', ')}`);

  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.resolve('.data/bench-pg') });
  const serverUrl = process.env.DATABASE_URL ?? embedded!.url;
  const database = `clinicdesk_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${database}`;

  // Messages go to a local SMS.ru stand-in, at the provider settings' defaults.
  const smsRu = await new FakeSmsRu().start();
  // Load from one address: the per-address and per-source abuse limits are lifted for the run.
  const env = {
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    JWT_SECRET,
    SMSRU_BASE_URL: smsRu.baseUrl,
    SMSRU_API_ID: 'bench',
    PUBLIC_RATE_LIMIT: '100000',
    PUBLIC_RATE_LIMIT_WINDOW_SEC: '1',
    INTAKE_SOURCE_RATE_LIMIT: '10000000',
    INTAKE_SOURCE_RATE_LIMIT_WINDOW_SEC: '1',
  };
  const apps: AppProcess[] = [];
  const startApp = async (databaseUrl: string, extra: Record<string, string> = {}) => {
    const app = await startAppProcess({ ...env, DATABASE_URL: databaseUrl, ...extra });
    apps.push(app);
    return app;
  };
  const db = new pg.Pool({ connectionString: dbUrl.toString(), max: 60 });
  // Dropping the databases at the end ends idle connections: not an error to stop on (it would hide a scenario's own).
  db.on('error', () => undefined);
  const extraDatabases: string[] = [];
  const freshDatabase = async (tag: string) => {
    const name = `${database}_${tag}`;
    await admin.query(`CREATE DATABASE ${name}`);
    extraDatabases.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const datasets = new Datasets(
    serverUrl,
    (url) => startApp(url),
    (line) => process.stderr.write(`  ${line}\n`),
  );
  const results: ScenarioResult[] = [];
  try {
    const app = await startApp(dbUrl.toString());
    let second: Promise<AppProcess> | undefined;
    const ctx: BenchContext = {
      baseUrl: app.baseUrl,
      appPid: app.pid,
      db,
      smsRu,
      auth: authenticator(app.baseUrl),
      startSecondInstance: () => (second ??= startApp(dbUrl.toString())),
      startApp,
      databaseUrl: dbUrl.toString(),
      datasets,
      freshDatabase,
      postgresCpuMs: () => (embedded ? postgresCpuMs(path.resolve('.data/bench-pg/pgdata')) : undefined),
    };
    for (const [name, scenario] of selected) {
      process.stderr.write(`running ${name}…\n`);
      results.push(...[await scenario(ctx)].flat());
    }
  } finally {
    await datasets.close();
    await Promise.all(apps.map((a) => a.stop()));
    await smsRu.close();
    await db.end();
    for (const name of [database, ...extraDatabases]) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
  }
  print(results);
}

function print(results: ScenarioResult[]): void {
  const rows = results.map((r) => [
    r.name,
    r.target,
    Object.entries(r.result)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length), ['scenario', 'target', 'measured', ''][i]!.length));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  process.stdout.write(`\n${line(['scenario', 'target', 'measured', ''])}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  process.stdout.write(`\n${JSON.stringify({ machine: { cpus: availableParallelism(), node: process.version }, results }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
