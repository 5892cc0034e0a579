import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CALLBACK_ON_TIME_GRACE_MIN,
  inBranches,
  inPeriod,
  periodBoundsCte,
  type ReportPeriod,
  RETURN_WINDOWS,
  singleBranchOf,
} from '../leads/funnel-definitions.js';
import { SqlParams } from '../../common/sql/sql-params.js';
import { one, rows } from '../../database/sql.js';
import { reportRows } from './report-query.repository.js';

/** What an operator did in a period besides handling leads: calls, callbacks and bookings (with what became of them). */
export interface OperatorActivityRow {
  operatorId: string;
  calls: number;
  answeredCalls: number;
  callbacksDue: number;
  callbacksDone: number;
  callbacksOnTime: number;
  bookings: number;
  visited: number;
  noShows: number;
  cancelled: number;
  repeat: number;
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

  /**
   * Per operator, from the activity rollup: calls made or taken in the period (clinic calendar, or the one filtered
   * branch's), callbacks due in the period on days that are over, and appointments booked in the period (by booking
   * time, in the appointment branch's calendar) with what became of them. Of the report's branches.
   */
  async operatorActivity(period: ReportPeriod): Promise<OperatorActivityRow[]> {
    const p = new SqlParams();
    const single = singleBranchOf(period);
    const calendar = p.add(single ? 'branch' : 'clinic');
    const cut = p.add(await this.todayIn(single, period.legalTimeZone));
    const branch = period.branchKeys ? `AND branch_key = ANY(${p.add(period.branchKeys)}::uuid[])` : '';
    const own = `calendar = ${calendar}`;
    return this.report(
      `SELECT operator_id AS "operatorId",
              COALESCE(sum(calls) FILTER (WHERE ${own}), 0)::int AS calls, COALESCE(sum(answered_calls) FILTER (WHERE ${own}), 0)::int AS "answeredCalls",
              COALESCE(sum(callbacks_due) FILTER (WHERE ${own} AND day < ${cut}::date), 0)::int AS "callbacksDue",
              COALESCE(sum(callbacks_done) FILTER (WHERE ${own} AND day < ${cut}::date), 0)::int AS "callbacksDone",
              COALESCE(sum(callbacks_on_time) FILTER (WHERE ${own} AND day < ${cut}::date), 0)::int AS "callbacksOnTime",
              COALESCE(sum(bookings) FILTER (WHERE calendar = 'branch'), 0)::int AS bookings,
              COALESCE(sum(booked_visited) FILTER (WHERE calendar = 'branch'), 0)::int AS visited,
              COALESCE(sum(booked_no_shows) FILTER (WHERE calendar = 'branch'), 0)::int AS "noShows",
              COALESCE(sum(booked_cancelled) FILTER (WHERE calendar = 'branch'), 0)::int AS cancelled,
              COALESCE(sum(booked_repeat) FILTER (WHERE calendar = 'branch'), 0)::int AS repeat
         FROM operator_activity_rollup
        WHERE calendar IN (${calendar}, 'branch') AND day BETWEEN ${p.add(period.from)}::date AND ${p.add(period.to)}::date ${branch}
        GROUP BY operator_id`,
      p.values,
    );
  }

  /**
   * Callbacks due in the period from the start of today (in the report's calendar) until now, read live: the rollup
   * holds those of the days that are over. On time means done no later than the grace after the due time.
   */
  async operatorCallbacksToday(period: ReportPeriod): Promise<OperatorCallbackRow[]> {
    const single = singleBranchOf(period);
    const today = await this.todayIn(single, period.legalTimeZone);
    if (today > period.to) return [];
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const scope = inPeriod(p, period, 'cb', 'due_at', null);
    const branch = inBranches(p, period, 'cb.branch_id');
    const zone = p.add(single ? (await this.zones()).find((z) => z.id === single)!.timezone : period.legalTimeZone);
    return this.report(
      `WITH ${bounds}
       SELECT cb.operator_id AS "operatorId", count(*)::int AS "callbacksDue",
              count(*) FILTER (WHERE cb.done_at IS NOT NULL)::int AS "callbacksDone",
              count(*) FILTER (WHERE cb.done_at <= cb.due_at + interval '${CALLBACK_ON_TIME_GRACE_MIN} minutes')::int AS "callbacksOnTime"
         FROM callbacks cb
        WHERE ${scope.where} AND cb.due_at <= now() AND cb.due_at >= ${p.add(today)}::date::timestamp AT TIME ZONE ${zone}::text ${branch}
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
    return this.report(
      `WITH ${bounds}
       SELECT r.operator_id AS "operatorId", count(*)::int AS reviewed, avg(r.score)::float8 AS "averageScore"
         FROM call_reviews r JOIN calls c ON c.id = r.call_id
        WHERE ${scope.where} ${branch}
        GROUP BY r.operator_id`,
      p.values,
    );
  }

  /** Today's date in the zone of the one branch, or the clinic's. */
  private async todayIn(branchId: string | undefined, legalTimeZone: string): Promise<string> {
    const row = await one<{ today: string }>(
      this.dataSource,
      `SELECT to_char(now() AT TIME ZONE COALESCE((SELECT timezone FROM branches WHERE id = $1::uuid), $2::text), 'YYYY-MM-DD') AS today`,
      [branchId ?? null, legalTimeZone],
    );
    return row!.today;
  }

  /**
   * Appointments starting in the period per doctor (branch calendar), from the doctor-day rollup: counts and revenue
   * add up; a patient counts once per doctor, at the visit after which they had no other in the period (see the
   * rollup's migration), once more per extra branch where they saw the doctor; patients who came back within the
   * window alike.
   */
  async doctors(period: ReportPeriod): Promise<DoctorRow[]> {
    const p = new SqlParams();
    const from = p.add(period.from);
    const branch = period.branchKeys ? `AND branch_key = ANY(${p.add(period.branchKeys)}::uuid[])` : '';
    const firstOfPeriod = (first: string, prevDays: string) => `sum(r.${first} + width_bucket(${from}::date - 1, r.${prevDays}))`;
    return this.report<DoctorRow>(
      `WITH r AS MATERIALIZED (SELECT * FROM doctor_visit_rollup WHERE day BETWEEN ${from}::date AND ${p.add(period.to)}::date ${branch}),
            -- Patients who saw a doctor at several of the branches: counted once per branch above.
            shared AS (
              SELECT doctor_id, COALESCE(sum(branches - 1) FILTER (WHERE repeat), 0) AS repeaters, COALESCE(sum(branches - 1) FILTER (WHERE NOT repeat), 0) AS patients
                FROM (SELECT r.doctor_id, s.repeat, s.patient_id, count(DISTINCT r.branch_key) AS branches
                        FROM r, LATERAL (SELECT false, p FROM unnest(r.shared_patients) p UNION ALL SELECT true, p FROM unnest(r.shared_repeaters) p) s(repeat, patient_id)
                       GROUP BY 1, 2, 3) x
               GROUP BY doctor_id
            )
       SELECT r.doctor_id AS "doctorId", sum(r.appointments)::int AS appointments, sum(r.visits)::int AS visits, sum(r.completed)::int AS completed,
              sum(r.no_shows)::int AS "noShows", sum(r.cancellations)::int AS cancellations, sum(r.revenue)::float8 AS revenue,
              (${firstOfPeriod('first_visits', 'visit_prev_days')} - COALESCE(max(s.patients), 0))::int AS patients,
              (${firstOfPeriod('first_repeats', 'repeat_prev_days')} - COALESCE(max(s.repeaters), 0))::int AS "repeatPatients"
         FROM r LEFT JOIN shared s ON s.doctor_id = r.doctor_id
        GROUP BY r.doctor_id`,
      p.values,
    );
  }

  /**
   * Patients whose first completed visit (ever) falls in the period, by local month of that visit (at its branch)
   * and the channel of their first lead; how many completed another visit within 30, 90 and 180 days. From the
   * patients' visit facts.
   */
  async repeatCohorts(period: ReportPeriod): Promise<CohortRow[]> {
    const p = new SqlParams();
    const within = (days: number) => `count(*) FILTER (WHERE f.next_visit_at <= f.first_visit_at + interval '${days} days')::int`;
    const branch = period.branchKeys ? `AND f.branch_key = ANY(${p.add(period.branchKeys)}::uuid[])` : '';
    return this.report(
      `SELECT to_char(f.first_day, 'YYYY-MM') AS cohort, f.channel, GROUPING(f.channel) = 1 AS total, count(*)::int AS patients,
              ${RETURN_WINDOWS.map((days) => `${within(days)} AS returned${days}`).join(', ')}
         FROM patient_visit_facts f
        WHERE f.first_day BETWEEN ${p.add(period.from)}::date AND ${p.add(period.to)}::date ${branch}
        GROUP BY GROUPING SETS ((to_char(f.first_day, 'YYYY-MM'), f.channel), (to_char(f.first_day, 'YYYY-MM')))
        ORDER BY cohort, total DESC, f.channel NULLS LAST`,
      p.values,
    );
  }

  /** Display names of staff or doctors by id. */
  async names(table: 'staff_users' | 'doctors' | 'branches' | 'intake_sources', ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const column = table === 'staff_users' || table === 'doctors' ? 'full_name' : 'name';
    const named = await rows<{ id: string; name: string }>(this.dataSource, `SELECT id, ${column} AS name FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(named.map((r) => [r.id, r.name]));
  }

  /** Operators to show even without activity: every active operator (of the report's branches, when it has some). */
  async activeOperators(branchKeys?: readonly string[]): Promise<Array<{ id: string; name: string }>> {
    return rows<{ id: string; name: string }>(
      this.dataSource,
      `SELECT s.id, s.full_name AS name FROM staff_users s
        WHERE s.role = 'operator' AND s.active AND ($1::uuid[] IS NULL OR EXISTS (SELECT 1 FROM staff_branches sb WHERE sb.staff_id = s.id AND sb.branch_id = ANY($1::uuid[])))
        ORDER BY s.full_name, s.id`,
      [branchKeys ?? null],
    );
  }

  private async zones(): Promise<Array<{ id: string; timezone: string }>> {
    return rows<{ id: string; timezone: string }>(this.dataSource, `SELECT id, timezone FROM branches`);
  }

  private report<T>(sql: string, params: unknown[]): Promise<T[]> {
    return reportRows<T>(this.dataSource, sql, params);
  }
}
