import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { jobIdFor } from '../../src/jobs/job-id.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { createJobQueue, waitFor } from '../setup/jobs.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('job queue with two instances on one database', () => {
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
    for (const job of ['test.exclusive', 'test.periodic_flaky']) await createJobQueue(a.db, job, 'stately');
    for (const job of ['test.queued', 'test.dedupe', 'test.flaky', 'test.broken', 'test.backoff', 'test.orphan', 'test.standard'])
      await createJobQueue(a.db, job);
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
    const { rows } = await a.db.query(
      `SELECT state, count(*)::int AS n, bool_and(start_after > now() + interval '50 minutes') AS later FROM pgboss.job WHERE name = 'test.exclusive' GROUP BY state ORDER BY state`,
    );
    expect(rows).toEqual([
      { state: 'created', n: 1, later: true },
      { state: 'completed', n: 1, later: expect.any(Boolean) },
    ]);
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
    const { rows } = await a.db.query(
      `SELECT state, count(*)::int AS n, max(retry_count) AS retries FROM pgboss.job WHERE name = 'test.queued' GROUP BY state`,
    );
    expect(rows).toEqual([{ state: 'completed', n: 60, retries: 0 }]);
  });

  it('enqueues idempotently by key, also after the job finished and was archived, and only when the enqueuing transaction commits', async () => {
    const ds = a.app.get(DataSource);
    const first = await ds.transaction((em) => runnerA.enqueue(em, 'test.dedupe', { x: 1 }, { dedupeKey: 'lead-1' }));
    const second = await ds.transaction((em) => runnerB.enqueue(em, 'test.dedupe', { x: 2 }, { dedupeKey: 'lead-1' }));
    expect(first).toBe(jobIdFor('test.dedupe', 'lead-1'));
    expect(second).toBeNull();
    await ds
      .transaction(async (em) => {
        await runnerA.enqueue(em, 'test.dedupe', { x: 3 }, { dedupeKey: 'rolled-back' });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const { rows } = await a.db.query(`SELECT id, data FROM pgboss.job WHERE name = 'test.dedupe'`);
    expect(rows).toEqual([{ id: first, data: { x: 1 } }]);

    // Two transactions with one key at once: the second waits for the first and makes no job.
    const inserted = gate();
    const hold = gate();
    const holding = ds.transaction(async (em) => {
      const id = await runnerA.enqueue(em, 'test.dedupe', { x: 4 }, { dedupeKey: 'lead-2' });
      inserted.open();
      await hold.opened;
      return id;
    });
    await inserted.opened;
    const racing = ds.transaction((em) => runnerB.enqueue(em, 'test.dedupe', { x: 5 }, { dedupeKey: 'lead-2' }));
    await waitFor(
      async () => (await a.db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount === 1,
      'the second insert to wait',
    );
    hold.open();
    expect(await holding).toBe(jobIdFor('test.dedupe', 'lead-2'));
    expect(await racing).toBeNull();

    // Finished and archived: the key still counts.
    runnerA.handle('test.dedupe', async () => undefined);
    await runnerA.tick();
    await a.db.query(`UPDATE pgboss.job SET completed_on = now() - interval '2 days' WHERE name = 'test.dedupe' AND id = $1`, [first]);
    await runnerA.maintain();
    expect((await a.db.query(`SELECT 1 FROM pgboss.archive WHERE name = 'test.dedupe' AND id = $1`, [first])).rowCount).toBe(1);
    expect(await ds.transaction((em) => runnerB.enqueue(em, 'test.dedupe', { x: 6 }, { dedupeKey: 'lead-1' }))).toBeNull();
    expect(await runnerA.findJob('test.dedupe', first!)).toMatchObject({ state: 'completed', attempts: 1, payload: { x: 1 } });
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
    const [flaky, broken] = await ds.transaction(async (em) => [
      await runnerA.enqueue(em, 'test.flaky', {}),
      await runnerA.enqueue(em, 'test.broken', {}, { maxAttempts: 3 }),
    ]);
    await runnerA.tick();
    expect(attempts).toEqual([1, 2]);
    expect(await runnerA.findJob('test.broken', broken!)).toMatchObject({ state: 'failed', attempts: 3, maxAttempts: 3, error: 'Error' });
    expect(await runnerA.findJob('test.flaky', flaky!)).toMatchObject({ state: 'completed', attempts: 2, maxAttempts: 5, error: null });
    const { rows } = await a.db.query(`SELECT output::text FROM pgboss.job WHERE name IN ('test.flaky', 'test.broken')`);
    expect(JSON.stringify(rows)).not.toContain('Ivanova');
    expect(a.logs.join('\n')).not.toContain('Ivanova');

    // Retried by hand as the README shows: one more attempt at the next pass.
    const { rows: failed } = await a.db.query(
      `SELECT name, id, retry_count + 1 AS attempts, output->>'error' AS error FROM pgboss.job WHERE state = 'failed' AND name LIKE 'test.%'`,
    );
    expect(failed).toEqual([{ name: 'test.broken', id: broken, attempts: 3, error: 'Error' }]);
    await a.db.query(`UPDATE pgboss.job SET state = 'retry', retry_limit = retry_limit + 1 WHERE name = 'test.broken' AND id = $1 AND state = 'failed'`, [
      broken,
    ]);
    await runnerA.tick();
    expect(await runnerA.findJob('test.broken', broken!)).toMatchObject({ state: 'failed', attempts: 4, maxAttempts: 4 });
  });

  it('waits before each retry: twice as long with each attempt, up to twice that again at random', async () => {
    runnerA.handle('test.backoff', async () => {
      throw new Error('provider down');
    });
    const id = await a.app.get(DataSource).transaction((em) => runnerA.enqueue(em, 'test.backoff', {}, { retryBaseSec: 60, maxAttempts: 4 }));
    const states: string[] = [];
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      // Due now instead of after the wait, so the test need not wait.
      await a.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 second' WHERE name = 'test.backoff' AND id = $1`, [id]);
      await runnerA.tick();
      const {
        rows: [job],
      } = await a.db.query(`SELECT state, extract(epoch FROM start_after - now())::float AS wait FROM pgboss.job WHERE name = 'test.backoff' AND id = $1`, [
        id,
      ]);
      states.push(job.state);
      if (job.state === 'retry') waits.push(job.wait);
    }
    expect(states).toEqual(['retry', 'retry', 'retry', 'failed']);
    waits.forEach((wait, n) => {
      expect(wait).toBeGreaterThan(60 * 2 ** n - 5);
      expect(wait).toBeLessThanOrEqual(2 * 60 * 2 ** n);
    });
  });

  it('takes over a job whose instance died mid-run once its timeout passed', async () => {
    const ran: string[] = [];
    runnerB.handle('test.orphan', async (payload, attempt) => {
      ran.push(`${String(payload.tag)} attempt ${attempt}`);
    });
    await a.app.get(DataSource).transaction(async (em) => {
      await runnerA.enqueue(em, 'test.orphan', { tag: 'lapsed' });
      await runnerA.enqueue(em, 'test.orphan', { tag: 'held' });
    });
    // Both taken by an instance that is gone; one of them longer ago than the timeout (15 minutes by default).
    await a.db
      .query(`UPDATE pgboss.job SET state = 'active', started_on = now() - CASE data->>'tag' WHEN 'lapsed' THEN interval '1 hour' ELSE interval '1 second' END
                      WHERE name = 'test.orphan'`);
    await runnerB.tick();
    expect(ran).toEqual([]);
    await runnerB.maintain();
    await runnerB.tick();
    expect(ran).toEqual(['lapsed attempt 2']);
  });

  it('retries a failed periodic job on a later pass and keeps it scheduled', async () => {
    let calls = 0;
    runnerB.every('test.periodic_flaky', 3600, async () => {
      calls += 1;
      if (calls === 1) throw new Error('first run fails');
    });
    expect(await runnerB.runNow('test.periodic_flaky')).toBe('failed');
    const runs = async () =>
      (
        await a.db.query(
          `SELECT state, output, start_after > now() + interval '50 minutes' AS later FROM pgboss.job WHERE name = 'test.periodic_flaky' ORDER BY created_on`,
        )
      ).rows;
    expect(await runs()).toEqual([
      { state: 'retry', output: { error: 'Error' }, later: false },
      { state: 'created', output: null, later: true },
    ]);
    // Retry delay is 0 here: the next polling pass runs it again.
    await runnerB.tick();
    expect(calls).toBe(2);
    expect(await runs()).toEqual([
      { state: 'completed', output: null, later: false },
      { state: 'created', output: null, later: true },
    ]);
  });

  it('refuses a job without a queue from a migration, or with the wrong kind of queue', async () => {
    runnerA.every('test.no_queue', 60, async () => undefined);
    await expect(runnerA.runNow('test.no_queue')).rejects.toThrow(
      `Job test.no_queue has no queue: create it in a migration (SELECT pgboss.create_queue('test.no_queue', '{"policy":"stately"}'))`,
    );
    runnerA.every('test.standard', 60, async () => undefined);
    await expect(runnerA.runNow('test.standard')).rejects.toThrow('Job test.standard is periodic but its queue has the standard policy');
    const ds = a.app.get(DataSource);
    await expect(ds.transaction((em) => runnerA.enqueue(em, 'test.nowhere', {}))).rejects.toThrow('Job test.nowhere has no queue');
    await expect(ds.transaction((em) => runnerA.enqueue(em, 'test.exclusive', {}))).rejects.toThrow(
      'Job test.exclusive is queued but its queue has the stately policy',
    );
  });

  it('enqueues only inside a transaction', async () => {
    await expect(runnerA.enqueue(a.app.get(DataSource).manager, 'test.queued', {})).rejects.toThrow('inside a transaction');
    expect(await runnerA.findJob('test.queued', jobIdFor('test.queued', 'never'))).toBeNull();
  });
});

describe('job queue lifecycle', () => {
  let t: TestApp | undefined;
  afterAll(async () => t?.close());

  it('starts polling on application bootstrap and stops on shutdown, leaving no connection behind', async () => {
    t = await startTestApp({ env: { JOBS_POLL_MS: '50' } });
    const runner = t.app.get(JobRunner);
    await createJobQueue(t.db, 'test.background');
    const done: string[] = [];
    runner.handle('test.background', async (payload) => {
      done.push(String(payload.id));
    });
    const id = await t.app.get(DataSource).transaction((em) => runner.enqueue(em, 'test.background', { id: 'x1' }));
    await waitFor(() => done.length === 1, 'the background runner to pick the job up');
    expect(done).toEqual(['x1']);
    await waitFor(async () => (await runner.findJob('test.background', id!))?.state === 'completed', 'the job to be marked completed');
    // The built-in periodic jobs were scheduled by the same loop.
    await waitFor(
      async () => (await t!.db.query(`SELECT 1 FROM pgboss.job WHERE name = 'privacy.purge' AND state = 'completed'`)).rowCount === 1,
      'the purge job to run',
    );
    // Starting made no queue of its own: every queue comes from a migration (or this test).
    const { rows: queues } = await t.db.query(`SELECT name FROM pgboss.queue ORDER BY name`);
    expect(queues.map((q: { name: string }) => q.name)).toEqual([
      'analytics.doctor_visit_rollup',
      'analytics.funnel_rollup',
      'analytics.operator_activity_rollup',
      'analytics.patient_visit_facts',
      'calls.callbacks_due',
      'leads.queue',
      'leads.sla_breaches',
      'messages.dispatch',
      'messages.recall',
      'messages.recall_follow_up',
      'messages.telegram_answer',
      'privacy.purge',
      'realtime.events_purge',
      'test.background',
    ]);

    await t.app.close();
    // A server process ends a moment after its client hung up.
    await waitFor(
      async () => (await t!.db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'clinicdesk'`)).rowCount === 0,
      "the app's connections to end",
    );
    // t.close() closes the app again: make that harmless.
    t.app.close = async () => undefined;
    await t.close();
    t = undefined;
    // That nothing is left running either is checked with a process of its own (jobs-failover.e2e-spec.ts).
  });
});
