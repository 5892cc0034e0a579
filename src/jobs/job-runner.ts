import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JobsRepository } from './jobs.repository.js';
import { retryDelaySec } from './retry.js';

/** Handlers must be idempotent: a run can be repeated after a crash or a lapsed lease. */
export type PeriodicHandler = () => Promise<void>;
export type QueuedHandler = (payload: Record<string, unknown>, attempt: number) => Promise<void>;

export interface EnqueueOptions {
  /** Not before this time (default now). */
  runAt?: Date;
  /** A second enqueue with the same key for the same job is ignored, so callers can enqueue without checking. */
  dedupeKey?: string;
  maxAttempts?: number;
}

export type RunOutcome = 'ran' | 'failed' | 'busy';

const QUEUE_BATCH = 20;
const FINISHED_KEEP_DAYS = 7;

/**
 * Background jobs on PostgreSQL. Periodic jobs (`every`) and one-off queued jobs (`enqueue` inside the caller's
 * transaction) are claimed with FOR UPDATE SKIP LOCKED and a renewable lease, so with several instances each run
 * happens on exactly one of them; failures are retried with exponential backoff. Modules define their jobs in
 * onModuleInit; the runner polls from application bootstrap until shutdown. Tests call `runNow` / `tick` directly.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly periodic = new Map<string, { everySec: number; handler: PeriodicHandler }>();
  private readonly queued = new Map<string, QueuedHandler>();
  private readonly ensured = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly jobs: JobsRepository) {
    this.every('jobs.cleanup', 6 * 3600, async () => {
      await this.jobs.deleteFinishedBefore(FINISHED_KEEP_DAYS);
    });
  }

  /** Defines a periodic job; its first run is due at once. */
  every(job: string, everySec: number, handler: PeriodicHandler): void {
    if (this.periodic.has(job)) throw new Error(`Job ${job} is defined twice`);
    this.periodic.set(job, { everySec, handler });
  }

  /** Defines the handler of a queued job. */
  handle(job: string, handler: QueuedHandler): void {
    if (this.queued.has(job)) throw new Error(`Job ${job} is defined twice`);
    this.queued.set(job, handler);
  }

  /** Enqueues a one-off job inside the caller's transaction: it exists exactly when that change commits. Null when deduplicated. */
  enqueue(em: EntityManager, job: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<string | null> {
    return this.jobs.enqueue(em, job, payload, options);
  }

  onApplicationBootstrap(): void {
    if (!this.config.jobs.enabled) return;
    this.stopped = false;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Runs a periodic job now unless another instance (or this one) holds it; its next run is rescheduled. */
  async runNow(job: string): Promise<RunOutcome> {
    const definition = this.periodic.get(job);
    if (!definition) throw new Error(`Unknown job ${job}`);
    await this.ensure(job);
    const claim = await this.jobs.claimPeriodic(this.instanceId, [job], this.config.jobs.leaseSec, job);
    if (!claim) return 'busy';
    return this.runPeriodic(claim.job, claim.attempts);
  }

  /** One polling pass: every due periodic job and the due queued jobs this instance knows. Returns how many ran. */
  async tick(): Promise<number> {
    let ran = 0;
    // Each periodic job at most once per pass, even when a failure makes it due again at once.
    for (const job of this.periodic.keys()) {
      await this.ensure(job);
      const claim = await this.jobs.claimPeriodic(this.instanceId, [job], this.config.jobs.leaseSec);
      if (!claim) continue;
      await this.runPeriodic(claim.job, claim.attempts);
      ran += 1;
    }
    const queuedJobs = [...this.queued.keys()];
    if (!queuedJobs.length) return ran;
    for (;;) {
      const batch = await this.jobs.claimQueued(this.instanceId, queuedJobs, this.config.jobs.leaseSec, QUEUE_BATCH);
      if (!batch.length) break;
      const renewal = this.keepLease(() => this.jobs.renewQueued(batch.map((j) => j.id), this.instanceId, this.config.jobs.leaseSec));
      try {
        for (const item of batch) {
          await this.runQueued(item.id, item.job, item.payload, item.attempts, item.maxAttempts);
          ran += 1;
        }
      } finally {
        clearInterval(renewal);
      }
    }
    return ran;
  }

  private async runPeriodic(job: string, attempt: number): Promise<RunOutcome> {
    const { handler } = this.periodic.get(job)!;
    const renewal = this.keepLease(() => this.jobs.renewPeriodic(job, this.instanceId, this.config.jobs.leaseSec));
    try {
      await handler();
      await this.jobs.finishPeriodic(job, this.instanceId, { ok: true });
      return 'ran';
    } catch (error) {
      this.logger.warn({ job, attempt, failure: describeFailure(error) }, 'job failed; it will be retried');
      await this.jobs.finishPeriodic(job, this.instanceId, { ok: false, error: describeFailure(error), retryInSec: retryDelaySec(attempt, this.config.jobs.retryBaseSec) });
      return 'failed';
    } finally {
      clearInterval(renewal);
    }
  }

  private async runQueued(id: string, job: string, payload: Record<string, unknown>, attempt: number, maxAttempts: number): Promise<void> {
    try {
      await this.queued.get(job)!(payload, attempt);
      await this.jobs.finishQueued(id, this.instanceId, { ok: true });
    } catch (error) {
      const final = attempt >= maxAttempts;
      this.logger.warn({ job, jobId: id, attempt, final, failure: describeFailure(error) }, final ? 'job failed for the last time' : 'job failed; it will be retried');
      await this.jobs.finishQueued(id, this.instanceId, { ok: false, error: describeFailure(error), final, retryInSec: retryDelaySec(attempt, this.config.jobs.retryBaseSec) });
    }
  }

  private async ensure(job: string): Promise<void> {
    if (this.ensured.has(job)) return;
    await this.jobs.ensurePeriodic(job, this.periodic.get(job)!.everySec);
    this.ensured.add(job);
  }

  private keepLease(renew: () => Promise<void>): NodeJS.Timeout {
    const timer = setInterval(() => void renew().catch(() => undefined), Math.max(1000, (this.config.jobs.leaseSec * 1000) / 3));
    timer.unref();
    return timer;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().catch((error: unknown) => {
        this.logger.warn({ failure: describeFailure(error) }, 'job polling failed');
        return 0;
      });
      void this.running.finally(() => this.schedule(this.config.jobs.pollMs));
    }, delayMs);
    this.timer.unref();
  }
}

/** Error class and database code only: messages can quote personal values. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (error as { code?: unknown }).code;
  return (typeof code === 'string' ? `${error.name} ${code}` : error.name).slice(0, 200);
}
