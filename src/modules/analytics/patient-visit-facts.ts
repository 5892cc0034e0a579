import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../jobs/job-runner.js';
import { PatientVisitFactsRepository } from './patient-visit-facts.repository.js';
import { chunks, RollupRefresher } from './rollup-refresher.js';

const REFRESH_JOB = 'analytics.patient_visit_facts';
const PATIENTS_PER_STATEMENT = 5000;

/**
 * Per patient with a completed visit (`patient_visit_facts`): their first completed visit ever (when, at which
 * branch, on which local day there), the next completed visit after it, and the channel of their first lead. The
 * repeat-visit cohorts count these instead of ranking every completed visit of every patient. Triggers note the
 * patients a change touches (their completed visits, their first lead, their branch's time zone); a refresh before
 * each report, and every 30 s in the background, recomputes those patients from the live tables.
 */
@Injectable()
export class PatientVisitFacts implements OnModuleInit {
  private readonly logger = new Logger(PatientVisitFacts.name);
  private readonly refresher = new RollupRefresher(() => this.refreshNow());

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PatientVisitFactsRepository,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.every(REFRESH_JOB, 30, async () => {
      const done = await this.refresh();
      if (done.patients) this.logger.log(`patient visit facts: ${done.patients} patients recomputed${done.full ? ' (full rebuild)' : ''}`);
    });
  }

  /** Brings the facts up to date with every change committed so far (calls made together share one refresh). */
  refresh(): Promise<{ patients: number; full: boolean }> {
    return this.refresher.refresh();
  }

  private async refreshNow(): Promise<{ patients: number; full: boolean }> {
    const probe = await this.repository.state();
    if (probe.current && !probe.pending) return { patients: 0, full: false };
    return this.dataSource.transaction(async (em) => {
      await this.repository.lock(em);
      const current = await this.repository.isCurrent(em);
      const noted = await this.repository.takeChanges(em);
      let patients = 0;
      if (!current) {
        await this.repository.deleteAll(em);
        patients = await this.repository.recompute(null, em);
        await this.repository.compact(em);
      } else {
        const ids = [...new Set(noted.filter((n) => n.patient_id).map((n) => n.patient_id!))];
        for (const part of chunks(ids, PATIENTS_PER_STATEMENT)) patients += await this.repository.recompute(part, em);
        // A branch's new time zone moves its patients' first visits to other local days.
        const branches = noted.filter((n) => !n.patient_id && n.branch_key).map((n) => n.branch_key!);
        if (branches.length) patients += await this.repository.rezone(branches, em);
      }
      await this.repository.markBuilt(em);
      return { patients, full: !current };
    });
  }
}
