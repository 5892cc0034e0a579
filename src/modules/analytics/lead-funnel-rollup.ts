import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlParams } from '../../common/sql/sql-params.js';
import { dayFromIsoDate, isoDateFromDay } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { JobRunner } from '../../jobs/job-runner.js';
import { SettingsService } from '../settings/settings.service.js';
import { chunks, RollupRefresher } from './rollup-refresher.js';
import { ADD_LEADS_SQL, bucketsCtes, COHORT_LEAD_COLUMNS, HISTOGRAM_SQL, ROLLUP_COLUMNS as COLUMNS, ZONES_CTE } from './lead-funnel-rollup.sql.js';
import type { ContactStageRow } from './lead-funnel.repository.js';

/** Every funnel stage of a group of leads; `grouping` is null on the total row. */
export interface LeadStageRow extends ContactStageRow {
  booked: number;
  visited: number;
  repeat: number;
  revenue: number;
}

/**
 * Dimensions the rollup keeps: the funnel's groupings, the local hour of arrival, `total` (one row per branch-day:
 * branch and calendar groupings read it) and `no_campaign` (leads without a campaign, by channel).
 */
export const ROLLUP_DIMENSIONS = ['channel', 'campaign', 'source', 'operator', 'doctor', 'hour', 'total', 'no_campaign'] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];
const DIMENSIONS = ROLLUP_DIMENSIONS;
type Dimension = RollupDimension;
const NO_BRANCH = '00000000-0000-0000-0000-000000000000';
const REFRESH_JOB = 'analytics.funnel_rollup';
/** Branch-days recomputed per statement: bounded work and memory whatever the backlog. */
const DAYS_PER_STATEMENT = 120;
/** Whole branch-months summed per statement. */
const MONTHS_PER_STATEMENT = 24;
/** Single keys' branch-months summed per statement (each reads about 30 day rows). */
const KEYS_PER_STATEMENT = 1000;
/** New leads added to their rows per statement. */
const LEADS_PER_STATEMENT = 5000;

/**
 * The lead funnel per local day and month, branch, dimension value and contact-time bucket, so that a report
 * over a year sums a few thousand rows instead of joining a million leads to their appointments.
 *
 * Triggers note the arrival hour (per branch) of every lead whose figures a committed change may alter: the lead
 * itself, its appointments, any appointment of its patient (repeat visits), a new branch time zone; new leads are
 * noted by id. A refresh consumes those notes, adds new leads' figures to their rows (counts add up, histogram
 * buckets only widen) and recomputes the other affected days from the live tables with the funnel definitions;
 * reports refresh before they read, so they always include every change committed before the request, and a job
 * keeps the backlog short. The rollup is rebuilt whole when the clinic's time zone or the repeat-visit window
 * changes (or it was never built), and can be dropped and rebuilt at any time.
 */
@Injectable()
export class LeadFunnelRollup implements OnModuleInit {
  private readonly logger = new Logger(LeadFunnelRollup.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.every(REFRESH_JOB, 30, async () => {
      const done = await this.refresh();
      if (done.days || done.added) this.logger.log(`funnel rollup: ${done.added} new leads added, ${done.days} branch-days recomputed${done.full ? ' (full rebuild)' : ''}`);
    });
  }

  private readonly refresher = new RollupRefresher(() => this.refreshNow());

  /**
   * Brings the rollup up to date with every change committed so far. Calls while a refresh runs share the one
   * after it (which sees what they saw), so reports arriving together refresh once.
   */
  refresh(): Promise<{ days: number; added: number; full: boolean }> {
    return this.refresher.refresh();
  }

  private async refreshNow(): Promise<{ days: number; added: number; full: boolean }> {
    const legalZone = this.config.privacy.legalTimeZone;
    const windowDays = (await this.settings.get()).repeatVisitWindowDays;
    const currentSql = `built_at IS NOT NULL AND legal_time_zone = $1 AND repeat_window_days = $2`;
    const [probe] = await this.dataSource.query(
      `SELECT ${currentSql} AS current, EXISTS (SELECT 1 FROM lead_funnel_changes) OR EXISTS (SELECT 1 FROM lead_funnel_added) AS pending FROM lead_funnel_rollup_state`,
      [legalZone, windowDays],
    );
    if (probe.current && !probe.pending) return { days: 0, added: 0, full: false };
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('lead_funnel_rollup'))`);
      await em.query(`SET LOCAL work_mem = '64MB'`);
      const [state] = await em.query(`SELECT ${currentSql} AS current FROM lead_funnel_rollup_state`, [legalZone, windowDays]);
      const full = !state.current;
      const days: Array<{ branch_key: string; day: string; whole: boolean }> = full ? await this.everyDay(em, legalZone) : await this.changedDays(em, legalZone);
      const wholeBranches = [...new Set(days.filter((d) => d.whole).map((d) => d.branch_key))];
      if (full) await em.query(`DELETE FROM lead_funnel_rollup`);
      else if (wholeBranches.length) await em.query(`DELETE FROM lead_funnel_rollup WHERE branch_key = ANY($1::uuid[])`, [wholeBranches]);
      // New leads' figures are added to their rows, except on days recomputed below or in rebuilt branches (all of
      // them after a whole rebuild), which count them anyway.
      const added: string[] = (await em.query(`WITH a AS (DELETE FROM lead_funnel_added RETURNING lead_id) SELECT DISTINCT lead_id FROM a`))
        .map((r: { lead_id: string }) => r.lead_id);
      if (!full) {
        const recomputed = days.filter((d) => !d.whole);
        for (const part of chunks(added, LEADS_PER_STATEMENT)) {
          await em.query(ADD_LEADS_SQL, [legalZone, windowDays, part, recomputed.map((d) => d.branch_key), recomputed.map((d) => d.day), wholeBranches]);
        }
      }
      // Month rows are summed again for every key of a rebuilt branch-month, and only for the keys whose day rows
      // changed otherwise (a new lead touches one key per dimension, not the month's thousands of rows).
      const months = new Map<string, MonthGroup>();
      const idOf = (g: MonthGroup) => JSON.stringify([g.branch_key, g.month, g.dimension, g.key]);
      const addMonth = (g: MonthGroup) => months.set(idOf(g), g);
      const rebuilt = days.filter((d) => full || d.whole);
      const changed = days.filter((d) => !full && !d.whole);
      // Their rows are gone already (everything, or the whole branch).
      for (const part of chunks(rebuilt, DAYS_PER_STATEMENT)) await this.recomputeDays(em, part, legalZone, windowDays, false);
      for (const d of rebuilt) addMonth({ branch_key: d.branch_key, month: monthOf(d.day), dimension: null, key: null });
      for (const part of chunks(changed, DAYS_PER_STATEMENT)) {
        const touched = await this.recomputeDays(em, part, legalZone, windowDays, true);
        for (const t of touched) {
          const group = { branch_key: t.branch_key, month: monthOf(t.day), dimension: t.dimension, key: t.key };
          if (!months.has(idOf({ ...group, dimension: null, key: null }))) addMonth(group);
        }
      }
      const groups = [...months.values()];
      for (const part of chunks(groups.filter((g) => !g.dimension), MONTHS_PER_STATEMENT)) await this.recomputeMonths(em, part);
      for (const part of chunks(groups.filter((g) => g.dimension), KEYS_PER_STATEMENT)) await this.recomputeMonths(em, part);
      await em.query(`UPDATE lead_funnel_rollup_state SET built_at = now(), legal_time_zone = $1, repeat_window_days = $2`, [legalZone, windowDays]);
      // After a rebuild the rows of one dimension and span are put side by side, so that a report reads a few pages
      // rather than one page per row; fresh statistics after a large change, so reports plan on what is there now.
      if (full) await em.query(`CLUSTER lead_funnel_rollup USING lead_funnel_rollup_key`);
      if (full || days.length > DAYS_PER_STATEMENT) await em.query(`ANALYZE lead_funnel_rollup`);
      return { days: days.length, added: full ? 0 : added.length, full };
    });
  }

  /** Every (branch, local day) with leads: the whole rebuild. Notes taken before it are consumed by it. */
  private async everyDay(em: EntityManager, legalZone: string): Promise<Array<{ branch_key: string; day: string; whole: boolean }>> {
    await em.query(`DELETE FROM lead_funnel_changes`);
    return em.query(
      `WITH ${ZONES_CTE}
       SELECT DISTINCT z.branch_key, to_char(l.created_at AT TIME ZONE z.tz, 'YYYY-MM-DD') AS day, false AS whole
         FROM leads l JOIN zones z ON z.branch_key = COALESCE(l.branch_id, '${NO_BRANCH}'::uuid)
        ORDER BY 1, 2`,
      [legalZone],
    );
  }

  /**
   * Consumes the change notes: the local days their hours touch (an hour can straddle midnight in a zone with a
   * half-hour offset), or every day with leads of a branch whose zone changed (`whole`).
   */
  private async changedDays(em: EntityManager, legalZone: string): Promise<Array<{ branch_key: string; day: string; whole: boolean }>> {
    return em.query(
      `WITH noted AS (DELETE FROM lead_funnel_changes RETURNING branch_key, hour_at),
            ${ZONES_CTE},
            whole AS (SELECT DISTINCT branch_key FROM noted WHERE hour_at IS NULL)
       SELECT DISTINCT n.branch_key, to_char(d.local, 'YYYY-MM-DD') AS day, false AS whole
         FROM noted n JOIN zones z USING (branch_key),
              LATERAL (VALUES (n.hour_at AT TIME ZONE z.tz), ((n.hour_at + interval '1 hour' - interval '1 microsecond') AT TIME ZONE z.tz)) d(local)
        WHERE n.hour_at IS NOT NULL AND n.branch_key NOT IN (SELECT branch_key FROM whole)
       UNION
       SELECT DISTINCT z.branch_key, to_char(l.created_at AT TIME ZONE z.tz, 'YYYY-MM-DD'), true
         FROM whole w JOIN zones z USING (branch_key) JOIN leads l ON COALESCE(l.branch_id, '${NO_BRANCH}'::uuid) = w.branch_key
        ORDER BY 1, 2`,
      [legalZone],
    );
  }

  /**
   * Replaces the day rows of some branch-days with figures computed from the live tables; with `replace`, returns
   * the keys of the rows that changed, appeared or disappeared.
   */
  private async recomputeDays(
    em: EntityManager, days: Array<{ branch_key: string; day: string }>, legalZone: string, windowDays: number, replace: boolean,
  ): Promise<RollupKey[]> {
    const branchKeys = days.map((d) => d.branch_key);
    const dates = days.map((d) => d.day);
    // With a digest of each row, so that only rows whose figures changed are reported.
    const returning = (alias: string) => (replace
      ? `RETURNING ${alias}.branch_key, to_char(${alias}.day, 'YYYY-MM-DD') AS day, ${alias}.dimension, ${alias}.key, md5(${alias}::text) AS digest`
      : '');
    // As a SELECT, so the driver answers with the returned rows as for the INSERT below.
    const removed = !replace ? [] : await em.query(
      `WITH removed AS (
         DELETE FROM lead_funnel_rollup x USING unnest($1::uuid[], $2::date[]) t(branch_key, day)
          WHERE x.dimension = ANY($3::text[]) AND x.span = 'day' AND x.day = t.day AND x.branch_key = t.branch_key ${returning('x')}
       )
       SELECT * FROM removed`,
      [branchKeys, dates, DIMENSIONS],
    );
    const written = await em.query(
      `WITH ${ZONES_CTE},
            wanted AS (
              SELECT t.branch_key, t.day, z.tz, t.day::timestamp AT TIME ZONE z.tz AS start_at, (t.day + 1)::timestamp AT TIME ZONE z.tz AS end_at
                FROM unnest($3::uuid[], $4::date[]) t(branch_key, day) JOIN zones z USING (branch_key)
            ),
            cohort AS MATERIALIZED (
              SELECT w.day, w.branch_key, w.tz, l.*
                FROM wanted w,
                     LATERAL (SELECT ${COHORT_LEAD_COLUMNS}
                                FROM leads l
                               WHERE l.created_at >= w.start_at AND l.created_at < w.end_at AND COALESCE(l.branch_id, '${NO_BRANCH}'::uuid) = w.branch_key
                              OFFSET 0) l -- keeps the planner from flattening this into a join it cannot drive by the index on created_at
            ),
            ${bucketsCtes('$2')}
       INSERT INTO lead_funnel_rollup (${COLUMNS})
       SELECT 'day', day, branch_key, dimension, key,
              sum(leads), COALESCE(sum(leads) FILTER (WHERE bucket IS NOT NULL), 0), sum(within_sla), sum(booked), sum(visited), sum(repeat), sum(revenue),
              ${HISTOGRAM_SQL}
         FROM buckets
        GROUP BY day, branch_key, dimension, key
       ${returning('lead_funnel_rollup')}`,
      [legalZone, windowDays, branchKeys, dates],
    );
    if (!replace) return [];
    const idOf = (r: RollupKey) => JSON.stringify([r.branch_key, r.day, r.dimension, r.key]);
    const before = new Map<string, string>((removed as Array<RollupKey & { digest: string }>).map((r) => [idOf(r), r.digest]));
    const after = new Set((written as Array<RollupKey & { digest: string }>).map(idOf));
    return [
      ...(written as Array<RollupKey & { digest: string }>).filter((r) => before.get(idOf(r)) !== r.digest),
      ...(removed as RollupKey[]).filter((r) => !after.has(idOf(r))),
    ];
  }

  /**
   * Replaces the month rows of some branch-months (`month`: its first day) with the sums of their day rows: of
   * one dimension's key, or of every key when `dimension` is null.
   */
  private async recomputeMonths(em: EntityManager, groups: MonthGroup[]): Promise<void> {
    const params = [groups.map((g) => g.branch_key), groups.map((g) => g.month), groups.map((g) => g.dimension), groups.map((g) => g.key), DIMENSIONS];
    const chosen = `unnest($1::uuid[], $2::date[], $3::text[], $4::text[]) m(branch_key, month, dimension, key)`;
    const ofGroup = `x.dimension = ANY(CASE WHEN m.dimension IS NULL THEN $5::text[] ELSE ARRAY[m.dimension] END) AND x.branch_key = m.branch_key
                     AND (m.dimension IS NULL OR x.key IS NOT DISTINCT FROM m.key)`;
    await em.query(`DELETE FROM lead_funnel_rollup x USING ${chosen} WHERE x.span = 'month' AND x.day = m.month AND ${ofGroup}`, params);
    await em.query(
      `WITH days AS MATERIALIZED (
         SELECT m.month, x.*
           FROM ${chosen},
                LATERAL (SELECT * FROM lead_funnel_rollup x
                          WHERE x.span = 'day' AND x.day >= m.month AND x.day < (m.month + interval '1 month')::date AND ${ofGroup}
                         OFFSET 0) x -- one index range per group, never a scan of every day row
       ),
       buckets AS (
         SELECT d.month, d.branch_key, d.dimension, d.key, h.bucket, sum(h.leads) AS leads, min(h.min_sec) AS min_sec, max(h.max_sec) AS max_sec
           FROM days d, unnest(d.contact_buckets, d.contact_leads, d.contact_min_sec, d.contact_max_sec) h(bucket, leads, min_sec, max_sec)
          GROUP BY 1, 2, 3, 4, 5
       ),
       histograms AS (SELECT month, branch_key, dimension, key, ${HISTOGRAM_SQL} FROM buckets GROUP BY 1, 2, 3, 4)
       INSERT INTO lead_funnel_rollup (${COLUMNS})
       SELECT 'month', t.month, t.branch_key, t.dimension, t.key, t.leads, t.contacted, t.within_sla, t.booked, t.visited, t.repeat, t.revenue,
              COALESCE(h.contact_buckets, '{}'), COALESCE(h.contact_leads, '{}'), COALESCE(h.contact_min_sec, '{}'), COALESCE(h.contact_max_sec, '{}')
         FROM (SELECT month, branch_key, dimension, key, sum(leads) AS leads, sum(contacted) AS contacted, sum(contacted_within_sla) AS within_sla,
                      sum(booked) AS booked, sum(visited) AS visited, sum(repeat) AS repeat, sum(revenue) AS revenue
                 FROM days GROUP BY 1, 2, 3, 4) t
         LEFT JOIN histograms h ON h.month = t.month AND h.branch_key = t.branch_key AND h.dimension = t.dimension AND h.key IS NOT DISTINCT FROM t.key`,
      params,
    );
  }
}

/** A day row's identity. */
interface RollupKey {
  branch_key: string;
  day: string;
  dimension: Dimension;
  key: string | null;
}

/** Month rows to sum again: one dimension's key in a branch-month, or all of them (dimension null). */
interface MonthGroup {
  branch_key: string;
  month: string;
  dimension: Dimension | null;
  key: string | null;
}


function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
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
