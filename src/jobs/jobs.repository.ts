import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface ClaimedQueuedJob {
  id: string;
  job: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

// em.query answers UPDATE/DELETE with [rows, count]; claims wrap the UPDATE in a CTE to get plain rows.

/** SQL of the job runner. Claims use FOR UPDATE SKIP LOCKED plus a lease, so one run never happens twice at once. */
@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ensurePeriodic(job: string, everySec: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO scheduled_jobs (job, every_sec) VALUES ($1, $2) ON CONFLICT (job) DO UPDATE SET every_sec = EXCLUDED.every_sec`,
      [job, everySec],
    );
  }

  /** Takes the lease on one due periodic job (or on `only`, due or not); null when none is free. */
  async claimPeriodic(owner: string, jobs: string[], leaseSec: number, only?: string): Promise<{ job: string; attempts: number } | null> {
    const rows = await this.dataSource.query(
      `WITH claimed AS (UPDATE scheduled_jobs SET locked_by = $1, locked_until = now() + make_interval(secs => $2),
              attempts = attempts + 1, last_started_at = now()
       WHERE job = (SELECT job FROM scheduled_jobs
                    WHERE job = ANY ($3) AND ($4::text IS NOT NULL AND job = $4 OR $4::text IS NULL AND next_run_at <= now())
                      AND (locked_until IS NULL OR locked_until < now())
                    ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING job, attempts) SELECT * FROM claimed`,
      [owner, leaseSec, jobs, only ?? null],
    );
    return rows[0] ?? null;
  }

  async finishPeriodic(job: string, owner: string, outcome: { ok: true } | { ok: false; error: string; retryInSec: number }): Promise<void> {
    if (outcome.ok) {
      await this.dataSource.query(
        `UPDATE scheduled_jobs SET locked_by = NULL, locked_until = NULL, attempts = 0, runs = runs + 1, last_error = NULL,
                last_finished_at = now(), next_run_at = now() + make_interval(secs => every_sec)
         WHERE job = $1 AND locked_by = $2`,
        [job, owner],
      );
    } else {
      await this.dataSource.query(
        `UPDATE scheduled_jobs SET locked_by = NULL, locked_until = NULL, last_error = $3, last_finished_at = now(),
                next_run_at = now() + make_interval(secs => least($4, every_sec))
         WHERE job = $1 AND locked_by = $2`,
        [job, owner, outcome.error, outcome.retryInSec],
      );
    }
  }

  async renewPeriodic(job: string, owner: string, leaseSec: number): Promise<void> {
    await this.dataSource.query(`UPDATE scheduled_jobs SET locked_until = now() + make_interval(secs => $3) WHERE job = $1 AND locked_by = $2`, [job, owner, leaseSec]);
  }

  async enqueue(em: EntityManager, job: string, payload: Record<string, unknown>, options: { runAt?: Date; dedupeKey?: string; maxAttempts?: number }): Promise<string | null> {
    const rows = await em.query(
      `INSERT INTO job_queue (job, payload, run_at, dedupe_key, max_attempts) VALUES ($1, $2, coalesce($3, now()), $4, $5)
       ON CONFLICT (job, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id::text`,
      [job, payload, options.runAt ?? null, options.dedupeKey ?? null, options.maxAttempts ?? 5],
    );
    return rows[0]?.id ?? null;
  }

  /** Claims due queued jobs; a running job whose lease lapsed (its instance died) is claimed again. */
  async claimQueued(owner: string, jobs: string[], leaseSec: number, limit: number): Promise<ClaimedQueuedJob[]> {
    return this.dataSource.query(
      `WITH claimed AS (UPDATE job_queue SET status = 'running', locked_by = $1, locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
       WHERE id IN (SELECT id FROM job_queue
                    WHERE job = ANY ($3) AND (status = 'pending' AND run_at <= now() OR status = 'running' AND locked_until < now())
                    ORDER BY run_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING id::text, job, payload, attempts, max_attempts AS "maxAttempts") SELECT * FROM claimed ORDER BY id`,
      [owner, leaseSec, jobs, limit],
    );
  }

  async finishQueued(id: string, owner: string, outcome: { ok: true } | { ok: false; error: string; retryInSec: number; final: boolean }): Promise<void> {
    if (outcome.ok) {
      await this.dataSource.query(
        `UPDATE job_queue SET status = 'done', locked_by = NULL, locked_until = NULL, last_error = NULL, finished_at = now()
         WHERE id = $1 AND locked_by = $2`,
        [id, owner],
      );
    } else {
      await this.dataSource.query(
        `UPDATE job_queue SET status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END, locked_by = NULL, locked_until = NULL,
                last_error = $3, run_at = now() + make_interval(secs => $5), finished_at = CASE WHEN $4 THEN now() END
         WHERE id = $1 AND locked_by = $2`,
        [id, owner, outcome.error, outcome.final, outcome.retryInSec],
      );
    }
  }

  async renewQueued(ids: string[], owner: string, leaseSec: number): Promise<void> {
    await this.dataSource.query(`UPDATE job_queue SET locked_until = now() + make_interval(secs => $3) WHERE id = ANY ($1::bigint[]) AND locked_by = $2`, [ids, owner, leaseSec]);
  }

  /** Finished queue rows are kept a week for inspection. */
  async deleteFinishedBefore(days: number): Promise<number> {
    const [, affected] = await this.dataSource.query(`DELETE FROM job_queue WHERE finished_at < now() - make_interval(days => $1)`, [days]);
    return affected ?? 0;
  }
}
