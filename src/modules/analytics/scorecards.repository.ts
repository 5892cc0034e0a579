import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CALLBACK_ON_TIME_GRACE_MIN, COMPLETED, inBranches, inPeriod, periodBoundsCte, repeatVisitSql, type ReportPeriod, RETURN_WINDOWS, VISIT_STATUSES } from './funnel-definitions.js';
import { SqlParams } from '../../common/sql/sql-params.js';
import { reportQuery } from './report-query.js';

const VISITED = `a.status IN (${VISIT_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export interface OperatorBookingRow {
  operatorId: string;
  bookings: number;
  visited: number;
  noShows: number;
  cancelled: number;
  repeat: number;
}

export interface OperatorCallRow {
  operatorId: string;
  calls: number;
  answeredCalls: number;
}

export interface OperatorCallbackRow {
  operatorId: string;
  callbacksDue: number;
  callbacksDone: number;
  callbacksOnTime: number;
}

export interface DoctorRow {
  doctorId: string;
  appointments: number;
  visits: number;
  completed: number;
  noShows: number;
  cancellations: number;
  revenue: number;
  patients: number;
  repeatPatients: number;
}

export interface CohortRow {
  cohort: string;
  /** Channel of the patient's first lead; null without a lead. `total` rows sum every channel. */
  channel: string | null;
  total: boolean;
  patients: number;
  returned30: number;
  returned90: number;
  returned180: number;
}

/** Staff and doctor scorecards and repeat-visit cohorts: plain aggregate SQL over the other modules' tables. */
@Injectable()
export class ScorecardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appointments staff booked in the period (by booking time, in the appointment branch's calendar) and what became of them. */
  async operatorBookings(period: ReportPeriod, repeatWindowDays: number): Promise<OperatorBookingRow[]> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'a', 'created_at', 'branch_id');
    const repeat = repeatVisitSql('a.patient_id', 'a.starts_at', p.add(repeatWindowDays));
    return this.query(
      `WITH ${bounds}
       SELECT a.booked_by AS "operatorId", count(*)::int AS bookings,
              count(*) FILTER (WHERE ${VISITED})::int AS visited,
              count(*) FILTER (WHERE a.status = 'no_show')::int AS "noShows",
              count(*) FILTER (WHERE a.status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE ${VISITED} AND ${repeat})::int AS repeat
         FROM appointments a
        WHERE a.booked_by IS NOT NULL AND ${scope.where}
        GROUP BY a.booked_by`,
      p.values,
    );
  }

  /** Calls each operator made or took in the period (clinic calendar, or the filtered branch's), of the report's branches. */
  async operatorCalls(period: ReportPeriod): Promise<OperatorCallRow[]> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'c', 'started_at', null);
    const branch = inBranches(p, period, 'c.branch_id');
    return this.query(
      `WITH ${bounds}
       SELECT c.operator_id AS "operatorId", count(*)::int AS calls, count(*) FILTER (WHERE c.answered_at IS NOT NULL)::int AS "answeredCalls"
         FROM calls c
        WHERE c.operator_id IS NOT NULL AND ${scope.where} ${branch}
        GROUP BY c.operator_id`,
      p.values,
    );
  }

  /** Callbacks due in the period (and by now); on time means done no later than the grace after the due time. */
  async operatorCallbacks(period: ReportPeriod): Promise<OperatorCallbackRow[]> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'cb', 'due_at', null);
    const branch = inBranches(p, period, 'cb.branch_id');
    return this.query(
      `WITH ${bounds}
       SELECT cb.operator_id AS "operatorId", count(*)::int AS "callbacksDue",
              count(*) FILTER (WHERE cb.done_at IS NOT NULL)::int AS "callbacksDone",
              count(*) FILTER (WHERE cb.done_at <= cb.due_at + interval '${CALLBACK_ON_TIME_GRACE_MIN} minutes')::int AS "callbacksOnTime"
         FROM callbacks cb
        WHERE ${scope.where} AND cb.due_at <= now() ${branch}
        GROUP BY cb.operator_id`,
      p.values,
    );
  }

  /** Reviews of each operator's calls that started in the period (of the report's branches): how many, and their average score. */
  async operatorReviews(period: ReportPeriod): Promise<Array<{ operatorId: string; reviewed: number; averageScore: number }>> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'c', 'started_at', null);
    const branch = inBranches(p, period, 'c.branch_id');
    return this.query(
      `WITH ${bounds}
       SELECT r.operator_id AS "operatorId", count(*)::int AS reviewed, avg(r.score)::float8 AS "averageScore"
         FROM call_reviews r JOIN calls c ON c.id = r.call_id
        WHERE ${scope.where} ${branch}
        GROUP BY r.operator_id`,
      p.values,
    );
  }

  /** Appointments starting in the period per doctor (branch calendar); patients who came back within the window. */
  async doctors(period: ReportPeriod, repeatWindowDays: number): Promise<DoctorRow[]> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'a', 'starts_at', 'branch_id');
    const repeat = repeatVisitSql('a.patient_id', 'a.starts_at', p.add(repeatWindowDays));
    const rows: DoctorRow[] = await this.query(
      `WITH ${bounds}
       SELECT a.doctor_id AS "doctorId", count(*)::int AS appointments,
              count(*) FILTER (WHERE ${VISITED})::int AS visits,
              count(*) FILTER (WHERE a.status = '${COMPLETED}')::int AS completed,
              count(*) FILTER (WHERE a.status = 'no_show')::int AS "noShows",
              count(*) FILTER (WHERE a.status = 'cancelled')::int AS cancellations,
              COALESCE(sum(a.price) FILTER (WHERE a.status = '${COMPLETED}'), 0)::float8 AS revenue,
              count(DISTINCT a.patient_id) FILTER (WHERE ${VISITED})::int AS patients,
              count(DISTINCT a.patient_id) FILTER (WHERE ${VISITED} AND ${repeat})::int AS "repeatPatients"
         FROM appointments a
        WHERE ${scope.where}
        GROUP BY a.doctor_id`,
      p.values,
    );
    return rows;
  }

  /**
   * Patients whose first completed visit (ever) falls in the period, by local month of that visit and the
   * channel of their first lead; how many completed another visit within 30, 90 and 180 days.
   */
  async repeatCohorts(period: ReportPeriod): Promise<CohortRow[]> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'c', 'starts_at', 'branch_id');
    const within = (days: number) => `count(*) FILTER (WHERE f.next_at <= f.starts_at + interval '${days} days')::int`;
    return this.query(
      `WITH ${bounds},
       completed AS (
         SELECT a.patient_id, a.starts_at, a.branch_id,
                row_number() OVER w AS nth, lead(a.starts_at) OVER w AS next_at
           FROM appointments a
          WHERE a.status = '${COMPLETED}'
         WINDOW w AS (PARTITION BY a.patient_id ORDER BY a.starts_at)
       ),
       firsts AS (
         SELECT c.patient_id, c.starts_at, c.next_at, to_char(c.starts_at AT TIME ZONE ${scope.zoneSql(await this.zones())}, 'YYYY-MM') AS cohort
           FROM completed c
          WHERE c.nth = 1 AND ${scope.where}
       )
       SELECT f.cohort, fl.channel, GROUPING(fl.channel) = 1 AS total, count(*)::int AS patients,
              ${RETURN_WINDOWS.map((days) => `${within(days)} AS returned${days}`).join(', ')}
         FROM firsts f
         LEFT JOIN LATERAL (SELECT l.channel FROM leads l WHERE l.patient_id = f.patient_id ORDER BY l.created_at LIMIT 1) fl ON true
        GROUP BY GROUPING SETS ((f.cohort, fl.channel), (f.cohort))
        ORDER BY f.cohort, total DESC, fl.channel NULLS LAST`,
      p.values,
    );
  }

  /** Display names of staff or doctors by id. */
  async names(table: 'staff_users' | 'doctors' | 'branches' | 'intake_sources', ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const column = table === 'staff_users' || table === 'doctors' ? 'full_name' : 'name';
    const rows: Array<{ id: string; name: string }> = await this.dataSource.query(`SELECT id, ${column} AS name FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Operators to show even without activity: every active operator (of the report's branches, when it has some). */
  async activeOperators(branchKeys?: readonly string[]): Promise<Array<{ id: string; name: string }>> {
    return this.dataSource.query(
      `SELECT s.id, s.full_name AS name FROM staff_users s
        WHERE s.role = 'operator' AND s.active AND ($1::uuid[] IS NULL OR EXISTS (SELECT 1 FROM staff_branches sb WHERE sb.staff_id = s.id AND sb.branch_id = ANY($1::uuid[])))
        ORDER BY s.full_name, s.id`,
      [branchKeys ?? null],
    );
  }

  private async zones(): Promise<Array<{ id: string; timezone: string }>> {
    return this.dataSource.query(`SELECT id, timezone FROM branches`);
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return reportQuery<T>(this.dataSource, sql, params);
  }
}
