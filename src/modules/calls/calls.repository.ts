import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cursor } from '../../common/http/pagination.js';
import type { BranchScope } from '../../common/access/access-policy.js';
import { Where } from '../../common/sql/where.js';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import { patientNotRestricted, patientRestricted } from '../patients/patient-sql.js';
import type { CallDirection, CallOutcome } from './call-outcomes.js';

export interface CallRow {
  id: string;
  leadId: string | null;
  patientId: string | null;
  operatorId: string | null;
  /** The lead's branch, or the PBX source's or operator's for a call without a lead; null: clinic-wide. */
  branchId: string | null;
  sourceId: string | null;
  externalCallId: string | null;
  direction: CallDirection;
  phone: string | null;
  extension: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationSec: number | null;
  outcome: CallOutcome | null;
  note: string | null;
  recordingUrl: string | null;
  callbackId: string | null;
  /** A manager's review score of the call, 0-100; null until reviewed. */
  reviewScore: number | null;
  createdBy: string | null;
  createdAt: Date;
  /** From the patient, for hiding restricted persons from operators. */
  patientRestricted: boolean;
}

export type CallValues = Partial<Omit<CallRow, 'id' | 'callbackId' | 'reviewScore' | 'createdAt' | 'patientRestricted'>>;

export interface CallFilter {
  operatorId?: string;
  leadId?: string;
  patientId?: string;
  outcomes?: (CallOutcome | 'none')[];
  from?: Date;
  to?: Date;
  scope: BranchScope;
  hideRestricted: boolean;
  after?: Cursor;
  limit: number;
}

const COLUMNS: Record<keyof CallValues, string> = {
  leadId: 'lead_id',
  patientId: 'patient_id',
  operatorId: 'operator_id',
  branchId: 'branch_id',
  sourceId: 'source_id',
  externalCallId: 'external_call_id',
  direction: 'direction',
  phone: 'phone',
  extension: 'extension',
  startedAt: 'started_at',
  answeredAt: 'answered_at',
  endedAt: 'ended_at',
  durationSec: 'duration_sec',
  outcome: 'outcome',
  note: 'note',
  recordingUrl: 'recording_url',
  createdBy: 'created_by',
};

const SELECT = `
  SELECT c.id, c.lead_id AS "leadId", c.patient_id AS "patientId", c.operator_id AS "operatorId", c.branch_id AS "branchId", c.source_id AS "sourceId",
         c.external_call_id AS "externalCallId", c.direction, c.phone, c.extension, c.started_at AS "startedAt", c.answered_at AS "answeredAt",
         c.ended_at AS "endedAt", c.duration_sec AS "durationSec", c.outcome, c.note, c.recording_url AS "recordingUrl",
         (SELECT cb.id FROM callbacks cb WHERE cb.call_id = c.id ORDER BY cb.created_at LIMIT 1) AS "callbackId",
         (SELECT r.score FROM call_reviews r WHERE r.call_id = c.id) AS "reviewScore",
         c.created_by AS "createdBy", c.created_at AS "createdAt",
         ${patientRestricted('c.patient_id')} AS "patientRestricted"
  FROM calls c`;

@Injectable()
export class CallsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<CallRow | undefined> {
    return one<CallRow>(em, `${SELECT} WHERE c.id = $1`, [id]);
  }

  /** The call, locked until the transaction ends, so changes to it apply one after another. */
  lockById(id: string, em: EntityManager): Promise<CallRow | undefined> {
    return one<CallRow>(em, `${SELECT} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
  }

  /** The call a PBX reported, locked until the transaction ends. */
  lockExternal(sourceId: string, externalCallId: string, em: EntityManager): Promise<CallRow | undefined> {
    return one<CallRow>(em, `${SELECT} WHERE c.source_id = $1 AND c.external_call_id = $2 FOR UPDATE OF c`, [sourceId, externalCallId]);
  }

  async insert(values: CallValues, em: EntityManager): Promise<string> {
    const entries = Object.entries(values).filter(([, v]) => v !== undefined) as [keyof CallValues, unknown][];
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO calls (${entries.map(([k]) => COLUMNS[k]).join(', ')}) VALUES (${entries.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      entries.map(([, v]) => v),
    );
    return row!.id;
  }

  async update(id: string, values: CallValues, em: EntityManager): Promise<void> {
    const entries = Object.entries(values).filter(([, v]) => v !== undefined) as [keyof CallValues, unknown][];
    if (!entries.length) return;
    await execute(em, `UPDATE calls SET ${entries.map(([k], i) => `${COLUMNS[k]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`, [
      id,
      ...entries.map(([, v]) => v),
    ]);
  }

  list(filter: CallFilter): Promise<CallRow[]> {
    const where = new Where();
    if (filter.operatorId) where.and('c.operator_id = ?', filter.operatorId);
    if (filter.leadId) where.and('c.lead_id = ?', filter.leadId);
    if (filter.patientId) where.and('c.patient_id = ?', filter.patientId);
    if (filter.outcomes?.length) {
      const named = filter.outcomes.filter((o) => o !== 'none');
      where.and(`(c.outcome = ANY(?::text[])${filter.outcomes.includes('none') ? ' OR c.outcome IS NULL' : ''})`, named);
    }
    if (filter.from) where.and('c.started_at >= ?', filter.from);
    if (filter.to) where.and('c.started_at < ?', filter.to);
    where.inScope('c.branch_id', filter.scope);
    if (filter.hideRestricted) where.and(patientNotRestricted('c.patient_id'));
    if (filter.after) where.and('(c.started_at, c.id) < (?, ?)', filter.after.at, filter.after.id);
    const limit = where.add(filter.limit);
    return rows<CallRow>(this.dataSource, `${SELECT} ${where} ORDER BY c.started_at DESC, c.id DESC LIMIT ${limit}`, where.values);
  }

  exportForPatient(patientId: string, em: EntityManager): Promise<Record<string, unknown>[]> {
    return rows<Record<string, unknown>>(
      em,
      `SELECT id, lead_id AS "leadId", direction, phone, started_at AS "startedAt", answered_at AS "answeredAt", ended_at AS "endedAt",
              duration_sec AS "durationSec", outcome, note, recording_url AS "recordingUrl"
       FROM calls WHERE patient_id = $1 ORDER BY started_at, id`,
      [patientId],
    );
  }

  /** Erasure: the number, what was said and the recording go; that a call happened, when and how it ended stay for reports. */
  async eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    return affected(em, `UPDATE calls SET phone = NULL, note = NULL, recording_url = NULL, updated_at = now() WHERE patient_id = $1`, [patientId]);
  }
}
