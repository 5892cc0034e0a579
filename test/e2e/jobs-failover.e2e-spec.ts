import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { createJobQueue, waitFor } from '../setup/jobs.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../setup/test-app.js';

const JOB = 'test.side_effect';
// Short enough for a test: a run is taken as lost 2 s after it started, and lost runs are looked for every second.
const FAST_FAILOVER = { JOBS_POLL_MS: '50', JOBS_TIMEOUT_SEC: '2', JOBS_MAINTENANCE_SEC: '1', JOBS_RETRY_BASE_SEC: '0' };

/** Starts a second instance of the built app in its own process (see test/setup/job-instance.mjs). */
function startInstance(databaseUrl: string): { child: ChildProcess; lines: string[]; exited: Promise<unknown> } {
  const env = {
    ...process.env,
    ...FAST_FAILOVER,
    DATABASE_URL: databaseUrl,
    TEST_JOB: JOB,
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    API_DOCS_UI: 'false',
  };
  const child = spawn(process.execPath, [path.resolve('test/setup/job-instance.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk;
    lines.splice(0, lines.length, ...output.split('\n'));
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return { child, lines, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

describe('an instance killed in the middle of a job', () => {
  let t: TestApp;
  let other: ReturnType<typeof startInstance> | undefined;
  beforeAll(async () => {
    t = await startTestApp({ env: FAST_FAILOVER });
    await createJobQueue(t.db, JOB);
    await t.db.query(`CREATE TABLE test_job_effects (job_id uuid NOT NULL, attempt int NOT NULL, pid int NOT NULL)`);
  });
  afterAll(async () => {
    other?.child.kill('SIGKILL');
    await t?.close();
  });

  it('leaves the job to another instance, and its side effect happens once', async () => {
    expect(existsSync('dist/src/jobs/job-runner.js')).toBe(true);
    other = startInstance(t.databaseUrl);
    await waitFor(() => other!.lines.includes('ready'), `the other instance to start:\n${other.lines.join('\n')}`, 60_000);

    // Enqueued here, where nothing handles it yet: the other instance takes it and stops mid-run.
    const runner = t.app.get(JobRunner);
    const id = (await t.app.get(DataSource).transaction((em) => runner.enqueue(em, JOB, { visit: 'v-1' })))!;
    await waitFor(() => other!.lines.includes(`mid-run ${id}`), 'the other instance to start the job');
    expect(await runner.findJob(JOB, id)).toMatchObject({ state: 'active', attempts: 1 });
    other.child.kill('SIGKILL');
    await other.exited;

    // This instance takes over once the run counts as lost; the killed run's uncommitted write is gone.
    runner.handle(JOB, async (_payload, attempt, jobId) => {
      await t.app
        .get(DataSource)
        .transaction((em) => em.query(`INSERT INTO test_job_effects (job_id, attempt, pid) VALUES ($1, $2, $3)`, [jobId, attempt, process.pid]));
    });
    await waitFor(async () => (await runner.findJob(JOB, id))?.state === 'completed', 'this instance to complete the job', 30_000);
    const { rows } = await t.db.query(`SELECT job_id, attempt, pid FROM test_job_effects`);
    expect(rows).toEqual([{ job_id: id, attempt: 2, pid: process.pid }]);
    expect(await runner.findJob(JOB, id)).toMatchObject({ state: 'completed', attempts: 2 });
  });

  it('ends by itself when stopped with SIGTERM: jobs, queue upkeep and connections leave nothing running', async () => {
    const instance = startInstance(t.databaseUrl);
    other = instance;
    await waitFor(() => instance.lines.includes('ready'), `the other instance to start:\n${instance.lines.join('\n')}`, 60_000);
    instance.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([instance.exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000, 'still running 20 s after SIGTERM')))]);
    clearTimeout(timer);
    expect({ code, closed: instance.lines.includes('closed') }).toEqual({ code: 0, closed: true });
  });
});
