import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute } from '../../database/sql.js';
import type { DemoHistory } from './demo-history.js';

const BATCH = 2000;

/**
 * Demo data only: writes a year of the demo clinic's history in bulk (through the app it would take minutes). The
 * database's own rules still apply: constraints, the no-double-booking exclusion, and the triggers that keep patients'
 * branches and the funnel rollup's change notes.
 */
@Injectable()
export class DemoRepository {
  async insertHistory(history: DemoHistory, em: EntityManager): Promise<void> {
    await batches(history.patients, (rows) =>
      execute(
        em,
        `INSERT INTO patients (id, last_name, first_name, middle_name, phone, email, created_at, updated_at)
       SELECT id, last_name, first_name, middle_name, phone, email, created_at, created_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
           AS u (id, last_name, first_name, middle_name, phone, email, created_at)`,
        columns(rows, (r) => [r.id, r.lastName, r.firstName, r.middleName, r.phone, r.email, r.createdAt]),
      ),
    );
    await batches(history.leads, (rows) =>
      execute(
        em,
        `INSERT INTO leads (id, patient_id, source_id, branch_id, channel, utm_source, utm_campaign, message, status, assigned_operator_id, claimed_at,
                          first_contact_at, sla_due_at, sla_breached, lost_reason, consent_status, returning_patient, last_message_at, created_at, updated_at)
       SELECT id, patient_id, source_id, branch_id, channel, utm_source, utm_campaign, message, status, operator_id, claimed_at,
              first_contact_at, sla_due_at, sla_breached, lost_reason, consent_status, returning_patient, created_at, created_at, coalesce(first_contact_at, created_at)
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::timestamptz[],
                     $12::timestamptz[], $13::timestamptz[], $14::boolean[], $15::text[], $16::text[], $17::boolean[], $18::timestamptz[])
           AS u (id, patient_id, source_id, branch_id, channel, utm_source, utm_campaign, message, status, operator_id, claimed_at,
                 first_contact_at, sla_due_at, sla_breached, lost_reason, consent_status, returning_patient, created_at)`,
        columns(rows, (r) => [
          r.id,
          r.patientId,
          r.sourceId,
          r.branchId,
          r.channel,
          r.utmSource,
          r.utmCampaign,
          r.message,
          r.status,
          r.assignedOperatorId,
          r.claimedAt,
          r.firstContactAt,
          r.slaDueAt,
          r.slaBreached,
          r.lostReason,
          r.consentStatus,
          r.returningPatient,
          r.createdAt,
        ]),
      ),
    );
    await batches(history.calls, (rows) =>
      execute(
        em,
        `INSERT INTO calls (id, lead_id, patient_id, operator_id, direction, phone, started_at, answered_at, ended_at, duration_sec, outcome, note, created_by, created_at)
       SELECT id, lead_id, patient_id, operator_id, 'outbound', phone, started_at, answered_at, ended_at,
              CASE WHEN answered_at IS NULL THEN 0 ELSE extract(epoch FROM ended_at - answered_at)::int END, outcome, note, operator_id, ended_at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[])
           AS u (id, lead_id, patient_id, operator_id, phone, started_at, answered_at, ended_at, outcome, note)`,
        columns(rows, (r) => [r.id, r.leadId, r.patientId, r.operatorId, r.phone, r.startedAt, r.answeredAt, r.endedAt, r.outcome, r.note]),
      ),
    );
    // Callbacks due before now were announced when they came due: no flood of reminders on the first run.
    await batches(history.callbacks, (rows) =>
      execute(
        em,
        `INSERT INTO callbacks (lead_id, patient_id, operator_id, call_id, due_at, done_at, notified_at, note, created_by, created_at)
       SELECT lead_id, patient_id, operator_id, call_id, due_at, done_at, CASE WHEN due_at <= now() THEN due_at END, note, operator_id, created_at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::timestamptz[])
           AS u (lead_id, patient_id, operator_id, call_id, due_at, done_at, note, created_at)`,
        columns(rows, (r) => [r.leadId, r.patientId, r.operatorId, r.callId, r.dueAt, r.doneAt, r.note, r.createdAt]),
      ),
    );
    await batches(history.consents, (rows) =>
      execute(
        em,
        `INSERT INTO consents (id, document_id, document_kind, document_version, document_sha256, patient_id, lead_id, channel, granted_at,
                             ip, user_agent, form_url, operator_id, call_id, withdrawal_token_hash)
       SELECT u.id, d.id, d.kind, d.version, d.sha256, u.patient_id, u.lead_id, u.channel, u.granted_at,
              CASE WHEN u.channel = 'web_form' THEN ('198.51.100.' || (1 + abs(hashtext(u.id::text)) % 250))::inet END,
              u.user_agent, u.form_url, u.operator_id, u.call_id, sha256(convert_to(gen_random_uuid()::text, 'UTF8'))
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::uuid[], $10::uuid[])
           AS u (id, document_id, patient_id, lead_id, channel, granted_at, user_agent, form_url, operator_id, call_id)
         JOIN consent_documents d ON d.id = u.document_id`,
        columns(rows, (r) => [r.id, r.documentId, r.patientId, r.leadId, r.channel, r.grantedAt, r.userAgent, r.formUrl, r.operatorId, r.callId]),
      ),
    );
    await batches(history.visits.appointments, (rows) =>
      execute(
        em,
        `INSERT INTO appointments (id, patient_id, doctor_id, service_id, branch_id, starts_at, ends_at, status, lead_id, booked_by, channel, price, currency,
                                 cancel_reason, status_changed_at, created_at, updated_at)
       SELECT id, patient_id, doctor_id, service_id, branch_id, starts_at, ends_at, status, lead_id, booked_by, channel, price, 'RUB',
              cancel_reason, CASE WHEN status IN ('scheduled') THEN created_at ELSE least(starts_at, now()) END, created_at, created_at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::uuid[], $10::uuid[],
                     $11::text[], $12::numeric[], $13::text[], $14::timestamptz[])
           AS u (id, patient_id, doctor_id, service_id, branch_id, starts_at, ends_at, status, lead_id, booked_by, channel, price, cancel_reason, created_at)`,
        columns(rows, (r) => [
          r.id,
          r.patientId,
          r.doctorId,
          r.serviceId,
          r.branchId,
          r.startsAt,
          r.endsAt,
          r.status,
          r.leadId,
          r.bookedBy,
          r.channel,
          r.price,
          r.cancelReason,
          r.createdAt,
        ]),
      ),
    );
  }

  /** Marketing budgets per channel, campaign and month. */
  async insertSpend(
    rows: Array<{ channel: string; campaign: string | null; branchId: string | null; periodStart: string; periodEnd: string; amount: number }>,
    createdBy: string,
    em: EntityManager,
  ): Promise<void> {
    await execute(
      em,
      `INSERT INTO marketing_spend (channel, campaign, branch_id, period_start, period_end, amount, currency, created_by)
       SELECT channel, campaign, branch_id, period_start, period_end, amount, 'RUB', $7 FROM unnest($1::text[], $2::text[], $3::uuid[], $4::date[], $5::date[], $6::numeric[])
         AS u (channel, campaign, branch_id, period_start, period_end, amount)`,
      [...columns(rows, (r) => [r.channel, r.campaign, r.branchId, r.periodStart, r.periodEnd, r.amount]), createdBy],
    );
  }

  /** People who withdrew their consent by the link: the withdrawal is recorded and they are restricted, as the app does. */
  async withdraw(patientIds: string[], at: Date[], em: EntityManager): Promise<void> {
    await execute(
      em,
      `INSERT INTO consent_events (consent_id, type, method, at)
         SELECT c.id, 'withdrawn', 'public_link', u.at FROM unnest($1::uuid[], $2::timestamptz[]) AS u (patient_id, at)
           JOIN consents c ON c.patient_id = u.patient_id AND c.document_kind = 'personal_data'`,
      [patientIds, at],
    );
    await execute(em, `UPDATE patients p SET restricted_at = u.at FROM unnest($1::uuid[], $2::timestamptz[]) AS u (patient_id, at) WHERE p.id = u.patient_id`, [
      patientIds,
      at,
    ]);
    await execute(em, `UPDATE leads SET consent_status = 'withdrawn' WHERE patient_id = ANY($1::uuid[])`, [patientIds]);
  }
}

/** Runs `insert` on slices of the rows. */
async function batches<T>(rows: T[], insert: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/** The rows as one array per column, for unnest. */
function columns<T>(rows: T[], pick: (row: T) => unknown[]): unknown[][] {
  const picked = rows.map(pick);
  return (picked[0] ?? []).map((_, i) => picked.map((values) => values[i]));
}
