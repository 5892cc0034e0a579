import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { dayFromIsoDate, isoDateFromDay } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { JobRunner } from '../../jobs/job-runner.js';
import { SettingsService } from '../settings/settings.service.js';
import { chunks, RollupRefresher } from './rollup-refresher.js';
import { LeadFunnelRollupRepository } from './lead-funnel-rollup.repository.js';
import type { ContactStageRow } from './lead-funnel.repository.js';

/** Every funnel stage of a group of leads; `grouping` is null on the total row. */
export interface LeadStageRow extends ContactStageRow {
  booked: number;
  visited: number;
  repeat: number;
  revenue: number;
}

/** The stages of a group without leads: counts at zero, no contact times. */
export const NO_LEADS: Readonly<Omit<LeadStageRow, 'grouping' | 'key'>> = Object.freeze({
  leads: 0,
  contacted: 0,
  contactedWithinSla: 0,
  medianFirstContactSec: null,
  p90FirstContactSec: null,
  booked: 0,
  visited: 0,
  repeat: 0,
  revenue: 0,
});

/**
 * Dimensions the rollup keeps: the funnel's groupings, the local hour of arrival, `total` (one row per branch-day:
 * branch and calendar groupings read it) and `no_campaign` (leads without a campaign, by channel).
 */
export const ROLLUP_DIMENSIONS = ['channel', 'campaign', 'source', 'operator', 'doctor', 'hour', 'total', 'no_campaign'] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];
const REFRESH_JOB = 'analytics.funnel_rollup';
/** Touched leads brought up to date per statement: bounded work and memory whatever the backlog. */
const LEADS_PER_STATEMENT = 2000;
/** Branch-months summed from the facts per statement in a rebuild. */
const MONTHS_PER_STATEMENT = 6;

/**
 * The lead funnel per local day and month, branch, dimension value and contact-time bucket, so that a report
 * over a year sums a few thousand rows instead of joining a million leads to their appointments.
 *
 * Each lead's own figures are kept too (`lead_funnel_facts`). Triggers note every lead whose figures a committed
 * change may alter: the lead itself, the leads of its appointments, every lead of a patient whose visits changed
 * (repeat visits); a new branch time zone notes the branch. A refresh recomputes the noted leads' facts from the live
 * tables with the funnel definitions and moves the rows they count in by the difference, so its work follows the
 * number of leads changed, not the size of their days. Reports refresh before they read, so they always include
 * every change committed before the request, and a job keeps the backlog short. Everything is rebuilt when the
 * clinic's time zone or the repeat-visit window changes (or it was never built), a branch when its time zone
 * changes; it can be dropped and rebuilt at any time.
 */
@Injectable()
export class LeadFunnelRollup implements OnModuleInit {
  private readonly logger = new Logger(LeadFunnelRollup.name);
  private readonly refresher = new RollupRefresher(() => this.refreshNow());

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: LeadFunnelRollupRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.every(REFRESH_JOB, 30, async () => {
      const done = await this.refresh();
      if (done.leads || done.full) this.logger.log(`funnel rollup: ${done.full ? 'rebuilt' : `${done.leads} leads brought up to date`}`);
    });
  }

  /**
   * Brings the rollup up to date with every change committed so far. Calls while a refresh runs share the one
   * after it (which sees what they saw), so reports arriving together refresh once.
   */
  refresh(): Promise<{ leads: number; full: boolean }> {
    return this.refresher.refresh();
  }

  private async refreshNow(): Promise<{ leads: number; full: boolean }> {
    const legalZone = this.config.privacy.legalTimeZone;
    const windowDays = (await this.settings.get()).repeatVisitWindowDays;
    const probe = await this.repository.state(legalZone, windowDays);
    if (probe.current && !probe.pending) return { leads: 0, full: false };
    return this.dataSource.transaction(async (em) => {
      await this.repository.lock(em);
      const full = !(await this.repository.isCurrent(legalZone, windowDays, em));
      // Branches whose time zone changed are rebuilt (every lead of theirs moves); the touched leads are then brought
      // up to date (a touched lead of a rebuilt branch is already, and stays as it is).
      const wholeBranches = await this.repository.takeRezonedBranches(em);
      const touched = await this.repository.takeTouchedLeads(em);
      if (full) await this.rebuild(em, null, legalZone, windowDays);
      else {
        if (wholeBranches.length) await this.rebuild(em, wholeBranches, legalZone, windowDays);
        for (const part of chunks(touched, LEADS_PER_STATEMENT)) await this.repository.applyLeads(part, legalZone, windowDays, em);
      }
      await this.repository.markBuilt(legalZone, windowDays, em);
      if (full) await this.repository.cluster(em);
      if (full || wholeBranches.length || touched.length > 10 * LEADS_PER_STATEMENT) await this.repository.analyze(em);
      return { leads: full ? 0 : touched.length, full };
    });
  }

  /** Recomputes the facts and rows of these branches (every branch when null) from the live tables. */
  private async rebuild(em: EntityManager, branches: string[] | null, legalZone: string, windowDays: number): Promise<void> {
    const keys = branches ?? (await this.repository.everyBranchKey(em));
    await this.repository.deleteBranches(keys, em);
    // Facts a month of arrivals at a time (months in UTC: any split of the leads will do).
    const range = await this.repository.leadSpan(em);
    if (range.first && range.last) {
      for (let start = new Date(`${isoMonth(range.first)}-01T00:00:00Z`); start <= range.last; start = nextMonth(start)) {
        await this.repository.insertFacts(keys, start, nextMonth(start), legalZone, windowDays, em);
      }
    }
    const months = await this.repository.factMonths(keys, em);
    for (const part of chunks(months, MONTHS_PER_STATEMENT)) await this.repository.rowsFromFacts(part, em);
  }
}

/** YYYY-MM of a timestamp read from the database (a Date, or text). */
function isoMonth(value: Date | string): string {
  return (value instanceof Date ? value.toISOString() : String(value)).slice(0, 7);
}

function nextMonth(start: Date): Date {
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/**
 * A period of local dates as the whole months inside it (first days of the first and last of them) and the
 * days before and after those months.
 */
export function splitByMonths(from: string, to: string): { months: [string, string] | null; days: Array<[string, string]> } {
  const firstDay = dayFromIsoDate(from);
  const lastDay = dayFromIsoDate(to);
  const monthStart = (day: number) => dayFromIsoDate(`${isoDateFromDay(day).slice(0, 7)}-01`);
  const firstWhole = isoDateFromDay(firstDay).endsWith('-01') ? firstDay : monthStart(monthStart(firstDay) + 31);
  const afterLastWhole = isoDateFromDay(lastDay + 1).endsWith('-01') ? lastDay + 1 : monthStart(lastDay);
  if (firstWhole >= afterLastWhole) return { months: null, days: [[from, to]] };
  const days: Array<[string, string]> = [];
  if (firstDay < firstWhole) days.push([from, isoDateFromDay(firstWhole - 1)]);
  if (afterLastWhole <= lastDay) days.push([isoDateFromDay(afterLastWhole), to]);
  return { months: [isoDateFromDay(firstWhole), isoDateFromDay(monthStart(afterLastWhole - 1))], days };
}
