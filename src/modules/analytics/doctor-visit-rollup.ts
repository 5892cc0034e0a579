import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../jobs/job-runner.js';
import { SettingsService } from '../settings/settings.service.js';
import { DoctorVisitRollupRepository } from './doctor-visit-rollup.repository.js';
import { chunks, RollupRefresher } from './rollup-refresher.js';

const REFRESH_JOB = 'analytics.doctor_visit_rollup';
/** Doctor-days recomputed per statement. */
const DAYS_PER_STATEMENT = 500;

/**
 * Keeps the doctor scorecards' day rows (`doctor_visit_rollup`) up to date: triggers note the patients whose
 * appointments changed (and where a changed appointment was); a refresh before each report, and every 30 s in the
 * background, recomputes the day rows of those patients' appointments from the live tables. Rebuilt whole when the
 * repeat window changes (or it was never built), a branch's rows when its time zone changes.
 */
@Injectable()
export class DoctorVisitRollup implements OnModuleInit {
  private readonly logger = new Logger(DoctorVisitRollup.name);
  private readonly refresher = new RollupRefresher(() => this.refreshNow());

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DoctorVisitRollupRepository,
    private readonly settings: SettingsService,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.every(REFRESH_JOB, 30, async () => {
      const done = await this.refresh();
      if (done.days || done.full) this.logger.log(`doctor visit rollup: ${done.full ? 'rebuilt' : `${done.days} doctor-days recomputed`}`);
    });
  }

  /** Brings the rollup up to date with every change committed so far (calls made together share one refresh). */
  refresh(): Promise<{ days: number; full: boolean }> {
    return this.refresher.refresh();
  }

  private async refreshNow(): Promise<{ days: number; full: boolean }> {
    const windowDays = (await this.settings.get()).repeatVisitWindowDays;
    const state = await this.repository.state(windowDays);
    if (state.current && !state.pending) return { days: 0, full: false };
    return this.dataSource.transaction(async (em) => {
      await this.repository.lock(em);
      const full = !(await this.repository.isCurrent(windowDays, em));
      let days = 0;
      if (full) days = await this.repository.rebuild(windowDays, em);
      else {
        const changed = await this.repository.takeChangedDays(em);
        for (const part of chunks(changed, DAYS_PER_STATEMENT)) await this.repository.recompute(part, windowDays, em);
        days = changed.length;
      }
      await this.repository.markBuilt(windowDays, em);
      if (full) await this.repository.compact(em);
      return { days, full };
    });
  }
}
