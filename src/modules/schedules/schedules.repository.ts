import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { named } from '../../database/prepared-query.js';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import { joinActiveBranch, joinedBranchTimezone } from '../branches/branch-sql.js';
import { doctorWorksAt } from '../doctors/doctor-sql.js';
import type { DoctorSchedule, ExceptionKind, ScheduleRule, WeeklyHours } from './availability.js';

export interface WorkingHoursRow extends WeeklyHours {
  id: string;
}

export interface ScheduleExceptionRow extends ScheduleRule {
  id: string;
  doctorId: string;
  reason: string | null;
  createdAt: Date;
}

/** Schedules of several doctors and the time zones of the branches they work at. */
export interface LoadedSchedules {
  schedules: Map<string, DoctorSchedule>;
  zones: Map<string, string>;
}

// Dates and times leave PostgreSQL as text: node-pg would turn a date into a Date at the server's midnight.
const HOURS_COLUMNS = `wh.id, wh.branch_id AS "branchId", wh.weekdays::int[] AS weekdays,
  to_char(wh.start_time, 'HH24:MI') AS start, CASE WHEN wh.end_time = '24:00' THEN '24:00' ELSE to_char(wh.end_time, 'HH24:MI') END AS "end",
  wh.valid_from::text AS "validFrom", wh.valid_to::text AS "validTo"`;

const EXCEPTION_COLUMNS = `e.id, e.doctor_id AS "doctorId", e.kind, e.date_from::text AS "dateFrom", e.date_to::text AS "dateTo",
  to_char(e.start_time, 'HH24:MI') AS start, CASE WHEN e.end_time = '24:00' THEN '24:00' ELSE to_char(e.end_time, 'HH24:MI') END AS "end",
  e.branch_id AS "branchId", e.reason, e.created_at AS "createdAt"`;

/** Weekly hours and exceptions of several doctors around a date range, with their branches' time zones ($1 ids, $2..$3 dates). */
const LOAD_SCHEDULES = named(
  'schedules.load',
  `SELECT
  (SELECT COALESCE(json_agg(h), '[]') FROM (
     SELECT ${HOURS_COLUMNS}, wh.doctor_id AS "doctorId", ${joinedBranchTimezone()} AS timezone
     FROM working_hours wh ${joinActiveBranch('wh.branch_id')}
     WHERE wh.doctor_id = ANY($1::uuid[]) AND ${doctorWorksAt('wh.doctor_id', 'wh.branch_id')}
       AND (wh.valid_to IS NULL OR wh.valid_to >= $2::date - 1) AND (wh.valid_from IS NULL OR wh.valid_from <= $3::date + 1)
  ) h) AS hours,
  (SELECT COALESCE(json_agg(x), '[]') FROM (
     SELECT ${EXCEPTION_COLUMNS}, ${joinedBranchTimezone()} AS timezone
     FROM schedule_exceptions e
     ${joinActiveBranch('e.branch_id', { optional: true })}
     WHERE e.doctor_id = ANY($1::uuid[]) AND e.date_to >= $2::date - 1 AND e.date_from <= $3::date + 1
       AND (e.kind <> 'extra_hours' OR ${doctorWorksAt('e.doctor_id', 'e.branch_id')})
  ) x) AS exceptions`,
);

interface ScheduleRules {
  hours: Array<WeeklyHours & { doctorId: string; timezone: string }>;
  exceptions: Array<ScheduleRule & { doctorId: string; timezone: string | null }>;
}

/** Weekly working hours and dated exceptions. */
@Injectable()
export class SchedulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  listHours(doctorId: string, em: EntityManager = this.dataSource.manager): Promise<WorkingHoursRow[]> {
    return rows<WorkingHoursRow>(em, `SELECT ${HOURS_COLUMNS} FROM working_hours wh WHERE wh.doctor_id = $1 ORDER BY wh.weekdays, wh.start_time, wh.id`, [
      doctorId,
    ]);
  }

  async replaceHours(doctorId: string, hours: WeeklyHours[], em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM working_hours WHERE doctor_id = $1`, [doctorId]);
    if (!hours.length) return;
    await execute(
      em,
      `INSERT INTO working_hours (doctor_id, branch_id, weekdays, start_time, end_time, valid_from, valid_to)
       SELECT $1, r.branch_id, ARRAY(SELECT jsonb_array_elements_text(r.weekdays)::smallint ORDER BY 1), r.start_time, r.end_time, r.valid_from, r.valid_to
       FROM jsonb_to_recordset($2::jsonb) AS r (branch_id uuid, weekdays jsonb, start_time time, end_time time, valid_from date, valid_to date)`,
      [
        doctorId,
        JSON.stringify(
          hours.map((r) => ({
            branch_id: r.branchId,
            weekdays: r.weekdays,
            start_time: r.start,
            end_time: r.end,
            valid_from: r.validFrom,
            valid_to: r.validTo,
          })),
        ),
      ],
    );
  }

  async insertException(
    doctorId: string,
    values: { kind: ExceptionKind; dateFrom: string; dateTo: string; start: string | null; end: string | null; branchId: string | null; reason: string | null },
    createdBy: string,
    em: EntityManager,
  ): Promise<string> {
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO schedule_exceptions (doctor_id, kind, date_from, date_to, start_time, end_time, branch_id, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [doctorId, values.kind, values.dateFrom, values.dateTo, values.start, values.end, values.branchId, values.reason, createdBy],
    );
    return row!.id;
  }

  async findException(doctorId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<ScheduleExceptionRow | null> {
    return (
      (await one<ScheduleExceptionRow>(em, `SELECT ${EXCEPTION_COLUMNS} FROM schedule_exceptions e WHERE e.doctor_id = $1 AND e.id = $2`, [doctorId, id])) ??
      null
    );
  }

  listExceptions(doctorId: string, from: string | undefined, to: string | undefined): Promise<ScheduleExceptionRow[]> {
    return rows<ScheduleExceptionRow>(
      this.dataSource,
      `SELECT ${EXCEPTION_COLUMNS} FROM schedule_exceptions e
       WHERE e.doctor_id = $1 AND ($2::date IS NULL OR e.date_to >= $2) AND ($3::date IS NULL OR e.date_from <= $3)
       ORDER BY e.date_from, e.start_time NULLS FIRST, e.id`,
      [doctorId, from ?? null, to ?? null],
    );
  }

  async deleteException(doctorId: string, id: string, em: EntityManager): Promise<boolean> {
    return (await affected(em, `DELETE FROM schedule_exceptions WHERE doctor_id = $1 AND id = $2`, [doctorId, id])) > 0;
  }

  /**
   * Hours and exceptions of these doctors around [fromDate, toDate] (local dates, padded a day for zone differences),
   * in one query that returns each set as a JSON array (a prepared statement outside a transaction). Only rules at
   * active branches the doctor still works at count.
   */
  async loadSchedules(doctorIds: string[], fromDate: string, toDate: string, em?: EntityManager): Promise<LoadedSchedules> {
    const values = [doctorIds, fromDate, toDate];
    const [{ hours, exceptions }] = (await rows<ScheduleRules>(em ?? this.dataSource, LOAD_SCHEDULES, values)) as [ScheduleRules];
    const schedules = new Map<string, DoctorSchedule>(doctorIds.map((id) => [id, { doctorId: id, hours: [], exceptions: [] }]));
    const zones = new Map<string, string>();
    for (const h of hours) {
      schedules
        .get(h.doctorId)
        ?.hours.push({ branchId: h.branchId, weekdays: h.weekdays, start: h.start, end: h.end, validFrom: h.validFrom, validTo: h.validTo });
      zones.set(h.branchId, h.timezone);
    }
    for (const e of exceptions) {
      schedules.get(e.doctorId)?.exceptions.push({ kind: e.kind, dateFrom: e.dateFrom, dateTo: e.dateTo, start: e.start, end: e.end, branchId: e.branchId });
      if (e.branchId && e.timezone) zones.set(e.branchId, e.timezone);
    }
    return { schedules, zones };
  }
}
