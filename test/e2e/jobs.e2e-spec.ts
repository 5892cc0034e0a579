import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('job runner with two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  let runnerA: JobRunner;
  let runnerB: JobRunner;
  beforeAll(async () => {
    // Polling off: the test drives both runners by hand.
    a = await startTestApp({ env: { JOBS_ENABLED: 'false', JOBS_RETRY_BASE_SEC: '0' } });
    b = await startTestApp({ databaseUrl: a.databaseUrl, env: { JOBS_ENABLED: 'false', JOBS_RETRY_BASE_SEC: '0' } });
    runnerA = a.app.get(JobRunner);
    runnerB = b.app.get(JobRunner);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('never runs one periodic job on both instances at once', async () => {
    const release = gate();
    let runs = 0;
    let running = 0;
    let overlap = 0;
    const handler = async () => {
      runs += 1;
      running += 1;
      if (running > 1) overlap += 1;
      await release.opened;
      running -= 1;
    };
    runnerA.every('test.exclusive', 3600, handler);
    runnerB.every('test.exclusive', 3600, handler);

    const both = [runnerA.runNow('test.exclusive'), runnerB.runNow('test.exclusive')];
    await waitFor(() => runs === 1, 'one run to start');
    // While one instance holds it, the other is refused however it asks.
    expect(await Promise.race([both[0], both[1]])).toBe('busy');
    expect(await runnerA.runNow('test.exclusive')).toBe('busy');
    expect(await runnerB.runNow('test.exclusive')).toBe('busy');
    await runnerA.tick();
    await runnerB.tick();
    expect(runs).toBe(1);
    release.open();
    expect((await Promise.all(both)).sort()).toEqual(['busy', 'ran']);
    expect(overlap).toBe(0);

    // Done: the next run is an interval away, so polling passes do not run it again.
    await Promise.all([runnerA.tick(), runnerB.tick()]);
    expect(runs).toBe(1);
    const { rows } = await a.db.query(`SELECT runs::int, locked_by, next_run_at > now() + interval '50 minutes' AS later FROM scheduled_jobs WHERE job = 'test.exclusive'`);
    expect(rows).toEqual([{ runs: 1, locked_by: null, later: true }]);
  });

  it('runs each queued job exactly once while both instances drain the queue', async () => {
    const seen: string[] = [];
    const handler = async (payload: Record<string, unknown>) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      seen.push(String(payload.n));
    };
    runnerA.handle('test.queued', handler);
    runnerB.handle('test.queued', handler);
    await a.app.get(DataSource).transaction(async (em) => {
      for (let n = 0; n < 60; n += 1) await runnerA.enqueue(em, 'test.queued', { n });
    });
    await Promise.all([runnerA.tick(), runnerB.tick(), runnerA.tick(), runnerB.tick()]);
    expect(seen.slice().sort()).toEqual(Array.from({ length: 60 }, (_, n) => String(n)).sort());
    const { rows } = await a.db.query(`SELECT status, count(*)::int AS n, max(attempts) AS attempts FROM job_queue WHERE job = 'test.queued' GROUP BY status`);
    expect(rows).toEqual([{ status: 'done', n: 60, attempts: 1 }]);
  });

  it('enqueues idempotently by key, and only when the enqueuing transaction commits', async () => {
    const ds = a.app.get(DataSource);
    const first = await ds.transaction((em) => runnerA.enqueue(em, 'test.dedupe', { x: 1 }, { dedupeKey: 'lead-1' }));
    const second = await ds.transaction((em) => runnerB.enqueue(em, 'test.dedupe', { x: 2 }, { dedupeKey: 'lead-1' }));
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    await ds.transaction(async (em) => {
      await runnerA.enqueue(em, 'test.dedupe', { x: 3 }, { dedupeKey: 'rolled-back' });
      throw new Error('roll back');
    }).catch(() => undefined);
    const { rows } = await a.db.query(`SELECT dedupe_key FROM job_queue WHERE job = 'test.dedupe'`);
    expect(rows).toEqual([{ dedupe_key: 'lead-1' }]);
  });

  it('retries a failing job with its attempt number, gives up after max attempts, and stores no error message', async () => {
    const attempts: number[] = [];
    runnerA.handle('test.flaky', async (_payload, attempt) => {
      attempts.push(attempt);
      if (attempt < 2) throw new Error('temporary failure mentioning Ivanova +79990001122');
    });
    runnerA.handle('test.broken', async () => {
      throw new Error('permanent failure mentioning Ivanova +79990001122');
    });
    const ds = a.app.get(DataSource);
    await ds.transaction(async (em) => {
      await runnerA.enqueue(em, 'test.flaky', {});
      await runnerA.enqueue(em, 'test.broken', {}, { maxAttempts: 3 });
    });
    await runnerA.tick();
    expect(attempts).toEqual([1, 2]);
    const { rows } = await a.db.query(`SELECT job, status, attempts, last_error FROM job_queue WHERE job IN ('test.flaky', 'test.broken') ORDER BY job`);
    expect(rows).toEqual([
      { job: 'test.broken', status: 'failed', attempts: 3, last_error: 'Error' },
      { job: 'test.flaky', status: 'done', attempts: 2, last_error: null },
    ]);
    expect(a.logs.join('\n')).not.toContain('Ivanova');
  });

  it('takes over a job whose instance died mid-run once its lease lapsed', async () => {
    const ran: string[] = [];
    runnerB.handle('test.orphan', async (payload) => {
      ran.push(String(payload.tag));
    });
    await a.db.query(`INSERT INTO job_queue (job, payload, status, attempts, locked_by, locked_until) VALUES
      ('test.orphan', '{"tag":"lapsed"}', 'running', 1, 'dead-instance', now() - interval '1 second'),
      ('test.orphan', '{"tag":"held"}', 'running', 1, 'live-instance', now() + interval '1 hour')`);
    await runnerB.tick();
    expect(ran).toEqual(['lapsed']);
  });

  it('retries a failed periodic job on a later pass and keeps it scheduled', async () => {
    let calls = 0;
    runnerB.every('test.periodic_flaky', 3600, async () => {
      calls += 1;
      if (calls === 1) throw new Error('first run fails');
    });
    expect(await runnerB.runNow('test.periodic_flaky')).toBe('failed');
    const failed = (await a.db.query(`SELECT attempts, last_error, locked_by FROM scheduled_jobs WHERE job = 'test.periodic_flaky'`)).rows[0];
    expect(failed).toEqual({ attempts: 1, last_error: 'Error', locked_by: null });
    // Retry delay is 0 here: the next polling pass runs it again.
    await runnerB.tick();
    expect(calls).toBe(2);
    expect((await a.db.query(`SELECT attempts, last_error FROM scheduled_jobs WHERE job = 'test.periodic_flaky'`)).rows[0]).toEqual({ attempts: 0, last_error: null });
  });
});

describe('job runner lifecycle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_POLL_MS: '50' } });
  });
  afterAll(async () => t?.close());

  it('starts polling on application bootstrap and stops on shutdown', async () => {
    const runner = t.app.get(JobRunner);
    const done: string[] = [];
    runner.handle('test.background', async (payload) => {
      done.push(String(payload.id));
    });
    await t.app.get(DataSource).transaction((em) => runner.enqueue(em, 'test.background', { id: 'x1' }));
    await waitFor(() => done.length === 1, 'the background runner to pick the job up');
    expect(done).toEqual(['x1']);
    // The built-in periodic jobs were scheduled by the same loop.
    await waitFor(async () => (await t.db.query(`SELECT 1 FROM scheduled_jobs WHERE job = 'privacy.purge' AND runs > 0`)).rowCount === 1, 'the purge job to run');

    await t.app.close();
    const closedAt = (await t.db.query(`SELECT count(*)::int AS n FROM job_queue`)).rows[0].n;
    await t.db.query(`INSERT INTO job_queue (job, payload) VALUES ('test.background', '{"id":"after-close"}')`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toEqual(['x1']);
    expect(closedAt).toBeGreaterThan(0);
    // t.close() closes the app again: make that harmless.
    t.app.close = async () => undefined;
  });
});
