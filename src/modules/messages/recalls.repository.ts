import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, one, rows } from '../../database/sql.js';

export interface RecallRow {
  appointmentId: string;
  patientId: string;
  serviceId: string;
  branchId: string;
  dueAt: Date;
  status: 'pending' | 'messaged' | 'lead_created' | 'booked' | 'answered' | 'skipped' | 'superseded';
  messageId: string | null;
  leadId: string | null;
}

const COLUMNS = `appointment_id AS "appointmentId", patient_id AS "patientId", service_id AS "serviceId", branch_id AS "branchId", due_at AS "dueAt",
  status, message_id AS "messageId", lead_id AS "leadId"`;

/** Recalls that follow completed visits of services with a recall interval. */
@Injectable()
export class RecallsRepository {
  /** A new visit of the same service replaces the person's earlier recalls for it. */
  async add(v: { appointmentId: string; patientId: string; serviceId: string; branchId: string; dueAt: Date }, em: EntityManager): Promise<void> {
    await execute(
      em,
      `UPDATE recalls SET status = 'superseded', updated_at = now() WHERE patient_id = $1 AND service_id = $2 AND status IN ('pending', 'messaged')`,
      [v.patientId, v.serviceId],
    );
    await execute(
      em,
      `INSERT INTO recalls (appointment_id, patient_id, service_id, branch_id, due_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (appointment_id) DO NOTHING`,
      [v.appointmentId, v.patientId, v.serviceId, v.branchId, v.dueAt],
    );
  }

  /** Due recalls, locked until the transaction ends (others skip them): taken one at a time by whoever runs the job. */
  claimDue(limit: number, em: EntityManager): Promise<RecallRow[]> {
    return rows<RecallRow>(em, `SELECT ${COLUMNS} FROM recalls WHERE status = 'pending' AND due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`, [
      limit,
    ]);
  }

  /** The recall of a visit, locked until the transaction ends. */
  lockByAppointment(appointmentId: string, em: EntityManager): Promise<RecallRow | undefined> {
    return one<RecallRow>(em, `SELECT ${COLUMNS} FROM recalls WHERE appointment_id = $1 FOR UPDATE`, [appointmentId]);
  }

  async set(
    appointmentId: string,
    values: { status: RecallRow['status']; skipReason?: string | null; messageId?: string | null; leadId?: string | null },
    em: EntityManager,
  ): Promise<void> {
    await execute(
      em,
      `UPDATE recalls SET status = $2, skip_reason = coalesce($3, skip_reason), message_id = coalesce($4, message_id), lead_id = coalesce($5, lead_id), updated_at = now()
       WHERE appointment_id = $1`,
      [appointmentId, values.status, values.skipReason ?? null, values.messageId ?? null, values.leadId ?? null],
    );
  }
}
