import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BranchScope } from '../../common/access/access-policy.js';
import type { Cursor } from '../../common/http/pagination.js';
import { Where } from '../../common/sql/where.js';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import { JOINED_PATIENT_RESTRICTED, joinPatient } from '../patients/patient-sql.js';

export interface FeedbackRow {
  id: string;
  appointmentId: string;
  patientId: string;
  doctorId: string;
  branchId: string;
  requestId: string | null;
  rating: number;
  comment: string | null;
  receivedAt: Date;
  followUp: 'open' | 'done' | null;
  followUpNote: string | null;
  followUpBy: string | null;
  followUpAt: Date | null;
  restricted: boolean;
}

const COLUMNS = `f.id, f.appointment_id AS "appointmentId", f.patient_id AS "patientId", f.doctor_id AS "doctorId", f.branch_id AS "branchId",
  f.request_id AS "requestId", f.rating, f.comment, f.received_at AS "receivedAt", f.follow_up AS "followUp", f.follow_up_note AS "followUpNote",
  f.follow_up_by AS "followUpBy", f.follow_up_at AS "followUpAt", ${JOINED_PATIENT_RESTRICTED} AS restricted`;
const WITH_PATIENT = joinPatient('f.patient_id');
const FROM = `FROM feedback f ${WITH_PATIENT}`;

@Injectable()
export class FeedbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Null when the visit was rated before (one rating per visit). */
  async insert(
    v: {
      appointmentId: string;
      patientId: string;
      doctorId: string;
      branchId: string;
      requestId: string | null;
      rating: number;
      comment: string | null;
      followUp: 'open' | null;
    },
    em: EntityManager,
  ): Promise<FeedbackRow | null> {
    const [row] = await returning<FeedbackRow>(
      em,
      `WITH f AS (INSERT INTO feedback (appointment_id, patient_id, doctor_id, branch_id, request_id, rating, comment, follow_up)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (appointment_id) DO NOTHING RETURNING *)
       SELECT ${COLUMNS} FROM f ${WITH_PATIENT}`,
      [v.appointmentId, v.patientId, v.doctorId, v.branchId, v.requestId, v.rating, v.comment, v.followUp],
    );
    return row ?? null;
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<FeedbackRow | undefined> {
    return one<FeedbackRow>(em, `SELECT ${COLUMNS} ${FROM} WHERE f.id = $1`, [id]);
  }

  /** A rating given with a button a little earlier that has no comment yet (locked until the transaction ends): the person's next words are its comment. */
  lockAwaitingComment(patientId: string, withinHours: number, em: EntityManager): Promise<FeedbackRow | undefined> {
    return one<FeedbackRow>(
      em,
      `SELECT ${COLUMNS} ${FROM} WHERE f.patient_id = $1 AND f.comment IS NULL AND f.received_at > now() - make_interval(hours => $2)
       ORDER BY f.received_at DESC LIMIT 1 FOR UPDATE OF f`,
      [patientId, withinHours],
    );
  }

  async setComment(id: string, comment: string, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE feedback SET comment = $2 WHERE id = $1`, [id, comment]);
  }

  async list(filter: {
    doctorId?: string;
    followUp?: 'open' | 'done';
    from?: Date;
    to?: Date;
    scope: BranchScope;
    after?: Cursor;
    limit: number;
  }): Promise<FeedbackRow[]> {
    const where = new Where();
    if (filter.doctorId) where.and('f.doctor_id = ?', filter.doctorId);
    if (filter.followUp) where.and('f.follow_up = ?', filter.followUp);
    if (filter.from) where.and('f.received_at >= ?', filter.from);
    if (filter.to) where.and('f.received_at < ?', filter.to);
    where.inScope('f.branch_id', filter.scope);
    if (filter.after) where.and('(f.received_at, f.id) < (?, ?)', filter.after.at, filter.after.id);
    return rows<FeedbackRow>(
      this.dataSource,
      `SELECT ${COLUMNS} ${FROM} ${where} ORDER BY f.received_at DESC, f.id DESC LIMIT ${where.add(filter.limit)}`,
      where.values,
    );
  }

  async completeFollowUp(id: string, note: string | null, actorId: string, em: EntityManager): Promise<boolean> {
    const count = await affected(
      em,
      `UPDATE feedback SET follow_up = 'done', follow_up_note = $2, follow_up_by = $3, follow_up_at = now() WHERE id = $1 AND follow_up = 'open'`,
      [id, note, actorId],
    );
    return count > 0;
  }

  exportForPatient(patientId: string, em: EntityManager): Promise<Record<string, unknown>[]> {
    return rows<Record<string, unknown>>(
      em,
      `SELECT id, appointment_id AS "appointmentId", doctor_id AS "doctorId", rating, comment, received_at AS "receivedAt", follow_up AS "followUp",
              follow_up_note AS "followUpNote" FROM feedback WHERE patient_id = $1 ORDER BY received_at`,
      [patientId],
    );
  }

  /** Erasure: the words go, the rating stays (doctor scorecards keep their counts). */
  async eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    return affected(em, `UPDATE feedback SET comment = NULL, follow_up_note = NULL, anonymized_at = now() WHERE patient_id = $1`, [patientId]);
  }
}
