import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, one, returning, rows } from '../../database/sql.js';

export interface ChecklistPoint {
  point: string;
  met: boolean;
}

export interface CallReviewRow {
  id: string;
  callId: string;
  operatorId: string;
  reviewerId: string;
  checklist: ChecklistPoint[];
  score: number;
  comment: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, call_id AS "callId", operator_id AS "operatorId", reviewer_id AS "reviewerId", checklist, score, comment,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Managers' reviews of calls, one per call (a second review replaces the first). */
@Injectable()
export class CallReviewsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async save(values: Omit<CallReviewRow, 'id' | 'createdAt' | 'updatedAt'>, em: EntityManager): Promise<CallReviewRow> {
    const [row] = await returning<CallReviewRow>(
      em,
      `INSERT INTO call_reviews (call_id, operator_id, reviewer_id, checklist, score, comment) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (call_id) DO UPDATE SET reviewer_id = EXCLUDED.reviewer_id, checklist = EXCLUDED.checklist, score = EXCLUDED.score,
         comment = EXCLUDED.comment, updated_at = now()
       RETURNING ${COLUMNS}`,
      [values.callId, values.operatorId, values.reviewerId, JSON.stringify(values.checklist), values.score, values.comment],
    );
    return row!;
  }

  findByCall(callId: string): Promise<CallReviewRow | undefined> {
    return one<CallReviewRow>(this.dataSource, `SELECT ${COLUMNS} FROM call_reviews WHERE call_id = $1`, [callId]);
  }

  /** Reviews of the person's calls, for an access export (the comment may describe the conversation). */
  exportForPatient(patientId: string, em: EntityManager): Promise<Record<string, unknown>[]> {
    return rows<Record<string, unknown>>(
      em,
      `SELECT r.id, r.call_id AS "callId", r.score, r.comment, r.created_at AS "createdAt" FROM call_reviews r
                      WHERE r.call_id IN (SELECT id FROM calls WHERE patient_id = $1) ORDER BY r.created_at`,
      [patientId],
    );
  }

  async eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    return affected(
      em,
      `UPDATE call_reviews SET comment = NULL, updated_at = now() WHERE call_id IN (SELECT id FROM calls WHERE patient_id = $1) AND comment IS NOT NULL`,
      [patientId],
    );
  }
}
