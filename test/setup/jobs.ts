import type pg from 'pg';

/**
 * A queue for a job that only tests define. The app's own queues come from migrations; this is the same call a
 * migration makes, run against the test's database.
 */
export async function createJobQueue(db: pg.Pool, job: string, policy: 'standard' | 'stately' = 'standard'): Promise<void> {
  await db.query(`SELECT pgboss.create_queue($1, json_build_object('policy', $2::text))`, [job, policy]);
}

/** Polls until `condition` holds (a later event, not a pause); fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
