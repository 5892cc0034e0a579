import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { named } from '../../database/prepared-query.js';
import { affected, one, returning, rows } from '../../database/sql.js';
import type { ConsentChannel, ConsentKind } from './consent-document.rules.js';
import type { WithdrawalMethod } from './dto/consent.dto.js';

export interface ConsentRow {
  id: string;
  documentId: string;
  kind: ConsentKind;
  documentVersion: string;
  documentSha256: string;
  patientId: string | null;
  leadId: string | null;
  channel: ConsentChannel;
  grantedAt: Date;
  ip: string | null;
  userAgent: string | null;
  formUrl: string | null;
  operatorId: string | null;
  callId: string | null;
  note: string | null;
  withdrawnAt: Date | null;
  withdrawalMethod: string | null;
  /** Set when the person's data was erased. */
  anonymizedAt: Date | null;
}

export interface NewConsent {
  document: { id: string; kind: ConsentKind; version: string; sha256: string };
  patientId: string | null;
  leadId: string | null;
  channel: ConsentChannel;
  ip: string | null;
  userAgent: string | null;
  formUrl: string | null;
  operatorId: string | null;
  callId: string | null;
  note: string | null;
  withdrawalTokenHash: Buffer;
  /** When the person consented, when not now (a form accepted a moment before it was recorded). */
  grantedAt?: Date;
}

export interface NewWithdrawal {
  consentId: string;
  method: WithdrawalMethod;
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
  note: string | null;
}

const COLUMNS = `
  c.id, c.document_id AS "documentId", c.document_kind AS kind, c.document_version AS "documentVersion",
  c.document_sha256 AS "documentSha256", c.patient_id AS "patientId", c.lead_id AS "leadId", c.channel,
  c.granted_at AS "grantedAt", host(c.ip) AS ip, c.user_agent AS "userAgent", c.form_url AS "formUrl",
  c.operator_id AS "operatorId", c.call_id AS "callId", c.note, w.at AS "withdrawnAt", w.method AS "withdrawalMethod",
  c.anonymized_at AS "anonymizedAt"`;
const SELECT = `SELECT ${COLUMNS} FROM consents c LEFT JOIN consent_events w ON w.consent_id = c.id AND w.type = 'withdrawn'`;

/** New consents from a JSON array (ids chosen by the caller), returned as stored (no withdrawal yet). */
const INSERT_MANY = named(
  'consents.insert-many',
  `WITH c AS (
     INSERT INTO consents (id, document_id, document_kind, document_version, document_sha256, patient_id, lead_id, channel,
                           ip, user_agent, form_url, operator_id, call_id, note, withdrawal_token_hash, granted_at)
     SELECT id, document_id, document_kind, document_version, document_sha256, patient_id, lead_id, channel,
            ip::inet, user_agent, form_url, operator_id, call_id, note, decode(withdrawal_token_hash, 'hex'), COALESCE(granted_at, now())
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, document_id uuid, document_kind text, document_version text, document_sha256 text,
            patient_id uuid, lead_id uuid, channel text, ip text, user_agent text, form_url text, operator_id uuid, call_id uuid, note text,
            withdrawal_token_hash text, granted_at timestamptz)
     RETURNING *)
   SELECT ${COLUMNS} FROM c CROSS JOIN (SELECT NULL::timestamptz AS at, NULL::text AS method) w`,
);

/** Consent records and their withdrawals. Both tables are append-only in the database. */
@Injectable()
export class ConsentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** New consents with one statement (ids chosen by the caller); the rows as stored (no withdrawal yet), in the order given. */
  async insertMany(values: Array<NewConsent & { id: string }>, em: EntityManager): Promise<ConsentRow[]> {
    if (!values.length) return [];
    const inserted = await returning<ConsentRow>(em, INSERT_MANY, [
      JSON.stringify(
        values.map((v) => ({
          id: v.id,
          document_id: v.document.id,
          document_kind: v.document.kind,
          document_version: v.document.version,
          document_sha256: v.document.sha256,
          patient_id: v.patientId,
          lead_id: v.leadId,
          channel: v.channel,
          ip: v.ip,
          user_agent: v.userAgent,
          form_url: v.formUrl,
          operator_id: v.operatorId,
          call_id: v.callId,
          note: v.note,
          withdrawal_token_hash: v.withdrawalTokenHash.toString('hex'),
          granted_at: v.grantedAt ?? null,
        })),
      ),
    ]);
    const byId = new Map(inserted.map((r) => [r.id, r]));
    return values.map((v) => byId.get(v.id)!);
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<ConsentRow | null> {
    return (await one<ConsentRow>(em, `${SELECT} WHERE c.id = $1`, [id])) ?? null;
  }

  async findByTokenHash(hash: Buffer, em: EntityManager = this.dataSource.manager): Promise<ConsentRow | null> {
    return (await one<ConsentRow>(em, `${SELECT} WHERE c.withdrawal_token_hash = $1`, [hash])) ?? null;
  }

  listForPatient(patientId: string, em: EntityManager = this.dataSource.manager): Promise<ConsentRow[]> {
    return rows<ConsentRow>(em, `${SELECT} WHERE c.patient_id = $1 ORDER BY c.granted_at DESC, c.id`, [patientId]);
  }

  /** Records the withdrawal; null when the consent was already withdrawn (one withdrawal per consent). */
  async insertWithdrawal(values: NewWithdrawal, em: EntityManager): Promise<{ at: Date } | null> {
    const row = await one<{ at: Date }>(
      em,
      `INSERT INTO consent_events (consent_id, type, method, actor_id, ip, user_agent, note) VALUES ($1, 'withdrawn', $2, $3, $4, $5, $6)
       ON CONFLICT (consent_id) WHERE type = 'withdrawn' DO NOTHING RETURNING at`,
      [values.consentId, values.method, values.actorId, values.ip, values.userAgent, values.note],
    );
    return row ?? null;
  }

  async hasActive(patientId: string, kind: ConsentKind, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const row = await one<{ active: boolean }>(
      em,
      `SELECT EXISTS (SELECT 1 FROM consents c WHERE c.patient_id = $1 AND c.document_kind = $2
         AND NOT EXISTS (SELECT 1 FROM consent_events w WHERE w.consent_id = c.id AND w.type = 'withdrawn')) AS active`,
      [patientId, kind],
    );
    return row!.active;
  }

  async activeAmong(patientIds: string[], kind: ConsentKind, em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (!patientIds.length) return new Set();
    const active = await rows<{ id: string }>(
      em,
      `SELECT DISTINCT c.patient_id AS id FROM consents c WHERE c.patient_id = ANY($1::uuid[]) AND c.document_kind = $2
         AND NOT EXISTS (SELECT 1 FROM consent_events w WHERE w.consent_id = c.id AND w.type = 'withdrawn')`,
      [patientIds, kind],
    );
    return new Set(active.map((r) => r.id));
  }

  /**
   * Patients whose personal-data consent was withdrawn at or before `cutoff`, who are not erased yet
   * and have not consented again since.
   */
  async patientsDueForPurge(cutoff: Date, limit: number): Promise<string[]> {
    const due = await rows<{ patientId: string }>(
      this.dataSource,
      `SELECT DISTINCT c.patient_id AS "patientId"
       FROM consent_events w JOIN consents c ON c.id = w.consent_id
       WHERE w.type = 'withdrawn' AND w.at <= $1 AND c.document_kind = 'personal_data' AND c.patient_id IS NOT NULL AND c.anonymized_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM consents again WHERE again.patient_id = c.patient_id AND again.document_kind = 'personal_data'
                           AND again.granted_at > w.at
                           AND NOT EXISTS (SELECT 1 FROM consent_events w2 WHERE w2.consent_id = again.id AND w2.type = 'withdrawn'))
       LIMIT $2`,
      [cutoff, limit],
    );
    return due.map((r) => r.patientId);
  }

  exportEvents(patientId: string, em: EntityManager): Promise<Record<string, unknown>[]> {
    return rows<Record<string, unknown>>(
      em,
      `SELECT w.id, w.consent_id AS "consentId", w.type, w.method, w.at, w.actor_id AS "actorId", host(w.ip) AS ip,
              w.user_agent AS "userAgent", w.note
       FROM consent_events w JOIN consents c ON c.id = w.consent_id WHERE c.patient_id = $1 ORDER BY w.at`,
      [patientId],
    );
  }

  /** Erasure: evidence values become NULL (the trigger allows nothing else, and only while erasing). */
  eraseConsents(patientId: string, em: EntityManager): Promise<number> {
    return affected(
      em,
      `UPDATE consents SET ip = NULL, user_agent = NULL, form_url = NULL, note = NULL, anonymized_at = now()
       WHERE patient_id = $1 AND anonymized_at IS NULL`,
      [patientId],
    );
  }

  eraseEvents(patientId: string, em: EntityManager): Promise<number> {
    return affected(
      em,
      `UPDATE consent_events SET ip = NULL, user_agent = NULL, note = NULL, anonymized_at = now()
       WHERE consent_id IN (SELECT id FROM consents WHERE patient_id = $1) AND anonymized_at IS NULL`,
      [patientId],
    );
  }
}
