import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { JobRunner } from '../../jobs/job-runner.js';
import { SettingsService } from '../settings/settings.service.js';
import { OperatorActivityRollupRepository } from './operator-activity-rollup.repository.js';
import { chunks, RollupRefresher } from './rollup-refresher.js';

const REFRESH_JOB = 'analytics.operator_activity_rollup';
/** Calendar-branch-days recomputed per statement. */
const DAYS_PER_STATEMENT = 240;

/**
 * Operators' calls, callbacks and bookings per local day, branch and operator (`operator_activity_rollup`), so that
 * the scorecards of a year sum a few thousand rows instead of reading two million calls. Days are kept on two
 * calendars: the clinic's (legal time zone), which reports over several branches use, and each branch's own, which a
 * report of one branch uses (and bookings always: they are placed in their branch's zone). Triggers note the hours a
 * change touches (a booking's figures also change with its patient's later visits: the repeat); a refresh before
 * each report, and every 30 s in the background, recomputes those days from the live tables with the same
 * definitions the live queries used. Rebuilt whole when the clinic's time zone or the repeat window changes.
 */
@Injectable()
export class OperatorActivityRollup implements OnModuleInit {
  private readonly logger = new Logger(OperatorActivityRollup.name);
  private readonly refresher = new RollupRefresher(() => this.refreshNow());

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: OperatorActivityRollupRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.every(REFRESH_JOB, 30, async () => {
      const done = await this.refresh();
      if (done.days) this.logger.log(`operator activity rollup: ${done.days} days recomputed${done.full ? ' (full rebuild)' : ''}`);
    });
  }

  /** Brings the rollup up to date with every change committed so far (calls made together share one refresh). */
  refresh(): Promise<{ days: number; full: boolean }> {
    return this.refresher.refresh();
  }

  private async refreshNow(): Promise<{ days: number; full: boolean }> {
    const legalZone = this.config.privacy.legalTimeZone;
    const windowDays = (await this.settings.get()).repeatVisitWindowDays;
    const probe = await this.repository.state(legalZone, windowDays);
    if (probe.current && !probe.pending) return { days: 0, full: false };
    return this.dataSource.transaction(async (em) => {
      await this.repository.lock(em);
      const full = !(await this.repository.isCurrent(legalZone, windowDays, em));
      const days = full ? await this.repository.everyDay(legalZone, em) : await this.repository.changedDays(legalZone, em);
      if (full) await this.repository.deleteAll(em);
      for (const part of chunks(days, DAYS_PER_STATEMENT)) await this.repository.recompute(part, legalZone, windowDays, !full, em);
      await this.repository.markBuilt(legalZone, windowDays, em);
      if (full) await this.repository.cluster(em);
      if (full || days.length > DAYS_PER_STATEMENT) await this.repository.analyze(em);
      return { days: days.length, full };
    });
  }
}
