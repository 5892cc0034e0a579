/**
 * The lead funnel, defined once; every analytics report builds its SQL from these fragments and its figures
 * with these functions. Nothing here runs a query: the fragments are composed by repositories (the lead list, the
 * analytics readers and rollups), and tables of other modules come in through their fragments (branches).
 *
 * Stages of a lead (alias `l`) with its appointment outcome (alias `o`, from `leadOutcomesCte`):
 * - lead: an inquiry created in the period, placed on the local calendar of its branch (the clinic's legal
 *   time zone when it has no branch; with a branch filter every lead is in that branch's zone).
 * - contacted: `first_contact_at` is set.
 * - contacted within SLA: `first_contact_at <= sla_due_at`.
 * - booked: at least one appointment was made from the lead (`appointments.lead_id`), whatever became of it
 *   later: the booking is the call center's result; cancellations and no-shows show in the next stage.
 * - visited: an appointment from the lead reached arrived or completed.
 * - repeat: the same patient completed another visit (any doctor, with or without a lead) within N days after
 *   the lead's first visit (N = settings.repeatVisitWindowDays, default 180).
 * Attribution is by cohort: a lead's later visits and revenue belong to the period in which the lead arrived,
 * to its channel, campaign (utm_campaign) and source, to the operator who handled it (assigned operator), and
 * to the doctor of its first visit (or of its first booking when there was no visit).
 * Money: revenue = price of completed appointments from the lead; spend = marketing spend prorated by the days
 * it shares with the period; CPL = spend / leads, cost per booking and per visit likewise;
 * ROMI = (revenue - spend) / spend, null without spend. Amounts are in the clinic's currency.
 */
import { DAY_MS, dayFromIsoDate, HOUR_MS, isoDateFromDay, isoWeekday } from '../../common/time/zoned-time.js';
import type { SqlParams } from '../../common/sql/sql-params.js';
import { branchZones } from '../branches/branch-sql.js';

export const FUNNEL_GROUPINGS = ['channel', 'campaign', 'source', 'operator', 'doctor', 'branch', 'day', 'week', 'month'] as const;
export type FunnelGrouping = (typeof FUNNEL_GROUPINGS)[number];
export type TimeBucket = 'day' | 'week' | 'month';
/** Groupings of leads used inside reports (the SLA report adds the local hour of arrival). */
export type LeadGrouping = FunnelGrouping | 'hour';
/** Groupings the live lead queries can make: the doctor comes from appointments, which only the rollup joins. */
export type ContactGrouping = Exclude<LeadGrouping, 'doctor'>;

export const TIME_BUCKETS: readonly TimeBucket[] = ['day', 'week', 'month'];
export const isTimeBucket = (g: string): g is TimeBucket => (TIME_BUCKETS as readonly string[]).includes(g);

/** Appointment statuses meaning the patient came. */
export const VISIT_STATUSES = ['arrived', 'completed'] as const;
/** Only completed visits earn revenue and count as repeat visits. */
export const COMPLETED = 'completed';
/** A callback done up to this many minutes after it was due still counts as on time. */
export const CALLBACK_ON_TIME_GRACE_MIN = 15;
/** Return windows of the repeat-visit cohorts, in days. */
export const RETURN_WINDOWS = [30, 90, 180] as const;

/** Stands for "no branch" (clinic-wide rows) in joins and filters on branch: a uuid no branch can have. */
export const NO_BRANCH_ID = '00000000-0000-0000-0000-000000000000';
const NO_BRANCH = `'${NO_BRANCH_ID}'::uuid`;
const VISITED_SQL = `('arrived', 'completed')`;

export interface ReportPeriod {
  /** First local date of the period, YYYY-MM-DD. */
  from: string;
  /** Last local date of the period (inclusive), YYYY-MM-DD. */
  to: string;
  /**
   * The branches the report covers (NO_BRANCH_ID for clinic-wide rows); every branch when absent. The access policy
   * sets it: one branch asked for, or the manager's branches and the clinic-wide rows.
   */
  branchKeys?: readonly string[];
  /** Zone for rows without a branch (config privacy.legalTimeZone). */
  legalTimeZone: string;
}

/**
 * CTE `bounds`: per branch, and for rows without a branch, the zone and the UTC instants where the period's
 * first local day begins and the day after its last one begins.
 */
export function periodBoundsCte(p: SqlParams, period: ReportPeriod): string {
  const from = p.add(period.from);
  const to = p.add(period.to);
  const zone = p.add(period.legalTimeZone);
  return `bounds AS (
    SELECT b.id AS branch_key, b.timezone AS tz,
           ${from}::date::timestamp AT TIME ZONE b.timezone AS start_at, (${to}::date + 1)::timestamp AT TIME ZONE b.timezone AS end_at
      FROM ${branchZones('b')}
    UNION ALL
    SELECT ${NO_BRANCH}, ${zone}::text, ${from}::date::timestamp AT TIME ZONE ${zone}::text, (${to}::date + 1)::timestamp AT TIME ZONE ${zone}::text
  )`;
}

/**
 * Rows of `alias` whose `at` column falls in the period on the calendar of the row's branch (`branch` column; the
 * filtered branch's or the clinic's zone for rows without one). Every zone is within UTC-12..UTC+14, so rows
 * more than 14 hours inside the period's UTC dates are in it whatever their zone: only the edges look up their
 * branch's bounds. The outer range is given as values so the planner sees how many rows it selects.
 */
export function inPeriod(
  p: SqlParams,
  period: ReportPeriod,
  alias: string,
  at: string,
  branch: string | null,
): { where: string; zoneSql: (zones: BranchZone[]) => string } {
  const fromMs = Date.parse(`${period.from}T00:00:00Z`);
  const endMs = Date.parse(`${period.to}T00:00:00Z`) + DAY_MS;
  const wideStart = p.add(new Date(fromMs - 14 * HOUR_MS).toISOString());
  const wideEnd = p.add(new Date(endMs + 12 * HOUR_MS).toISOString());
  const safeStart = p.add(new Date(fromMs + 12 * HOUR_MS).toISOString());
  const safeEnd = p.add(new Date(endMs - 14 * HOUR_MS).toISOString());
  // Rows placed by the clinic's calendar (calls, callbacks) use the one filtered branch's zone, else the clinic's.
  const single = singleBranchOf(period);
  const branchKey = branch ? `COALESCE(${alias}.${branch}, ${NO_BRANCH})` : single ? `${p.add(single)}::uuid` : NO_BRANCH;
  const conditions = [
    `${alias}.${at} >= ${wideStart}::timestamptz`,
    `${alias}.${at} < ${wideEnd}::timestamptz`,
    `((${alias}.${at} >= ${safeStart}::timestamptz AND ${alias}.${at} < ${safeEnd}::timestamptz)
      OR EXISTS (SELECT 1 FROM bounds z WHERE z.branch_key = ${branchKey} AND ${alias}.${at} >= z.start_at AND ${alias}.${at} < z.end_at))`,
  ];
  if (branch && period.branchKeys) conditions.push(`COALESCE(${alias}.${branch}, ${NO_BRANCH}) = ANY(${p.add(period.branchKeys)}::uuid[])`);
  return {
    where: conditions.join(' AND '),
    // The zone of each row, for local buckets: a CASE over the few branches is far cheaper than a join per row.
    zoneSql: (zones) => {
      const legal = p.add(period.legalTimeZone);
      if (!branch) return single ? p.add(zones.find((z) => z.id === single)?.timezone ?? period.legalTimeZone) : legal;
      const cases = zones.map((z) => `WHEN ${p.add(z.id)}::uuid THEN ${p.add(z.timezone)}`).join(' ');
      return cases ? `(CASE ${alias}.${branch} ${cases} ELSE ${legal} END)` : legal;
    },
  };
}

/** The report's one branch, when it covers exactly one. */
export function singleBranchOf(period: ReportPeriod): string | undefined {
  return period.branchKeys?.length === 1 && period.branchKeys[0] !== NO_BRANCH_ID ? period.branchKeys[0] : undefined;
}

/** `AND`-condition keeping rows of `branchColumn` within the report's branches ('' when it covers every branch). */
export function inBranches(p: SqlParams, period: ReportPeriod, branchColumn: string): string {
  return period.branchKeys ? `AND COALESCE(${branchColumn}, ${NO_BRANCH}) = ANY(${p.add(period.branchKeys)}::uuid[])` : '';
}

export interface BranchZone {
  id: string;
  timezone: string;
}

/** Stage predicates over a lead `l` joined to its outcome `o` (LEFT JOIN lead_outcomes o ON o.lead_id = l.id). */
export const STAGE_SQL = {
  contacted: `l.first_contact_at IS NOT NULL`,
  contactedWithinSla: `l.first_contact_at <= l.sla_due_at`,
  booked: `o.lead_id IS NOT NULL`,
  visited: `o.visited_at IS NOT NULL`,
};

/** Seconds from the lead's arrival to its first contact (NULL when not contacted). */
export const FIRST_CONTACT_SECONDS_SQL = `date_part('epoch', l.first_contact_at - l.created_at)`; // double precision: numeric extract() is several times slower

/**
 * CTE `lead_outcomes`: per lead with an appointment (among the leads `scope` selects, a condition on the
 * appointment `a`), when it was first visited, the revenue of its completed appointments, and the doctor it is
 * attributed to.
 */
export function leadOutcomesCte(scope: string): string {
  return `lead_outcomes AS (
    SELECT a.lead_id, ${LEAD_OUTCOME_COLUMNS_SQL}
      FROM appointments a
     WHERE a.lead_id IS NOT NULL AND ${scope}
     GROUP BY a.lead_id
  )`;
}

/** A lead's outcome from its appointments `a`: first visit, revenue of completed ones, the doctor it is attributed to. */
const LEAD_OUTCOME_COLUMNS_SQL = `
           min(a.starts_at) FILTER (WHERE a.status IN ${VISITED_SQL}) AS visited_at,
           COALESCE(sum(a.price) FILTER (WHERE a.status = '${COMPLETED}'), 0) AS revenue,
           (array_agg(a.doctor_id ORDER BY a.status IN ${VISITED_SQL} DESC, a.starts_at, a.id))[1] AS doctor_id`;

/**
 * The same outcome `o` for one lead `lead` at a time (a list of leads filtered by stage): a LATERAL subquery that
 * gives no row when nothing was booked from the lead, so `LEFT JOIN … ON true` leaves `o.lead_id` NULL as the CTE does.
 */
export function leadOutcomeLateralSql(lead: string): string {
  return `LATERAL (SELECT a.lead_id, ${LEAD_OUTCOME_COLUMNS_SQL} FROM appointments a WHERE a.lead_id = ${lead}.id GROUP BY a.lead_id) o`;
}

/** The funnel's stages after the lead itself: what a drill-down from a funnel cell lists. */
export const FUNNEL_STAGES = ['contacted', 'contacted_within_sla', 'booked', 'visited', 'repeat'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** Whether lead `l` with outcome `o` reached `stage` (`windowDays`: the repeat window, a bound parameter). */
export function leadStageSql(stage: FunnelStage, windowDays: string): string {
  switch (stage) {
    case 'contacted':
      return STAGE_SQL.contacted;
    case 'contacted_within_sla':
      return `COALESCE(${STAGE_SQL.contactedWithinSla}, false)`;
    case 'booked':
      return STAGE_SQL.booked;
    case 'visited':
      return STAGE_SQL.visited;
    case 'repeat':
      return `COALESCE(${leadRepeatSql(windowDays)}, false)`;
  }
}

/** Stages that read the lead's appointments (the outcome `o`). */
export const stageNeedsOutcome = (stage: FunnelStage): boolean => stage === 'booked' || stage === 'visited' || stage === 'repeat';

/** The patient completed another visit after `visitAt` and within the window (days, a bound parameter). */
export function repeatVisitSql(patient: string, visitAt: string, windowDays: string): string {
  return `EXISTS (SELECT 1 FROM appointments r
                   WHERE r.patient_id = ${patient} AND r.status = '${COMPLETED}'
                     AND r.starts_at > ${visitAt} AND r.starts_at <= ${visitAt} + ${windowDays}::int * interval '1 day')`;
}

/**
 * The same, over a patient's appointments `a` at once: the patient's first completed visit after `a` (a window
 * expression, NULL when none), and whether it came within the window.
 */
export const nextCompletedVisitSql = (a: string) =>
  `min(${a}.starts_at) FILTER (WHERE ${a}.status = '${COMPLETED}')
     OVER (PARTITION BY ${a}.patient_id ORDER BY ${a}.starts_at RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE GROUP)`;
export const repeatByNextVisitSql = (visitAt: string, nextCompletedAt: string, windowDays: string) =>
  `COALESCE(${nextCompletedAt} <= ${visitAt} + ${windowDays}::int * interval '1 day', false)`;

/** The key a lead `l` is grouped by. Time buckets are local to the lead's zone (`zone`, from inPeriod); weeks start on Monday. */
export function leadGroupKeySql(grouping: ContactGrouping, zone: string): string {
  const local = `(l.created_at AT TIME ZONE ${zone})`;
  switch (grouping) {
    case 'channel':
      return `l.channel`;
    case 'campaign':
      return `l.utm_campaign`;
    case 'source':
      return `l.source_id::text`;
    case 'operator':
      return `l.assigned_operator_id::text`;
    case 'branch':
      return `l.branch_id::text`;
    case 'day':
      return `to_char(${local}, 'YYYY-MM-DD')`;
    case 'week':
      return `to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')`;
    case 'month':
      return `to_char(${local}, 'YYYY-MM')`;
    case 'hour':
      return `extract(hour FROM ${local})::int::text`;
  }
}

/** Aggregates of the first stages (leads, contact, SLA, time to first contact) over leads `l`. */
export const CONTACT_AGGREGATES_SQL = `
  count(*)::int AS leads,
  count(*) FILTER (WHERE ${STAGE_SQL.contacted})::int AS contacted,
  count(*) FILTER (WHERE ${STAGE_SQL.contactedWithinSla})::int AS contacted_within_sla,
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${FIRST_CONTACT_SECONDS_SQL}) AS first_contact_sec_percentiles`;

/** A lead `l` with outcome `o` is a repeat: its patient completed another visit within the window after its first visit. */
export function leadRepeatSql(windowDays: string): string {
  return `(${STAGE_SQL.visited} AND ${repeatVisitSql('l.patient_id', 'o.visited_at', windowDays)})`;
}

// ---- time to first contact ----------------------------------------------------------------------------

/**
 * The rollup keeps times to first contact in buckets: whole seconds under 10 s, then each 10 % wider than the
 * last (bucket 10 starts at 10 s, bucket 34 at about 100 s, bucket 58 at about 16 minutes). NULL stays NULL.
 */
export function contactBucketSql(seconds: string): string {
  return `CASE WHEN ${seconds} < 10 THEN floor(greatest(${seconds}, 0))::int ELSE 10 + floor(ln(${seconds} / 10) / ln(1.1))::int END`;
}

/** Contact times of one bucket: how many, and the smallest and largest of them. */
export interface ContactBucket {
  bucket: number;
  leads: number;
  minSec: number;
  maxSec: number;
}

/**
 * percentile_cont (linear interpolation between the closest ranks) over contact times kept in buckets, with
 * the values of a bucket taken as evenly spread between its smallest and largest. Exact while no bucket holds
 * more than two values; otherwise off by less than the bucket's width (10 %), and in practice by far less.
 * Whole seconds; null without contacts.
 */
export function contactPercentile(buckets: ContactBucket[], fraction: number): number | null {
  const sorted = [...buckets].sort((a, b) => a.bucket - b.bucket);
  const count = sorted.reduce((n, b) => n + b.leads, 0);
  if (!count) return null;
  const valueAt = (rank: number): number => {
    for (const b of sorted) {
      if (rank < b.leads) return b.leads === 1 ? b.minSec : b.minSec + ((b.maxSec - b.minSec) * rank) / (b.leads - 1);
      rank -= b.leads;
    }
    return sorted[sorted.length - 1]!.maxSec;
  };
  const rank = fraction * (count - 1);
  const low = valueAt(Math.floor(rank));
  return Math.round(low + (valueAt(Math.ceil(rank)) - low) * (rank - Math.floor(rank)));
}

// ---- calendar buckets (the same keys the SQL above produces) -------------------------------------------

/** Key of the bucket a local date falls in: YYYY-MM-DD for days, the Monday for weeks, YYYY-MM for months. */
export function bucketKey(date: string, unit: TimeBucket): string {
  if (unit === 'day') return date;
  if (unit === 'month') return date.slice(0, 7);
  const day = dayFromIsoDate(date);
  return isoDateFromDay(day - (isoWeekday(day) - 1));
}

/** Every bucket key of the period in order, so a time series has no gaps. */
export function bucketsOf(from: string, to: string, unit: TimeBucket): string[] {
  const keys: string[] = [];
  for (let day = dayFromIsoDate(from), last = dayFromIsoDate(to); day <= last; day++) {
    const key = bucketKey(isoDateFromDay(day), unit);
    if (keys[keys.length - 1] !== key) keys.push(key);
  }
  return keys;
}

/** Days in a period of local dates, both ends included. */
export function daysIn(from: string, to: string): number {
  return dayFromIsoDate(to) - dayFromIsoDate(from) + 1;
}

/** Longest period a report may cover, in days (three years and a leap day). */
export const MAX_REPORT_DAYS = 3 * 366;

/** Checks a requested period; returns a problem to show the client, or null. */
export function periodProblem(from: string, to: string): string | null {
  if (to < from) return 'to must be on or after from';
  if (daysIn(from, to) > MAX_REPORT_DAYS) return `a report covers at most ${MAX_REPORT_DAYS} days`;
  return null;
}
