import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, one, rows } from '../../database/sql.js';
import { COMPLETED, nextCompletedVisitSql, repeatByNextVisitSql, VISIT_STATUSES } from '../leads/funnel-definitions.js';

/** One day row of the rollup: a doctor at a branch on a local day there. */
export interface DoctorDay {
  doctor_id: string;
  branch_key: string;
  day: string;
}

const VISITED = `a.status IN (${VISIT_STATUSES.map((s) => `'${s}'`).join(', ')})`;
const ROLLUP_COLUMNS = `day, branch_key, doctor_id, appointments, visits, completed, no_shows, cancellations, revenue,
  first_visits, visit_prev_days, first_repeats, repeat_prev_days, shared_patients, shared_repeaters`;

/**
 * Day rows computed from the live tables: every day row when `keyed` is false, else the rows of the days $2 (doctors),
 * $3 (branches), $4 (local dates). $1 is the repeat window. Each appointment is read with all of its patient's
 * others (the earlier visit with the same doctor, the later completed visit), so a day's patients are read whole.
 */
function dayRowsSql(keyed: boolean): string {
  const ofKeys = keyed
    ? `keys AS (SELECT DISTINCT * FROM unnest($2::uuid[], $3::uuid[], $4::date[]) k(doctor_id, branch_key, day)),
       patients AS (
         SELECT DISTINCT a.patient_id
           FROM keys k JOIN branches b ON b.id = k.branch_key,
                LATERAL (SELECT a.patient_id FROM appointments a
                          WHERE a.doctor_id = k.doctor_id AND a.branch_id = k.branch_key
                            AND a.starts_at >= k.day::timestamp AT TIME ZONE b.timezone AND a.starts_at < (k.day + 1)::timestamp AT TIME ZONE b.timezone) a
       ),`
    : '';
  return `
    WITH ${ofKeys}
    theirs AS (
      SELECT a.id, a.patient_id, a.doctor_id, a.branch_id, a.starts_at, a.status, a.price, (a.starts_at AT TIME ZONE b.timezone)::date AS day,
             ${VISITED} AS visited, ${nextCompletedVisitSql('a')} AS next_completed_at
        FROM appointments a JOIN branches b ON b.id = a.branch_id
       ${keyed ? 'WHERE a.patient_id IN (SELECT patient_id FROM patients)' : ''}
    ),
    -- Visits with the day of the patient's previous visit with the doctor at the branch, whether they count as a
    -- repeat, and whether the patient saw the doctor at another branch too.
    visits AS (
      SELECT t.id, t.patient_id, t.doctor_id, t.branch_id, t.starts_at, t.day, ${repeatByNextVisitSql('t.starts_at', 't.next_completed_at', '$1')} AS repeat,
             lag(t.day) OVER (PARTITION BY t.patient_id, t.doctor_id, t.branch_id ORDER BY t.starts_at, t.id) AS prev_day,
             min(t.branch_id::text) OVER pair <> max(t.branch_id::text) OVER pair AS shared
        FROM theirs t WHERE t.visited
      WINDOW pair AS (PARTITION BY t.patient_id, t.doctor_id)
    ),
    repeats AS (
      SELECT v.id, lag(v.day) OVER (PARTITION BY v.patient_id, v.doctor_id, v.branch_id ORDER BY v.starts_at, v.id) AS prev_day
        FROM visits v WHERE v.repeat
    ),
    facts AS (
      SELECT t.doctor_id, t.branch_id, t.day, t.patient_id, t.status, t.price, t.visited, v.prev_day, COALESCE(v.shared, false) AS shared,
             r.id IS NOT NULL AS repeat, r.prev_day AS prev_repeat_day
        FROM theirs t LEFT JOIN visits v ON v.id = t.id LEFT JOIN repeats r ON r.id = t.id
       ${keyed ? 'WHERE (t.doctor_id, t.branch_id, t.day) IN (SELECT doctor_id, branch_key, day FROM keys)' : ''}
    ),
    written AS (
      INSERT INTO doctor_visit_rollup (${ROLLUP_COLUMNS})
      SELECT day, branch_id, doctor_id, count(*), count(*) FILTER (WHERE visited), count(*) FILTER (WHERE status = '${COMPLETED}'),
             count(*) FILTER (WHERE status = 'no_show'), count(*) FILTER (WHERE status = 'cancelled'),
             COALESCE(sum(price) FILTER (WHERE status = '${COMPLETED}'), 0),
             count(*) FILTER (WHERE visited AND prev_day IS NULL), COALESCE(array_agg(prev_day ORDER BY prev_day) FILTER (WHERE prev_day IS NOT NULL), '{}'),
             count(*) FILTER (WHERE repeat AND prev_repeat_day IS NULL),
             COALESCE(array_agg(prev_repeat_day ORDER BY prev_repeat_day) FILTER (WHERE prev_repeat_day IS NOT NULL), '{}'),
             COALESCE(array_agg(DISTINCT patient_id) FILTER (WHERE shared), '{}'), COALESCE(array_agg(DISTINCT patient_id) FILTER (WHERE shared AND repeat), '{}')
        FROM facts GROUP BY day, branch_id, doctor_id
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM written`;
}

const ALL_DAYS_SQL = dayRowsSql(false);
const SOME_DAYS_SQL = dayRowsSql(true);

/** The SQL of the doctor scorecards' rollup (`doctor_visit_rollup`, see its migration): state, change notes, day rows. */
@Injectable()
export class DoctorVisitRollupRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the rollup is built for this repeat window, and whether changes wait to be applied. */
  async state(windowDays: number): Promise<{ current: boolean; pending: boolean }> {
    const row = await one<{ current: boolean; pending: boolean }>(
      this.dataSource,
      `SELECT built_at IS NOT NULL AND repeat_window_days = $1 AS current, EXISTS (SELECT 1 FROM doctor_visit_changes) AS pending
         FROM report_rollup_state WHERE rollup = 'doctor_visits'`,
      [windowDays],
    );
    return { current: row?.current ?? false, pending: row?.pending ?? false };
  }

  /** Makes the transaction the only one changing the rollup, and gives it memory to sort a rebuild. */
  async lock(em: EntityManager): Promise<void> {
    await execute(em, `SELECT pg_advisory_xact_lock(hashtext('doctor_visit_rollup'))`);
    await execute(em, `SET LOCAL work_mem = '64MB'`);
  }

  async isCurrent(windowDays: number, em: EntityManager): Promise<boolean> {
    const row = await one<{ current: boolean }>(
      em,
      `SELECT built_at IS NOT NULL AND repeat_window_days = $1 AS current FROM report_rollup_state WHERE rollup = 'doctor_visits'`,
      [windowDays],
    );
    return row?.current ?? false;
  }

  /** Replaces every row with ones computed from the live tables (notes taken before are consumed); returns how many. */
  async rebuild(windowDays: number, em: EntityManager): Promise<number> {
    await execute(em, `DELETE FROM doctor_visit_changes`);
    await execute(em, `DELETE FROM doctor_visit_rollup`);
    return (await one<{ n: number }>(em, ALL_DAYS_SQL, [windowDays]))?.n ?? 0;
  }

  /**
   * Consumes the change notes: the day rows where the noted patients' appointments are and where changed ones were,
   * and every day of a branch whose time zone changed (whose rows are removed here).
   */
  async takeChangedDays(em: EntityManager): Promise<DoctorDay[]> {
    const rezoned = (
      await rows<{ branch_key: string }>(
        em,
        `WITH c AS (DELETE FROM doctor_visit_changes WHERE patient_id IS NULL RETURNING branch_key) SELECT DISTINCT branch_key FROM c`,
      )
    ).map((r) => r.branch_key);
    if (rezoned.length) await execute(em, `DELETE FROM doctor_visit_rollup WHERE branch_key = ANY($1::uuid[])`, [rezoned]);
    return rows<DoctorDay>(
      em,
      `WITH noted AS (DELETE FROM doctor_visit_changes RETURNING patient_id, doctor_id, branch_key, starts_at),
            places AS (
              SELECT n.doctor_id, n.branch_key, n.starts_at FROM noted n WHERE n.starts_at IS NOT NULL
              UNION ALL
              SELECT a.doctor_id, a.branch_id, a.starts_at FROM appointments a WHERE a.patient_id IN (SELECT patient_id FROM noted)
              UNION ALL
              SELECT a.doctor_id, a.branch_id, a.starts_at FROM appointments a WHERE a.branch_id = ANY($1::uuid[])
            )
       SELECT DISTINCT p.doctor_id, p.branch_key, to_char(p.starts_at AT TIME ZONE b.timezone, 'YYYY-MM-DD') AS day
         FROM places p JOIN branches b ON b.id = p.branch_key
        ORDER BY 1, 2, 3`,
      [rezoned],
    );
  }

  /** Replaces the rows of these days with ones computed from the live tables (a day without appointments has none). */
  async recompute(days: DoctorDay[], windowDays: number, em: EntityManager): Promise<void> {
    const keys = [days.map((d) => d.doctor_id), days.map((d) => d.branch_key), days.map((d) => d.day)];
    await execute(
      em,
      `DELETE FROM doctor_visit_rollup x USING unnest($1::uuid[], $2::uuid[], $3::date[]) k(doctor_id, branch_key, day)
        WHERE x.day = k.day AND x.branch_key = k.branch_key AND x.doctor_id = k.doctor_id`,
      keys,
    );
    await execute(em, SOME_DAYS_SQL, [windowDays, ...keys]);
  }

  async markBuilt(windowDays: number, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE report_rollup_state SET built_at = now(), repeat_window_days = $1 WHERE rollup = 'doctor_visits'`, [windowDays]);
  }

  /** After a rebuild: rows in day order (a year is a few pages) and fresh statistics. */
  async compact(em: EntityManager): Promise<void> {
    await execute(em, `CLUSTER doctor_visit_rollup USING doctor_visit_rollup_pkey`);
    await execute(em, `ANALYZE doctor_visit_rollup`);
  }
}
