import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BranchScope } from '../../common/access/access-policy.js';
import type { Cursor } from '../../common/http/pagination.js';
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
    const [row] = await em.query(
      `INSERT INTO subject_requests (patient_id, type, received_at, due_at, note, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [values.patientId, values.type, values.receivedAt, values.dueAt, values.note, values.createdBy],
    );
    return (await this.findById(row.id, em))!;
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<SubjectRequestRow | null> {
    const [row] = await em.query(`${SELECT} WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  /**
   * Ordered by the day the answer is due (extended or not), earliest first; only requests of the people within
   * `scope` (patients of those branches, or of none yet: see the access policy).
   */
  list(filter: { status?: string; patientId?: string; scope: BranchScope; after?: Cursor; limit: number }): Promise<SubjectRequestRow[]> {
    return this.dataSource.query(
      `${SELECT}
       WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR patient_id = $2)
         AND ($3::date IS NULL OR (coalesce(extended_until, due_at), id) > ($3::date, $4::uuid))
         AND ($6::uuid[] IS NULL OR NOT EXISTS (SELECT 1 FROM patient_branches pb WHERE pb.patient_id = subject_requests.patient_id)
              OR EXISTS (SELECT 1 FROM patient_branches pb WHERE pb.patient_id = subject_requests.patient_id AND pb.branch_id = ANY($6::uuid[])))
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
    await em.query(`UPDATE subject_requests SET extended_until = $2, extension_reason = $3 WHERE id = $1`, [id, until, reason]);
  }

  async complete(id: string, status: 'completed' | 'refused', by: string | null, em: EntityManager): Promise<void> {
    await em.query(`UPDATE subject_requests SET status = $2, completed_at = now(), completed_by = $3 WHERE id = $1`, [id, status, by]);
  }

  exportForPatient(patientId: string, em: EntityManager): Promise<SubjectRequestRow[]> {
    return em.query(`${SELECT} WHERE patient_id = $1 ORDER BY received_at`, [patientId]);
  }

  async eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    const [, affected] = await em.query(`UPDATE subject_requests SET note = NULL WHERE patient_id = $1`, [patientId]);
    return affected;
  }

  /** The calendar overrides for a range of days (enough for any deadline: a few months past `from`). */
  async calendar(from: string, to: string, em: EntityManager = this.dataSource.manager): Promise<WorkingCalendar> {
    const rows: { day: string; working: boolean }[] = await em.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, working FROM non_working_days WHERE day BETWEEN $1 AND $2`,
      [from, to],
    );
    return {
      daysOff: new Set(rows.filter((r) => !r.working).map((r) => r.day)),
      workingWeekendDays: new Set(rows.filter((r) => r.working).map((r) => r.day)),
    };
  }

  listDays(year: number): Promise<{ day: string; working: boolean; label: string }[]> {
    return this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, working, label FROM non_working_days WHERE extract(year FROM day) = $1 ORDER BY day`,
      [year],
    );
  }

  async putDay(day: string, working: boolean, label: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO non_working_days (day, working, label) VALUES ($1, $2, $3) ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, label = EXCLUDED.label`,
      [day, working, label],
    );
  }

  async deleteDay(day: string): Promise<boolean> {
    const [, affected] = await this.dataSource.query(`DELETE FROM non_working_days WHERE day = $1`, [day]);
    return affected > 0;
  }
}
