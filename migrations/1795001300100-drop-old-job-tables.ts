import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The hand-written job runner's tables: background jobs now live in the pg-boss schema (1795001300000). */
export class DropOldJobTables1795001300100 implements MigrationInterface {
  name = 'DropOldJobTables1795001300100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE job_queue, scheduled_jobs`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE scheduled_jobs (
        job text PRIMARY KEY CHECK (job ~ '^[a-z_]+(\\.[a-z_]+)+$'),
        every_sec integer NOT NULL CHECK (every_sec > 0),
        next_run_at timestamptz NOT NULL DEFAULT now(),
        locked_by text,
        locked_until timestamptz,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        runs bigint NOT NULL DEFAULT 0,
        last_started_at timestamptz,
        last_finished_at timestamptz,
        last_error text CHECK (length(last_error) <= 200),
        CONSTRAINT scheduled_jobs_lock_pair CHECK ((locked_by IS NULL) = (locked_until IS NULL))
      )`);
    await db.query(`
      CREATE TABLE job_queue (
        id bigserial PRIMARY KEY,
        job text NOT NULL CHECK (job ~ '^[a-z_]+(\\.[a-z_]+)+$'),
        payload jsonb NOT NULL DEFAULT '{}',
        dedupe_key text CHECK (length(dedupe_key) <= 200),
        run_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 100),
        locked_by text,
        locked_until timestamptz,
        last_error text CHECK (length(last_error) <= 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await db.query(`CREATE INDEX job_queue_due_idx ON job_queue (run_at, id) WHERE status IN ('pending', 'running')`);
    await db.query(`CREATE INDEX job_queue_finished_idx ON job_queue (finished_at) WHERE finished_at IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX job_queue_dedupe_key ON job_queue (job, dedupe_key) WHERE dedupe_key IS NOT NULL`);
  }
}
