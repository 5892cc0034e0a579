import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { jobIdFor } from './job-id.js';
import { poolExecutor, transactionExecutor } from './pg-boss-executor.js';

/** Handlers must be idempotent: a run can be repeated after a crash or a run that outlived JOBS_TIMEOUT_SEC. */
export type PeriodicHandler = () => Promise<void>;
/** `attempt` counts from 1; `jobId` is stable across attempts (an idempotency key for outside services). */
export type QueuedHandler = (payload: Record<string, unknown>, attempt: number, jobId: string) => Promise<void>;

export interface EnqueueOptions {
  /** Not before this time (default now). */
  runAt?: Date;
  /** A second enqueue with the same key for the same job is ignored while the first is kept (at least JOBS_KEEP_DAYS after it ends). */
  dedupeKey?: string;
  /** Runs in all, the first included (default 5). */
  maxAttempts?: number;
  /** First retry delay in seconds, doubling with each attempt (default JOBS_RETRY_BASE_SEC). */
  retryBaseSec?: number;
}

export type RunOutcome = 'ran' | 'failed' | 'busy';

export interface JobView {
  id: string;
  job: string;
  /** created: waiting for `runAt`; retry: failed, waiting for its next attempt; active: running; then completed, failed or cancelled. */
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Error class (and database code) of the last failed attempt; never its message, which can quote personal data. */
  error: string | null;
}

/** The PostgreSQL schema of the queue (created by migrations/1795001300000-job-queue.ts). */
const JOB_SCHEMA = 'pgboss';
const DEFAULT_MAX_ATTEMPTS = 5;
/** Queued jobs taken per fetch; each fetch costs about as much as sorting the queue's waiting jobs. */
const QUEUE_BATCH = 20;
/** A busy queue cannot hold up the others (or the periodic jobs) for longer than this many runs. */
const RUNS_PER_QUEUE_PER_PASS = 100;
const PERIODIC_POLICY = 'stately';

interface Periodic {
  everySec: number;
  handler: PeriodicHandler;
  /** When this instance last made sure the next run is scheduled (0: not yet). */
  scheduledAt: number;
}

/**
 * Background jobs on pg-boss. Periodic jobs (`every`) are a chain of runs in a `stately` queue keyed by the job's
 * name: at most one run waits and one runs, whichever instance takes it, and each run schedules the next one an
 * interval later. Queued jobs (`enqueue`) are written inside the caller's transaction. Failed runs are retried with
 * exponential backoff; a run whose instance died is retried once it exceeds JOBS_TIMEOUT_SEC. The queue schema and
 * every job's queue come from migrations: pg-boss starts here without DDL, and a job without a queue is refused.
 *
 * One polling loop per instance (JOBS_ENABLED) runs the same `tick` that tests call to drive jobs by hand.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly boss: PgBoss;
  private readonly periodic = new Map<string, Periodic>();
  private readonly queued = new Map<string, QueuedHandler>();
  /** Policy of each job's queue, read once per job name. */
  private readonly queuePolicies = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private polling = false;
  private closing = false;
  /** A queue had more due jobs than one pass runs: the next pass starts at once. */
  private backlog = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    dataSource: DataSource,
  ) {
    const { enabled, maintenanceSec, keepDays } = config.jobs;
    this.boss = new PgBoss({
      db: poolExecutor(dataSource),
      schema: JOB_SCHEMA,
      // Schema from migrations only; start() checks its version. No cron (minute resolution; would create a queue).
      migrate: false,
      schedule: false,
      supervise: enabled,
      maintenanceIntervalSeconds: maintenanceSec,
      archiveFailedAfterSeconds: keepDays * 86_400,
      deleteAfterDays: keepDays,
    });
    this.boss.on('error', (error: unknown) => this.logger.warn({ failure: describeFailure(error) }, 'job queue upkeep failed'));
  }

  /** Defines a periodic job; its first run is due at once unless another instance has one scheduled already. */
  every(job: string, everySec: number, handler: PeriodicHandler): void {
    this.define(job);
    if (!Number.isInteger(everySec) || everySec < 1) throw new Error(`Job ${job} needs a whole number of seconds`);
    this.periodic.set(job, { everySec, handler, scheduledAt: 0 });
  }

  /** Defines the handler of a queued job. */
  handle(job: string, handler: QueuedHandler): void {
    this.define(job);
    this.queued.set(job, handler);
  }

  /** Enqueues a one-off job inside the caller's transaction: it exists exactly when that change commits. Null when deduplicated. */
  async enqueue(em: EntityManager, job: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<string | null> {
    const db = transactionExecutor(em);
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) throw new Error('maxAttempts must be a whole number from 1 to 100');
    if (options.retryBaseSec !== undefined && !(Number.isInteger(options.retryBaseSec) && options.retryBaseSec >= 0))
      throw new Error('retryBaseSec must be a whole number of seconds');
    if (options.runAt && Number.isNaN(options.runAt.getTime())) throw new Error('runAt must be a valid time');
    await this.queueReady(job, 'queued');
    const id = options.dedupeKey === undefined ? undefined : jobIdFor(job, options.dedupeKey);
    // A finished job is archived after a while; its key still counts until the archive forgets it.
    if (id && (await this.boss.getJobById(job, id, { db, includeArchive: true }))) return null;
    return this.boss.send(job, payload, { ...this.retryOptions(maxAttempts, options.retryBaseSec), id, startAfter: options.runAt, db });
  }

  /** Where a job stands (also after it finished, while it is kept); null when unknown. */
  async findJob(job: string, id: string): Promise<JobView | null> {
    const found = await this.boss.getJobById<Record<string, unknown>>(job, id, { includeArchive: true });
    if (!found) return null;
    const output = found.output as { error?: unknown } | null;
    return {
      id: found.id,
      job: found.name,
      state: found.state,
      payload: found.data ?? {},
      attempts: found.startedOn ? found.retryCount + 1 : 0,
      maxAttempts: found.retryLimit + 1,
      runAt: found.startAfter,
      startedAt: found.startedOn ?? null,
      finishedAt: found.completedOn,
      error: typeof output?.error === 'string' ? output.error : null,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start().catch((error: unknown) => {
      throw new Error(
        `The job queue schema is missing or from another pg-boss version; run the migrations (${error instanceof Error ? error.message : String(error)})`,
      );
    });
    try {
      await Promise.all([
        ...[...this.periodic.keys()].map((job) => this.queueReady(job, 'periodic')),
        ...[...this.queued.keys()].map((job) => this.queueReady(job, 'queued')),
      ]);
    } catch (error) {
      await this.boss.stop({ graceful: false, close: false });
      throw error;
    }
    if (!this.config.jobs.enabled) return;
    this.polling = true;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.polling = false;
    clearTimeout(this.timer);
    await this.running;
    // The connections belong to the app's data source, which closes after this.
    await this.boss.stop({ graceful: false, close: false });
  }

  /**
   * Runs a periodic job now unless a run of it is in progress (here or on another instance); the next run is then
   * an interval away. Tests use it to drive periodic jobs without waiting.
   */
  async runNow(job: string): Promise<RunOutcome> {
    const periodic = this.periodic.get(job);
    if (!periodic) throw new Error(`Unknown job ${job}`);
    await this.queueReady(job, 'periodic');
    await this.scheduleNext(job, periodic, periodic.everySec);
    // The waiting run, however far off; none when a run is in progress (the queue allows one at a time).
    const [run] = await this.boss.fetch<Record<string, unknown>>(job, { ignoreStartAfter: true, includeMetadata: true });
    if (!run) return 'busy';
    return this.runPeriodic(job, periodic, run);
  }

  /** One polling pass: the due run of each periodic job, then the due queued jobs this instance handles. Returns how many ran. */
  async tick(): Promise<number> {
    let ran = 0;
    this.backlog = false;
    for (const [job, periodic] of this.periodic) {
      if (this.closing) return ran;
      await this.queueReady(job, 'periodic');
      // First pass: due at once, unless a run is scheduled already; later passes only repair a broken chain.
      if (Date.now() - periodic.scheduledAt >= periodic.everySec * 1000) await this.scheduleNext(job, periodic, periodic.scheduledAt ? periodic.everySec : 0);
      const [run] = await this.boss.fetch<Record<string, unknown>>(job, { includeMetadata: true });
      if (!run) continue;
      await this.runPeriodic(job, periodic, run);
      ran += 1;
    }
    for (const [job, handler] of this.queued) {
      await this.queueReady(job, 'queued');
      for (let runs = 0; ;) {
        if (this.closing) return ran;
        if (runs >= RUNS_PER_QUEUE_PER_PASS) {
          this.backlog = true;
          break;
        }
        // A batch is taken at once and then run in turn (shutdown waits for it): pg-boss sorts the waiting jobs on every fetch.
        const batch = await this.boss.fetch<Record<string, unknown>>(job, { batchSize: QUEUE_BATCH, includeMetadata: true });
        if (!batch.length) break;
        for (const run of batch) await this.runQueued(job, handler, run);
        runs += batch.length;
        ran += batch.length;
      }
    }
    return ran;
  }

  /** Marks runs whose instance died (older than their timeout) for retry, and archives and deletes old jobs. */
  async maintain(): Promise<void> {
    await this.boss.maintain();
  }

  private define(job: string): void {
    if (this.periodic.has(job) || this.queued.has(job)) throw new Error(`Job ${job} is defined twice`);
  }

  private async runPeriodic(job: string, periodic: Periodic, run: PgBoss.JobWithMetadata<Record<string, unknown>>): Promise<RunOutcome> {
    const failure = await settle(periodic.handler);
    if (failure === undefined) await this.boss.complete(job, run.id);
    else await this.recordFailure(job, run, failure.error);
    await this.scheduleNext(job, periodic, periodic.everySec);
    return failure === undefined ? 'ran' : 'failed';
  }

  private async runQueued(job: string, handler: QueuedHandler, run: PgBoss.JobWithMetadata<Record<string, unknown>>): Promise<void> {
    const failure = await settle(() => handler(run.data ?? {}, run.retryCount + 1, run.id));
    if (failure === undefined) await this.boss.complete(job, run.id);
    else await this.recordFailure(job, run, failure.error);
  }

  private async recordFailure(job: string, run: PgBoss.JobWithMetadata, error: unknown): Promise<void> {
    const attempt = run.retryCount + 1;
    const final = attempt > run.retryLimit;
    this.logger.warn(
      { job, jobId: run.id, attempt, final, failure: describeFailure(error) },
      final ? 'job failed for the last time' : 'job failed; it will be retried',
    );
    await this.boss.fail(job, run.id, { error: describeFailure(error) });
  }

  /** The next run of a periodic job, `delaySec` from now, unless one is waiting already (one per job in a stately queue). */
  private async scheduleNext(job: string, periodic: Periodic, delaySec: number): Promise<void> {
    await this.boss.send(job, {}, { ...this.retryOptions(DEFAULT_MAX_ATTEMPTS), singletonKey: job, startAfter: delaySec });
    periodic.scheduledAt = Date.now();
  }

  private retryOptions(maxAttempts: number, retryBaseSec = this.config.jobs.retryBaseSec): PgBoss.SendOptions {
    // pg-boss waits retryDelay * 2^(attempt - 1) seconds, times 1 to 2 at random, before attempt + 1.
    return { retryLimit: maxAttempts - 1, retryDelay: retryBaseSec, retryBackoff: retryBaseSec > 0, expireInSeconds: this.config.jobs.timeoutSec };
  }

  /** Every job needs its queue, made by a migration, with the policy its kind relies on. */
  private async queueReady(job: string, kind: 'periodic' | 'queued'): Promise<void> {
    let found = this.queuePolicies.get(job);
    if (!found) {
      found = (await this.boss.getQueue(job))?.policy;
      if (found) this.queuePolicies.set(job, found);
    }
    const wanted = kind === 'periodic' ? PERIODIC_POLICY : 'standard';
    const create = `SELECT ${JOB_SCHEMA}.create_queue('${job}', '{"policy":"${wanted}"}')`;
    if (!found) throw new Error(`Job ${job} has no queue: create it in a migration (${create})`);
    if ((found === PERIODIC_POLICY) !== (kind === 'periodic'))
      throw new Error(`Job ${job} is ${kind} but its queue has the ${found} policy; a ${kind} job needs ${create}`);
  }

  private schedule(delayMs: number): void {
    if (!this.polling) return;
    this.timer = setTimeout(() => {
      const pass = this.tick().catch((error: unknown) => {
        this.logger.warn({ failure: describeFailure(error) }, 'job polling failed');
        return 0;
      });
      this.running = pass;
      void pass.then(() => this.schedule(this.backlog ? 0 : this.config.jobs.pollMs));
    }, delayMs);
    this.timer.unref();
  }
}

/** Undefined when the handler succeeds; the reason, boxed, when it fails (a handler may throw anything, even undefined). */
async function settle(run: () => Promise<void>): Promise<{ error: unknown } | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return { error };
  }
}

/** Error class and database code only: messages can quote personal values. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (error as { code?: unknown }).code;
  return (typeof code === 'string' ? `${error.name} ${code}` : error.name).slice(0, 200);
}
