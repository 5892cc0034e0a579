import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { named } from '../../database/prepared-query.js';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import { joinPatient } from '../patients/patient-sql.js';
import { LEAD_COLUMNS, type LeadRow, OPEN, SELECT_LEADS } from './lead-sql.js';

export type { LeadRow } from './lead-sql.js';

export type NewLeadRow = Pick<
  LeadRow,
  | 'patientId'
  | 'sourceId'
  | 'branchId'
  | 'channel'
  | 'utmSource'
  | 'utmMedium'
  | 'utmCampaign'
  | 'utmContent'
  | 'utmTerm'
  | 'referrer'
  | 'landingUrl'
  | 'message'
  | 'messengerUserId'
  | 'messengerUsername'
  | 'requestedServiceId'
  | 'requestedDoctorId'
  | 'status'
  | 'assignedOperatorId'
  | 'slaDueAt'
  | 'consentStatus'
  | 'returningPatient'
  | 'externalId'
  | 'createdBy'
>;

/** Types of the insert columns that are not text. */
const INSERT_TYPES: Record<string, string> = {
  patient_id: 'uuid',
  source_id: 'uuid',
  branch_id: 'uuid',
  requested_service_id: 'uuid',
  requested_doctor_id: 'uuid',
  assigned_operator_id: 'uuid',
  sla_due_at: 'timestamptz',
  returning_patient: 'boolean',
  created_by: 'uuid',
};

const INSERT_COLUMNS: [keyof NewLeadRow, string][] = [
  ['patientId', 'patient_id'],
  ['sourceId', 'source_id'],
  ['branchId', 'branch_id'],
  ['channel', 'channel'],
  ['utmSource', 'utm_source'],
  ['utmMedium', 'utm_medium'],
  ['utmCampaign', 'utm_campaign'],
  ['utmContent', 'utm_content'],
  ['utmTerm', 'utm_term'],
  ['referrer', 'referrer'],
  ['landingUrl', 'landing_url'],
  ['message', 'message'],
  ['messengerUserId', 'messenger_user_id'],
  ['messengerUsername', 'messenger_username'],
  ['requestedServiceId', 'requested_service_id'],
  ['requestedDoctorId', 'requested_doctor_id'],
  ['status', 'status'],
  ['assignedOperatorId', 'assigned_operator_id'],
  ['slaDueAt', 'sla_due_at'],
  ['consentStatus', 'consent_status'],
  ['returningPatient', 'returning_patient'],
  ['externalId', 'external_id'],
  ['createdBy', 'created_by'],
];

const INSERT_NAMES = INSERT_COLUMNS.map(([, c]) => c).join(', ');

/** New leads from a JSON array, in its order; assigned ones claimed a microsecond apart, in that order. */
const INSERT_MANY = named(
  'leads.insert-many',
  `WITH l AS (
     INSERT INTO leads (id, created_at, claimed_at, ${INSERT_NAMES})
     SELECT id, COALESCE(created_at, now()), CASE WHEN assigned_operator_id IS NULL THEN NULL ELSE now() + (n - 1) * interval '1 microsecond' END, ${INSERT_NAMES}
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id uuid, created_at timestamptz, ${INSERT_COLUMNS.map(([, c]) => `${c} ${INSERT_TYPES[c] ?? 'text'}`).join(', ')}))
            WITH ORDINALITY AS x(id, created_at, ${INSERT_NAMES}, n)
      ORDER BY n
     RETURNING *
   )
   SELECT ${LEAD_COLUMNS} FROM l ${joinPatient('l.patient_id')}`,
);

/** Columns `update` may change, by field. */
const UPDATE_COLUMNS = {
  status: 'status',
  lostReason: 'lost_reason',
  notes: 'notes',
  requestedServiceId: 'requested_service_id',
  requestedDoctorId: 'requested_doctor_id',
  assignedOperatorId: 'assigned_operator_id',
  branchId: 'branch_id',
} as const;

export type LeadChanges = Partial<Record<keyof typeof UPDATE_COLUMNS, unknown>>;

/** One lead at a time: reading, locking, recording and changing it; and what a person's leads hold, for privacy. */
@Injectable()
export class LeadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<LeadRow | undefined> {
    return one<LeadRow>(em, `${SELECT_LEADS} WHERE l.id = $1`, [id]);
  }

  /** The lead, locked until the transaction ends (its patient is read, not locked). */
  lockById(id: string, em: EntityManager): Promise<LeadRow | undefined> {
    return one<LeadRow>(em, `${SELECT_LEADS} WHERE l.id = $1 FOR UPDATE OF l`, [id]);
  }

  /**
   * Inserts leads with one statement and returns them as `findById` would, in the order given. `createdAt` defaults
   * to the transaction's time; an assigned lead's claimed_at is the transaction's time, a microsecond apart per lead
   * in the order given (round robin reads who was given a lead last).
   */
  async insertMany(values: Array<NewLeadRow & { id: string; createdAt?: Date }>, em: EntityManager): Promise<LeadRow[]> {
    if (!values.length) return [];
    const inserted = await returning<LeadRow>(em, INSERT_MANY, [
      JSON.stringify(values.map((v) => ({ id: v.id, created_at: v.createdAt ?? null, ...Object.fromEntries(INSERT_COLUMNS.map(([k, c]) => [c, v[k]])) }))),
    ]);
    const byId = new Map(inserted.map((r) => [r.id, r]));
    return values.map((v) => byId.get(v.id)!);
  }

  /** The open lead of a messenger user from this source, if they wrote within the window; locked until the transaction ends. */
  async lockOpenMessengerLead(sourceId: string, messengerUserId: string, windowMin: number, em: EntityManager): Promise<string | undefined> {
    const row = await one<{ id: string }>(
      em,
      `SELECT id FROM leads WHERE source_id = $1 AND messenger_user_id = $2 AND status IN (${OPEN})
         AND last_message_at > now() - make_interval(mins => $3)
       ORDER BY last_message_at DESC LIMIT 1 FOR UPDATE`,
      [sourceId, messengerUserId, windowMin],
    );
    return row?.id;
  }

  /** The patient behind earlier leads of this messenger user (the same person writing again). */
  async patientOfMessengerUser(sourceId: string, messengerUserId: string, em: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    const row = await one<{ patient_id: string }>(
      em,
      `SELECT patient_id FROM leads WHERE source_id = $1 AND messenger_user_id = $2 ORDER BY created_at DESC LIMIT 1`,
      [sourceId, messengerUserId],
    );
    return row?.patient_id;
  }

  /** Whether a lead with this external id came from this source already. */
  async externalIdTaken(sourceId: string, externalId: string): Promise<boolean> {
    const row = await one<{ taken: boolean }>(this.dataSource, `SELECT EXISTS (SELECT 1 FROM leads WHERE source_id = $1 AND external_id = $2) AS taken`, [
      sourceId,
      externalId,
    ]);
    return row?.taken ?? false;
  }

  async appendMessage(id: string, message: string, em: EntityManager): Promise<void> {
    await execute(
      em,
      `UPDATE leads SET message = right(concat_ws(E'\\n', message, $2::text), 10000), last_message_at = now(), updated_at = now() WHERE id = $1`,
      [id, message],
    );
  }

  async update(id: string, values: LeadChanges, em: EntityManager): Promise<void> {
    const entries = (Object.entries(values) as [keyof LeadChanges, unknown][]).filter(([, v]) => v !== undefined);
    if (!entries.length) return;
    const sets = entries.map(([k], i) => `${UPDATE_COLUMNS[k]} = $${i + 2}`);
    if ('assignedOperatorId' in values)
      sets.push(`claimed_at = CASE WHEN $${entries.findIndex(([k]) => k === 'assignedOperatorId') + 2}::uuid IS NULL THEN NULL ELSE now() END`);
    await execute(em, `UPDATE leads SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [id, ...entries.map(([, v]) => v)]);
  }

  /** Stops the first-contact clock; false when it was already stopped. */
  async setFirstContact(id: string, at: Date, em: EntityManager): Promise<boolean> {
    return (await affected(em, `UPDATE leads SET first_contact_at = $2, updated_at = now() WHERE id = $1 AND first_contact_at IS NULL`, [id, at])) > 0;
  }

  /** The person's consent changed: their leads say so (given: those waiting for it or withdrawn). Returns the leads changed. */
  async setConsentStatus(patientId: string, status: 'given' | 'withdrawn', em: EntityManager): Promise<string[]> {
    const changed = await returning<{ id: string }>(
      em,
      `UPDATE leads SET consent_status = $2, updated_at = now() WHERE patient_id = $1 AND consent_status <> $2 RETURNING id`,
      [patientId, status],
    );
    return changed.map((r) => r.id);
  }

  /** A person's open leads, newest first (a call from them belongs to one of these). */
  openOfPatient(patientId: string, em: EntityManager = this.dataSource.manager): Promise<LeadRow[]> {
    return rows<LeadRow>(em, `${SELECT_LEADS} WHERE l.patient_id = $1 AND l.status IN (${OPEN}) ORDER BY l.created_at DESC, l.id DESC LIMIT 20`, [patientId]);
  }

  /** Everything kept about a person's inquiries, for an access export. */
  exportForPatient(patientId: string, em: EntityManager): Promise<Record<string, unknown>[]> {
    return rows<Record<string, unknown>>(
      em,
      `SELECT id, channel, status, created_at AS "createdAt", utm_source AS "utmSource", utm_campaign AS "utmCampaign", referrer,
              landing_url AS "landingUrl", message, messenger_user_id AS "messengerUserId", messenger_username AS "messengerUsername",
              notes, lost_reason AS "lostReason", first_contact_at AS "firstContactAt"
       FROM leads WHERE patient_id = $1 ORDER BY created_at`,
      [patientId],
    );
  }

  /** Erasure: free text and messenger identities go; channel, status, dates and attribution stay for reports. */
  eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    return affected(
      em,
      `UPDATE leads SET message = NULL, notes = NULL, referrer = NULL, landing_url = NULL, messenger_user_id = NULL, messenger_username = NULL,
              lost_reason = CASE WHEN lost_reason IS NULL THEN NULL ELSE 'erased' END, updated_at = now()
       WHERE patient_id = $1`,
      [patientId],
    );
  }
}
