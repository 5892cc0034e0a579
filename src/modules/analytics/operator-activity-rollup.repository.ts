import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, one, rows } from '../../database/sql.js';
import { CALLBACK_ON_TIME_GRACE_MIN, NO_BRANCH_ID, repeatVisitSql, VISIT_STATUSES } from '../leads/funnel-definitions.js';

const NO_BRANCH = `'${NO_BRANCH_ID}'::uuid`;
const VISITED = `a.status IN (${VISIT_STATUSES.map((s) => `'${s}'`).join(', ')})`;
const CURRENT_SQL = `built_at IS NOT NULL AND legal_time_zone = $1 AND repeat_window_days = $2`;
/** Zones of the branches, and the clinic's zone for rows without a branch. */
const ZONES_CTE = `zones AS (SELECT id AS branch_key, timezone AS tz FROM branches UNION ALL SELECT ${NO_BRANCH}, $1::text)`;

/** One day row to recompute: the calendar (the clinic's zone, or the branch's own), the branch and the local date. */
export interface ActivityDay {
  calendar: 'clinic' | 'branch';
  branch_key: string;
  day: string;
}

/** The SQL of the operator activity rollup (`operator_activity_rollup`): state, change notes, day rows. */
@Injectable()
export class OperatorActivityRollupRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the rollup is built for this clinic zone and repeat window, and whether changes wait to be applied. */
  async state(legalZone: string, windowDays: number): Promise<{ current: boolean; pending: boolean }> {
    const row = await one<{ current: boolean; pending: boolean }>(
      this.dataSource,
      `SELECT ${CURRENT_SQL} AS current, EXISTS (SELECT 1 FROM operator_activity_changes) AS pending FROM report_rollup_state WHERE rollup = 'operator_activity'`,
      [legalZone, windowDays],
    );
    return { current: row?.current ?? false, pending: row?.pending ?? false };
  }

  /** Makes the transaction the only one changing the rollup, and gives it memory to sort a rebuild. */
  async lock(em: EntityManager): Promise<void> {
    await execute(em, `SELECT pg_advisory_xact_lock(hashtext('operator_activity_rollup'))`);
    await execute(em, `SET LOCAL work_mem = '64MB'`);
  }

  async isCurrent(legalZone: string, windowDays: number, em: EntityManager): Promise<boolean> {
    const row = await one<{ current: boolean }>(em, `SELECT ${CURRENT_SQL} AS current FROM report_rollup_state WHERE rollup = 'operator_activity'`, [
      legalZone,
      windowDays,
    ]);
    return row?.current ?? false;
  }

  async deleteAll(em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM operator_activity_rollup`);
  }

  async markBuilt(legalZone: string, windowDays: number, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE report_rollup_state SET built_at = now(), legal_time_zone = $1, repeat_window_days = $2 WHERE rollup = 'operator_activity'`, [
      legalZone,
      windowDays,
    ]);
  }

  /** Rows in key order (after a rebuild). */
  async cluster(em: EntityManager): Promise<void> {
    await execute(em, `CLUSTER operator_activity_rollup USING operator_activity_rollup_pkey`);
  }

  /** Fresh statistics after a large change, so reports plan on what is there now. */
  async analyze(em: EntityManager): Promise<void> {
    await execute(em, `ANALYZE operator_activity_rollup`);
  }

  /** Every calendar-branch-day with activity: the whole rebuild. Notes taken before it are consumed by it. */
  async everyDay(legalZone: string, em: EntityManager): Promise<ActivityDay[]> {
    await execute(em, `DELETE FROM operator_activity_changes`);
    return rows<ActivityDay>(em, `WITH ${ZONES_CTE}, ${ACTIVITY_HOURS_CTE('true')} ${DAYS_OF_HOURS}`, [legalZone]);
  }

  /**
   * Consumes the change notes: the local days (on both calendars) their hours touch, and every day of a branch whose
   * time zone changed on the branch calendar (its rows on it are removed here).
   */
  async changedDays(legalZone: string, em: EntityManager): Promise<ActivityDay[]> {
    const noted = await rows<{ branch_key: string; hour_at: Date | null }>(
      em,
      `WITH noted AS (DELETE FROM operator_activity_changes RETURNING branch_key, hour_at) SELECT DISTINCT * FROM noted`,
    );
    const whole = [...new Set(noted.filter((n) => n.hour_at === null).map((n) => n.branch_key))];
    const hours = noted.filter((n) => n.hour_at !== null);
    const days: ActivityDay[] = hours.length
      ? await rows<ActivityDay>(
          em,
          `WITH ${ZONES_CTE}, hours AS (SELECT * FROM unnest($2::uuid[], $3::timestamptz[]) h(branch_key, hour_at)) ${DAYS_OF_HOURS}`,
          [legalZone, hours.map((h) => h.branch_key), hours.map((h) => h.hour_at)],
        )
      : [];
    if (!whole.length) return days;
    await execute(em, `DELETE FROM operator_activity_rollup WHERE calendar = 'branch' AND branch_key = ANY($1::uuid[])`, [whole]);
    const wholeDays = await rows<ActivityDay>(
      em,
      `WITH ${ZONES_CTE}, ${ACTIVITY_HOURS_CTE('COALESCE(x.branch_id, ' + NO_BRANCH + ') = ANY($2::uuid[])')} ${DAYS_OF_HOURS}`,
      [legalZone, whole],
    );
    const seen = new Set(days.map((d) => JSON.stringify(d)));
    return [...days, ...wholeDays.filter((d) => d.calendar === 'branch' && !seen.has(JSON.stringify(d)))];
  }

  /** Replaces the rows of these calendar-branch-days with figures computed from the live tables. */
  async recompute(days: ActivityDay[], legalZone: string, windowDays: number, replace: boolean, em: EntityManager): Promise<void> {
    const params = [legalZone, days.map((d) => d.calendar), days.map((d) => d.branch_key), days.map((d) => d.day), windowDays];
    if (replace) {
      await execute(
        em,
        `DELETE FROM operator_activity_rollup x USING unnest($1::text[], $2::uuid[], $3::date[]) t(calendar, branch_key, day)
          WHERE x.calendar = t.calendar AND x.branch_key = t.branch_key AND x.day = t.day`,
        params.slice(1, 4),
      );
    }
    // Rows of a branch are found by its index; rows without a branch separately (an OR would defeat the index).
    const ofBranch = (alias: string, at: string, table: string) => `(
      SELECT ${alias}.* FROM ${table} ${alias} WHERE ${alias}.branch_id = w.branch_key AND ${alias}.${at} >= w.start_at AND ${alias}.${at} < w.end_at
      UNION ALL
      SELECT ${alias}.* FROM ${table} ${alias} WHERE w.branch_key = ${NO_BRANCH} AND ${alias}.branch_id IS NULL AND ${alias}.${at} >= w.start_at AND ${alias}.${at} < w.end_at
      OFFSET 0)`;
    await execute(
      em,
      `WITH ${ZONES_CTE},
            wanted AS (
              SELECT t.calendar, t.branch_key, t.day, t.day::timestamp AT TIME ZONE c.tz AS start_at, (t.day + 1)::timestamp AT TIME ZONE c.tz AS end_at
                FROM unnest($2::text[], $3::uuid[], $4::date[]) t(calendar, branch_key, day) JOIN zones z USING (branch_key),
                     LATERAL (SELECT CASE WHEN t.calendar = 'clinic' THEN $1::text ELSE z.tz END AS tz) c
            ),
            calls_in AS (
              SELECT w.calendar, w.day, w.branch_key, c.operator_id, count(*) AS calls, count(*) FILTER (WHERE c.answered_at IS NOT NULL) AS answered_calls
                FROM wanted w, LATERAL ${ofBranch('c', 'started_at', 'calls')} c
               WHERE c.operator_id IS NOT NULL
               GROUP BY 1, 2, 3, 4
            ),
            callbacks_in AS (
              SELECT w.calendar, w.day, w.branch_key, cb.operator_id, count(*) AS due, count(*) FILTER (WHERE cb.done_at IS NOT NULL) AS done,
                     count(*) FILTER (WHERE cb.done_at <= cb.due_at + interval '${CALLBACK_ON_TIME_GRACE_MIN} minutes') AS on_time
                FROM wanted w, LATERAL ${ofBranch('cb', 'due_at', 'callbacks')} cb
               GROUP BY 1, 2, 3, 4
            ),
            bookings_in AS (
              SELECT w.calendar, w.day, w.branch_key, a.booked_by AS operator_id, count(*) AS bookings,
                     count(*) FILTER (WHERE ${VISITED}) AS visited,
                     count(*) FILTER (WHERE a.status = 'no_show') AS no_shows,
                     count(*) FILTER (WHERE a.status = 'cancelled') AS cancelled,
                     count(*) FILTER (WHERE ${VISITED} AND ${repeatVisitSql('a.patient_id', 'a.starts_at', '$5')}) AS repeat
                FROM wanted w,
                     LATERAL (SELECT a.* FROM appointments a
                               WHERE a.booked_by IS NOT NULL AND a.branch_id = w.branch_key AND a.created_at >= w.start_at AND a.created_at < w.end_at
                              OFFSET 0) a
               WHERE w.calendar = 'branch'
               GROUP BY 1, 2, 3, 4
            ),
            figures AS (
              SELECT calendar, day, branch_key, operator_id, calls, answered_calls, 0 AS due, 0 AS done, 0 AS on_time, 0 AS bookings, 0 AS visited,
                     0 AS no_shows, 0 AS cancelled, 0 AS repeat FROM calls_in
              UNION ALL
              SELECT calendar, day, branch_key, operator_id, 0, 0, due, done, on_time, 0, 0, 0, 0, 0 FROM callbacks_in
              UNION ALL
              SELECT calendar, day, branch_key, operator_id, 0, 0, 0, 0, 0, bookings, visited, no_shows, cancelled, repeat FROM bookings_in
            )
       INSERT INTO operator_activity_rollup (calendar, day, branch_key, operator_id, calls, answered_calls, callbacks_due, callbacks_done, callbacks_on_time,
                                             bookings, booked_visited, booked_no_shows, booked_cancelled, booked_repeat)
       SELECT calendar, day, branch_key, operator_id, sum(calls), sum(answered_calls), sum(due), sum(done), sum(on_time),
              sum(bookings), sum(visited), sum(no_shows), sum(cancelled), sum(repeat)
         FROM figures GROUP BY 1, 2, 3, 4`,
      params,
    );
  }
}

/** CTE `hours`: the hours (per branch) with calls, callbacks or bookings by staff, of the rows `where` selects (alias x). */
const ACTIVITY_HOURS_CTE = (where: string) => `hours AS (
  SELECT DISTINCT COALESCE(x.branch_id, ${NO_BRANCH}) AS branch_key, date_trunc('hour', x.started_at) AS hour_at FROM calls x WHERE x.operator_id IS NOT NULL AND ${where}
  UNION SELECT DISTINCT COALESCE(x.branch_id, ${NO_BRANCH}), date_trunc('hour', x.due_at) FROM callbacks x WHERE ${where}
  UNION SELECT DISTINCT x.branch_id, date_trunc('hour', x.created_at) FROM appointments x WHERE x.booked_by IS NOT NULL AND ${where}
)`;

/**
 * The local days of `hours` on both calendars (an hour can straddle midnight in a zone with a half-hour offset).
 * Needs the CTEs `zones` and `hours`.
 */
const DAYS_OF_HOURS = `
  SELECT DISTINCT cal.calendar, h.branch_key, to_char(d.local, 'YYYY-MM-DD') AS day
    FROM hours h JOIN zones z USING (branch_key),
         LATERAL (VALUES ('branch', z.tz), ('clinic', $1::text)) cal(calendar, tz),
         LATERAL (VALUES (h.hour_at AT TIME ZONE cal.tz), ((h.hour_at + interval '1 hour' - interval '1 microsecond') AT TIME ZONE cal.tz)) d(local)
   ORDER BY 1, 2, 3`;
