import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cursor } from '../../common/http/pagination.js';
import type { BranchScope } from '../../common/access/access-policy.js';
import { Where } from '../../common/sql/where.js';
import type { CallbackDueFilter } from './dto/callback.dto.js';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import { patientNotRestricted, patientRestricted } from '../patients/patient-sql.js';

export interface CallbackRow {
  id: string;
  leadId: string;
  patientId: string;
  operatorId: string;
  branchId: string | null;
  callId: string | null;
  dueAt: Date;
  doneAt: Date | null;
  notifiedAt: Date | null;
  overdue: boolean;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  /** From the patient, for hiding restricted persons from operators. */
  patientRestricted: boolean;
}

export interface DueCallback {
  id: string;
  leadId: string;
  patientId: string;
  operatorId: string;
  branchId: string | null;
  dueAt: Date;
  restricted: boolean;
}

const SELECT = `
  SELECT cb.id, cb.lead_id AS "leadId", cb.patient_id AS "patientId", cb.operator_id AS "operatorId", cb.branch_id AS "branchId", cb.call_id AS "callId",
         cb.due_at AS "dueAt", cb.done_at AS "doneAt", cb.notified_at AS "notifiedAt", (cb.done_at IS NULL AND cb.due_at <= now()) AS overdue,
         cb.note, cb.created_by AS "createdBy", cb.created_at AS "createdAt",
         ${patientRestricted('cb.patient_id')} AS "patientRestricted"
  FROM callbacks cb`;

@Injectable()
export class CallbacksRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<CallbackRow | undefined> {
    return one<CallbackRow>(em, `${SELECT} WHERE cb.id = $1`, [id]);
  }

  /** The callback, locked until the transaction ends, so completing and rescheduling apply one after another. */
  lockById(id: string, em: EntityManager): Promise<CallbackRow | undefined> {
    return one<CallbackRow>(em, `${SELECT} WHERE cb.id = $1 FOR UPDATE OF cb`, [id]);
  }

  async insert(
    values: { leadId: string; patientId: string; operatorId: string; callId: string | null; dueAt: Date; note: string | null; createdBy: string },
    em: EntityManager,
  ): Promise<string> {
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO callbacks (lead_id, patient_id, operator_id, call_id, due_at, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [values.leadId, values.patientId, values.operatorId, values.callId, values.dueAt, values.note, values.createdBy],
    );
    return row!.id;
  }

  async complete(id: string, note: string | undefined, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE callbacks SET done_at = now(), note = coalesce($2, note), updated_at = now() WHERE id = $1`, [id, note ?? null]);
  }

  /** A new time: the operator is told again when it comes. */
  async reschedule(id: string, dueAt: Date, note: string | undefined, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE callbacks SET due_at = $2, notified_at = NULL, note = coalesce($3, note), updated_at = now() WHERE id = $1`, [
      id,
      dueAt,
      note ?? null,
    ]);
  }

  /** A call to the lead keeps the promises that were due by then. Returns the callbacks completed. */
  async completeDueForLead(leadId: string, by: Date, em: EntityManager): Promise<string[]> {
    const done = await returning<{ id: string }>(
      em,
      `UPDATE callbacks SET done_at = now(), updated_at = now() WHERE lead_id = $1 AND done_at IS NULL AND due_at <= $2 RETURNING id`,
      [leadId, by],
    );
    return done.map((r) => r.id);
  }

  list(filter: {
    due: CallbackDueFilter;
    operatorId?: string;
    leadId?: string;
    scope: BranchScope;
    hideRestricted: boolean;
    after?: Cursor;
    limit: number;
  }): Promise<CallbackRow[]> {
    const where = new Where();
    if (filter.due === 'overdue') where.and('cb.done_at IS NULL AND cb.due_at <= now()');
    if (filter.due === 'upcoming') where.and('cb.done_at IS NULL AND cb.due_at > now()');
    if (filter.due === 'open') where.and('cb.done_at IS NULL');
    if (filter.due === 'done') where.and('cb.done_at IS NOT NULL');
    if (filter.operatorId) where.and('cb.operator_id = ?', filter.operatorId);
    if (filter.leadId) where.and('cb.lead_id = ?', filter.leadId);
    where.inScope('cb.branch_id', filter.scope);
    if (filter.hideRestricted) where.and(patientNotRestricted('cb.patient_id'));
    if (filter.after) where.and('(cb.due_at, cb.id) > (?, ?)', filter.after.at, filter.after.id);
    const limit = where.add(filter.limit);
    return rows<CallbackRow>(this.dataSource, `${SELECT} ${where} ORDER BY cb.due_at, cb.id LIMIT ${limit}`, where.values);
  }

  /** An operator's open callbacks due by `until`, soonest first. */
  openForOperator(operatorId: string, until: Date, limit: number): Promise<CallbackRow[]> {
    return rows<CallbackRow>(
      this.dataSource,
      `${SELECT} WHERE cb.operator_id = $1 AND cb.done_at IS NULL AND cb.due_at <= $2 ORDER BY cb.due_at, cb.id LIMIT $3`,
      [operatorId, until, limit],
    );
  }

  /**
   * Marks due callbacks nobody was told about as notified and returns them, atomically: with several instances
   * running the job at once, each callback is returned to exactly one of them.
   */
  async takeDue(limit: number, em: EntityManager): Promise<DueCallback[]> {
    return returning<DueCallback>(
      em,
      `UPDATE callbacks cb SET notified_at = now(), updated_at = now()
       WHERE cb.id IN (SELECT id FROM callbacks WHERE done_at IS NULL AND notified_at IS NULL AND due_at <= now()
                       ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         AND cb.notified_at IS NULL
       RETURNING cb.id, cb.lead_id AS "leadId", cb.patient_id AS "patientId", cb.operator_id AS "operatorId", cb.branch_id AS "branchId", cb.due_at AS "dueAt",
                 ${patientRestricted('cb.patient_id')} AS restricted`,
      [limit],
    );
  }

  exportForPatient(patientId: string, em: EntityManager): Promise<Record<string, unknown>[]> {
    return rows<Record<string, unknown>>(
      em,
      `SELECT id, lead_id AS "leadId", due_at AS "dueAt", done_at AS "doneAt", note, created_at AS "createdAt" FROM callbacks WHERE patient_id = $1 ORDER BY created_at, id`,
      [patientId],
    );
  }

  async eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    return affected(em, `UPDATE callbacks SET note = NULL, updated_at = now() WHERE patient_id = $1`, [patientId]);
  }
}
