import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BranchScope } from '../../common/access/access-policy.js';
import type { Cursor } from '../../common/http/pagination.js';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import { patientInBranches } from '../patients/patient-sql.js';
import type { WorkingCalendar } from './working-days.js';

export interface SubjectRequestRow {
  id: string;
  patientId: string;
  type: string;
  status: 'open' | 'completed' | 'refused';
  receivedAt: Date;
  dueAt: string;
  extendedUntil: string | null;
  extensionReason: string | null;
  completedAt: Date | null;
  note: string | null;
  createdAt: Date;
}

const SELECT = `
  SELECT id, patient_id AS "patientId", type, status, received_at AS "receivedAt", to_char(due_at, 'YYYY-MM-DD') AS "dueAt",
         to_char(extended_until, 'YYYY-MM-DD') AS "extendedUntil", extension_reason AS "extensionReason",
         completed_at AS "completedAt", note, created_at AS "createdAt"
  FROM subject_requests`;

/** Subject requests and the working-day calendar they are counted on. */
@Injectable()
export class SubjectRequestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    values: { patientId: string; type: string; receivedAt: Date; dueAt: string; note: string | null; createdBy: string },
    em: EntityManager,
  ): Promise<SubjectRequestRow> {
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO subject_requests (patient_id, type, received_at, due_at, note, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [values.patientId, values.type, values.receivedAt, values.dueAt, values.note, values.createdBy],
    );
    return (await this.findById(row!.id, em))!;
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<SubjectRequestRow | null> {
    return (await one<SubjectRequestRow>(em, `${SELECT} WHERE id = $1`, [id])) ?? null;
  }

  /** The request, locked until the transaction ends. */
  async lockById(id: string, em: EntityManager): Promise<SubjectRequestRow | null> {
    return (await one<SubjectRequestRow>(em, `${SELECT} WHERE id = $1 FOR UPDATE`, [id])) ?? null;
  }

  /**
   * Ordered by the day the answer is due (extended or not), earliest first; only requests of the people within
   * `scope` (patients of those branches, or of none yet: see the access policy).
   */
  list(filter: { status?: string; patientId?: string; scope: BranchScope; after?: Cursor; limit: number }): Promise<SubjectRequestRow[]> {
    return rows<SubjectRequestRow>(
      this.dataSource,
      `${SELECT}
       WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR patient_id = $2)
         AND ($3::date IS NULL OR (coalesce(extended_until, due_at), id) > ($3::date, $4::uuid))
         AND ($6::uuid[] IS NULL OR ${patientInBranches('subject_requests.patient_id', '$6::uuid[]')})
       ORDER BY coalesce(extended_until, due_at), id LIMIT $5`,
      [
        filter.status ?? null,
        filter.patientId ?? null,
        filter.after?.at.slice(0, 10) ?? null,
        filter.after?.id ?? null,
        filter.limit,
        filter.scope.branchIds ?? null,
      ],
    );
  }

  async extend(id: string, until: string, reason: string, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE subject_requests SET extended_until = $2, extension_reason = $3 WHERE id = $1`, [id, until, reason]);
  }

  async complete(id: string, status: 'completed' | 'refused', by: string | null, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE subject_requests SET status = $2, completed_at = now(), completed_by = $3 WHERE id = $1`, [id, status, by]);
  }

  exportForPatient(patientId: string, em: EntityManager): Promise<SubjectRequestRow[]> {
    return rows<SubjectRequestRow>(em, `${SELECT} WHERE patient_id = $1 ORDER BY received_at`, [patientId]);
  }

  eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    return affected(em, `UPDATE subject_requests SET note = NULL WHERE patient_id = $1`, [patientId]);
  }

  /** The calendar overrides for a range of days (enough for any deadline: a few months past `from`). */
  async calendar(from: string, to: string, em: EntityManager = this.dataSource.manager): Promise<WorkingCalendar> {
    const days = await rows<{ day: string; working: boolean }>(
      em,
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, working FROM non_working_days WHERE day BETWEEN $1 AND $2`,
      [from, to],
    );
    return {
      daysOff: new Set(days.filter((r) => !r.working).map((r) => r.day)),
      workingWeekendDays: new Set(days.filter((r) => r.working).map((r) => r.day)),
    };
  }

  listDays(year: number): Promise<{ day: string; working: boolean; label: string }[]> {
    return rows(
      this.dataSource,
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, working, label FROM non_working_days WHERE extract(year FROM day) = $1 ORDER BY day`,
      [year],
    );
  }

  async putDay(day: string, working: boolean, label: string, em: EntityManager): Promise<void> {
    await execute(
      em,
      `INSERT INTO non_working_days (day, working, label) VALUES ($1, $2, $3) ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, label = EXCLUDED.label`,
      [day, working, label],
    );
  }

  async deleteDay(day: string, em: EntityManager): Promise<boolean> {
    return (await affected(em, `DELETE FROM non_working_days WHERE day = $1`, [day])) > 0;
  }
}
