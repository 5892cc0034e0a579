import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cursor } from '../../common/http/pagination.js';
import type { BranchScope } from '../../common/access/access-policy.js';
import { Where } from '../../common/sql/where.js';
import {
  type FunnelStage,
  inPeriod,
  leadOutcomeLateralSql,
  leadStageSql,
  periodBoundsCte,
  type ReportPeriod,
  stageNeedsOutcome,
} from './funnel-definitions.js';
import { nameMatches, namePrefixPattern } from '../../common/sql/name-search.js';
import { type ConsentStatus, HELD_LEAD_STATUSES, type LeadChannel, type LeadStatus, OPEN_LEAD_STATUSES, sqlStatuses } from './lead-lifecycle.js';
import { returning } from '../../database/sql.js';

const OPEN = sqlStatuses(OPEN_LEAD_STATUSES);
const HELD = sqlStatuses(HELD_LEAD_STATUSES);

export interface LeadRow {
  id: string;
  patientId: string;
  sourceId: string | null;
  branchId: string | null;
  channel: LeadChannel;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  referrer: string | null;
  landingUrl: string | null;
  message: string | null;
  messengerUserId: string | null;
  messengerUsername: string | null;
  requestedServiceId: string | null;
  requestedDoctorId: string | null;
  status: LeadStatus;
  assignedOperatorId: string | null;
  claimedAt: Date | null;
  firstContactAt: Date | null;
  slaDueAt: Date;
  slaBreached: boolean;
  lostReason: string | null;
  notes: string | null;
  consentStatus: ConsentStatus;
  returningPatient: boolean;
  externalId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** From the patient: null once erased. */
  patientName: string | null;
  patientPhone: string | null;
  patientEmail: string | null;
  patientRestricted: boolean;
}

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

export interface FloorRow {
  branchId: string | null;
  queue: number;
  oldestWaitingSince: Date | null;
  leadsToday: number;
  breachesToday: number;
}

export interface LeadFilter {
  status?: LeadStatus[];
  channel?: LeadChannel;
  /** An operator; null: leads nobody holds. */
  assignedTo?: string | null;
  from?: Date;
  to?: Date;
  /** Arrival within local dates, placed on each lead's branch calendar as the reports place it. */
  period?: ReportPeriod;
  /** utm_campaign; null: none (or empty). */
  campaign?: string | null;
  sourceId?: string | null;
  branchId?: string | null;
  /** The doctor the funnel attributes the lead to; null: nothing was booked. */
  doctorId?: string | null;
  stage?: FunnelStage;
  /** The repeat-visit window (settings), for stage `repeat`. */
  repeatWindowDays?: number;
  patientId?: string;
  phone?: string;
  namePrefix?: string;
  /** Browsing operators see the open queue and their own leads. */
  operatorView?: string;
  /** The access policy: the branches reached, and whether restricted people are left out. */
  scope: BranchScope;
  hideRestricted: boolean;
  after?: Cursor;
  limit: number;
}

const COLUMNS = `
  l.id, l.patient_id AS "patientId", l.source_id AS "sourceId", l.branch_id AS "branchId", l.channel,
         l.utm_source AS "utmSource", l.utm_medium AS "utmMedium", l.utm_campaign AS "utmCampaign", l.utm_content AS "utmContent", l.utm_term AS "utmTerm",
         l.referrer, l.landing_url AS "landingUrl", l.message, l.messenger_user_id AS "messengerUserId", l.messenger_username AS "messengerUsername",
         l.requested_service_id AS "requestedServiceId", l.requested_doctor_id AS "requestedDoctorId", l.status,
         l.assigned_operator_id AS "assignedOperatorId", l.claimed_at AS "claimedAt", l.first_contact_at AS "firstContactAt",
         l.sla_due_at AS "slaDueAt", l.sla_breached AS "slaBreached", l.lost_reason AS "lostReason", l.notes,
         l.consent_status AS "consentStatus", l.returning_patient AS "returningPatient", l.external_id AS "externalId",
         l.created_by AS "createdBy", l.created_at AS "createdAt", l.updated_at AS "updatedAt",
         nullif(concat_ws(' ', p.last_name, p.first_name, p.middle_name), '') AS "patientName", p.phone AS "patientPhone", p.email AS "patientEmail",
         p.restricted_at IS NOT NULL AS "patientRestricted"`;

const SELECT = `SELECT ${COLUMNS} FROM leads l JOIN patients p ON p.id = l.patient_id`;

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

@Injectable()
export class LeadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<LeadRow | undefined> {
    const [row] = await em.query(`${SELECT} WHERE l.id = $1${lock ? ' FOR UPDATE OF l' : ''}`, [id]);
    return row;
  }

  /**
   * Inserts leads with one statement and returns them as `findById` would, in the order given. `createdAt` defaults
   * to the transaction's time; an assigned lead's claimed_at is the transaction's time, a microsecond apart per lead
   * in the order given (round robin reads who was given a lead last).
   */
  async insertMany(values: Array<NewLeadRow & { id: string; createdAt?: Date }>, em: EntityManager): Promise<LeadRow[]> {
    if (!values.length) return [];
    const columns = INSERT_COLUMNS.map(([, c]) => c).join(', ');
    const rows: LeadRow[] = await em.query(
      `WITH l AS (
         INSERT INTO leads (id, created_at, claimed_at, ${columns})
         SELECT id, COALESCE(created_at, now()), CASE WHEN assigned_operator_id IS NULL THEN NULL ELSE now() + (n - 1) * interval '1 microsecond' END, ${columns}
           FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id uuid, created_at timestamptz, ${INSERT_COLUMNS.map(([, c]) => `${c} ${INSERT_TYPES[c] ?? 'text'}`).join(', ')}))
                WITH ORDINALITY AS x(id, created_at, ${columns}, n)
          ORDER BY n
         RETURNING *
       )
       SELECT ${COLUMNS} FROM l JOIN patients p ON p.id = l.patient_id`,
      [JSON.stringify(values.map((v) => ({ id: v.id, created_at: v.createdAt ?? null, ...Object.fromEntries(INSERT_COLUMNS.map(([k, c]) => [c, v[k]])) })))],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return values.map((v) => byId.get(v.id)!);
  }

  /**
   * Takes the assignment lock of each of these operators until the transaction ends, all in one fixed order (of the
   * lock keys), so that callers locking overlapping sets never deadlock.
   */
  async lockOperatorsForAssignment(operatorIds: string[], em: EntityManager): Promise<void> {
    await em.query(
      `SELECT pg_advisory_xact_lock(hashtext('lead-assignment'), k)
         FROM (SELECT DISTINCT hashtext(id) AS k FROM unnest($1::text[]) id ORDER BY 1 OFFSET 0) keys`,
      [operatorIds],
    );
  }

  async list(filter: LeadFilter): Promise<LeadRow[]> {
    const where = new Where();
    const ctes: string[] = [];
    const equalOrNone = (column: string, value: string | null | undefined, cast = '') => {
      if (value === undefined) return;
      if (value === null) where.and(`${column} IS NULL`);
      else where.and(`${column} = ?${cast}`, value);
    };
    if (filter.status?.length) where.and('l.status = ANY(?)', filter.status);
    if (filter.channel) where.and('l.channel = ?', filter.channel);
    equalOrNone('l.assigned_operator_id', filter.assignedTo, '::uuid');
    if (filter.from) where.and('l.created_at >= ?', filter.from);
    if (filter.to) where.and('l.created_at < ?', filter.to);
    if (filter.period) {
      ctes.push(periodBoundsCte(where, filter.period));
      where.and(inPeriod(where, filter.period, 'l', 'created_at', 'branch_id').where);
    }
    if (filter.campaign === null) where.and(`NULLIF(l.utm_campaign, '') IS NULL`);
    else equalOrNone('l.utm_campaign', filter.campaign);
    equalOrNone('l.source_id', filter.sourceId, '::uuid');
    equalOrNone('l.branch_id', filter.branchId, '::uuid');
    // The lead's appointments, read only when a stage or the attributed doctor needs them.
    const outcome = filter.doctorId !== undefined || (filter.stage !== undefined && stageNeedsOutcome(filter.stage));
    equalOrNone('o.doctor_id', filter.doctorId, '::uuid');
    if (filter.stage) where.and(leadStageSql(filter.stage, filter.stage === 'repeat' ? where.add(filter.repeatWindowDays ?? 180) : ''));
    if (filter.patientId) where.and('l.patient_id = ?', filter.patientId);
    if (filter.phone) where.and('p.phone = ?', filter.phone);
    if (filter.namePrefix) {
      const pattern = namePrefixPattern(filter.namePrefix);
      where.and(nameMatches('p', '?'), pattern, pattern);
    }
    if (filter.operatorView) where.and(`(l.assigned_operator_id = ? OR (l.status = 'new' AND l.assigned_operator_id IS NULL))`, filter.operatorView);
    where.inScope('l.branch_id', filter.scope);
    if (filter.hideRestricted) where.and('p.restricted_at IS NULL');
    if (filter.after) where.and('(l.created_at, l.id) < (?, ?)', filter.after.at, filter.after.id);
    const limit = where.add(filter.limit);
    const withClause = ctes.length ? `WITH ${ctes.join(', ')} ` : '';
    const join = outcome ? `LEFT JOIN ${leadOutcomeLateralSql('l')} ON true` : '';
    return this.dataSource.query(`${withClause}${SELECT} ${join} ${where} ORDER BY l.created_at DESC, l.id DESC LIMIT ${limit}`, where.values);
  }

  /** The open lead of a messenger user from this source, if they wrote within the window. */
  async findOpenMessengerLead(sourceId: string, messengerUserId: string, windowMin: number, em: EntityManager): Promise<string | undefined> {
    const [row] = await em.query(
      `SELECT id FROM leads WHERE source_id = $1 AND messenger_user_id = $2 AND status IN (${OPEN})
         AND last_message_at > now() - make_interval(mins => $3)
       ORDER BY last_message_at DESC LIMIT 1 FOR UPDATE`,
      [sourceId, messengerUserId, windowMin],
    );
    return row?.id;
  }

  /** The patient behind earlier leads of this messenger user (the same person writing again). */
  async patientOfMessengerUser(sourceId: string, messengerUserId: string, em: EntityManager): Promise<string | undefined> {
    const [row] = await em.query(`SELECT patient_id FROM leads WHERE source_id = $1 AND messenger_user_id = $2 ORDER BY created_at DESC LIMIT 1`, [
      sourceId,
      messengerUserId,
    ]);
    return row?.patient_id;
  }

  async appendMessage(id: string, message: string, em: EntityManager): Promise<void> {
    await em.query(`UPDATE leads SET message = right(concat_ws(E'\\n', message, $2::text), 10000), last_message_at = now(), updated_at = now() WHERE id = $1`, [
      id,
      message,
    ]);
  }

  async update(
    id: string,
    values: Partial<Record<'status' | 'lostReason' | 'notes' | 'requestedServiceId' | 'requestedDoctorId' | 'assignedOperatorId' | 'branchId', unknown>>,
    em: EntityManager,
  ): Promise<void> {
    const columns: Record<string, string> = {
      status: 'status',
      lostReason: 'lost_reason',
      notes: 'notes',
      requestedServiceId: 'requested_service_id',
      requestedDoctorId: 'requested_doctor_id',
      assignedOperatorId: 'assigned_operator_id',
      branchId: 'branch_id',
    };
    const entries = Object.entries(values).filter(([, v]) => v !== undefined);
    if (!entries.length) return;
    const sets = entries.map(([k], i) => `${columns[k]} = $${i + 2}`);
    if ('assignedOperatorId' in values)
      sets.push(`claimed_at = CASE WHEN $${entries.findIndex(([k]) => k === 'assignedOperatorId') + 2}::uuid IS NULL THEN NULL ELSE now() END`);
    await em.query(`UPDATE leads SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [id, ...entries.map(([, v]) => v)]);
  }

  /**
   * Atomic: only an unowned lead in the queue, within the operator's branches and of a person whose data may be
   * processed, can be claimed; returns false otherwise (someone else got it first, say).
   */
  async claim(id: string, operatorId: string, scope: BranchScope, em: EntityManager): Promise<boolean> {
    const where = new Where();
    where.and('l.id = ?', id).and(`l.status = 'new' AND l.assigned_operator_id IS NULL`).inScope('l.branch_id', scope);
    where.and('NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = l.patient_id AND p.restricted_at IS NOT NULL)');
    const operator = where.add(operatorId);
    const result = await em.query(
      `UPDATE leads l SET status = 'assigned', assigned_operator_id = ${operator}, claimed_at = now(), updated_at = now() ${where}`,
      where.values,
    );
    return result[1] > 0;
  }

  async setFirstContact(id: string, at: Date, em: EntityManager): Promise<boolean> {
    const result = await em.query(`UPDATE leads SET first_contact_at = $2, updated_at = now() WHERE id = $1 AND first_contact_at IS NULL`, [id, at]);
    return result[1] > 0;
  }

  /** Marks every overdue, uncontacted, open lead as breached, once; returns what it marked. */
  markSlaBreaches(
    em: EntityManager,
  ): Promise<{ id: string; assignedOperatorId: string | null; branchId: string | null; patientId: string; slaDueAt: Date; restricted: boolean }[]> {
    return returning(
      em,
      `UPDATE leads SET sla_breached = true, updated_at = now()
       WHERE id IN (SELECT id FROM leads WHERE first_contact_at IS NULL AND NOT sla_breached AND sla_due_at <= now()
                      AND status IN (${OPEN}) ORDER BY sla_due_at LIMIT 500 FOR UPDATE SKIP LOCKED)
       RETURNING id, assigned_operator_id AS "assignedOperatorId", branch_id AS "branchId", patient_id AS "patientId", sla_due_at AS "slaDueAt",
                 coalesce((SELECT p.restricted_at IS NOT NULL FROM patients p WHERE p.id = leads.patient_id), false) AS restricted`,
    );
  }

  /** Leads assigned to these operators that nobody has contacted yet: returned to the queue. */
  async releaseUntouched(operatorIds: string[], em: EntityManager): Promise<{ id: string; assignedOperatorId: string }[]> {
    if (!operatorIds.length) return [];
    const rows = await em.query(
      `UPDATE leads l SET status = 'new', assigned_operator_id = NULL, claimed_at = NULL, updated_at = now()
       FROM (SELECT id, assigned_operator_id FROM leads WHERE assigned_operator_id = ANY($1::uuid[]) AND status = 'assigned' AND first_contact_at IS NULL FOR UPDATE) old
       WHERE l.id = old.id
       RETURNING l.id, old.assigned_operator_id AS "assignedOperatorId"`,
      [operatorIds],
    );
    return Array.isArray(rows[0]) ? rows[0] : rows;
  }

  /** Open-lead counts and last assignment time of these operators, for choosing who gets the next lead. */
  async operatorLoads(operatorIds: string[], em: EntityManager): Promise<{ id: string; openLeads: number; lastAssignedAt: Date | null }[]> {
    return em.query(
      `SELECT o.id, count(l.id) FILTER (WHERE l.status IN (${HELD}))::int AS "openLeads", max(l.claimed_at) AS "lastAssignedAt"
       FROM unnest($1::uuid[]) AS o(id) LEFT JOIN leads l ON l.assigned_operator_id = o.id
       GROUP BY o.id`,
      [operatorIds],
    );
  }

  /** The oldest unassigned leads in the queue, for assigning when an operator becomes available. */
  async oldestUnassigned(limit: number, em: EntityManager): Promise<{ id: string; branchId: string | null }[]> {
    return em.query(
      `SELECT l.id, l.branch_id AS "branchId" FROM leads l JOIN patients p ON p.id = l.patient_id
       WHERE l.status = 'new' AND l.assigned_operator_id IS NULL AND p.restricted_at IS NULL
       ORDER BY l.created_at LIMIT $1 FOR UPDATE OF l SKIP LOCKED`,
      [limit],
    );
  }

  /** A person's open leads, newest first (a call from them belongs to one of these). */
  openOfPatient(patientId: string, em: EntityManager = this.dataSource.manager): Promise<LeadRow[]> {
    return em.query(`${SELECT} WHERE l.patient_id = $1 AND l.status IN (${OPEN}) ORDER BY l.created_at DESC, l.id DESC LIMIT 20`, [patientId]);
  }

  /** An operator's open leads and the unowned queue of their branches, not contacted first and then by first-contact deadline. */
  workQueue(operatorId: string, scope: BranchScope, limit: number): Promise<LeadRow[]> {
    const where = new Where();
    where.and(`((l.assigned_operator_id = ? AND l.status IN (${HELD})) OR (l.status = 'new' AND l.assigned_operator_id IS NULL))`, operatorId);
    where.inScope('l.branch_id', scope).and('p.restricted_at IS NULL');
    return this.dataSource.query(`${SELECT} ${where} ORDER BY l.first_contact_at IS NOT NULL, l.sla_due_at, l.id LIMIT ${where.add(limit)}`, where.values);
  }

  /**
   * Per branch (null: clinic-wide) within the scope: the waiting queue (unowned new leads of people who may be
   * processed) and its oldest, and of the leads that arrived since the branch's local midnight (`todayStarts`), how
   * many and how many missed their first-contact deadline.
   */
  async floor(scope: BranchScope, todayStarts: Array<{ branchId: string | null; at: Date }>): Promise<FloorRow[]> {
    const where = new Where();
    const earliest = todayStarts.reduce((min, t) => (t.at < min ? t.at : min), new Date());
    where.and(`(l.status = 'new' OR l.created_at >= ?)`, earliest).inScope('l.branch_id', scope);
    const starts = `(SELECT t.at FROM unnest(${where.add(todayStarts.map((t) => t.branchId))}::uuid[], ${where.add(todayStarts.map((t) => t.at))}::timestamptz[]) AS t (branch_id, at)
                      WHERE t.branch_id IS NOT DISTINCT FROM l.branch_id)`;
    const waiting = `l.status = 'new' AND l.assigned_operator_id IS NULL AND p.restricted_at IS NULL`;
    return this.dataSource.query(
      `SELECT l.branch_id AS "branchId", count(*) FILTER (WHERE ${waiting})::int AS queue, min(l.created_at) FILTER (WHERE ${waiting}) AS "oldestWaitingSince",
              count(*) FILTER (WHERE l.created_at >= ${starts})::int AS "leadsToday",
              count(*) FILTER (WHERE l.created_at >= ${starts} AND l.sla_breached)::int AS "breachesToday"
         FROM leads l JOIN patients p ON p.id = l.patient_id ${where}
        GROUP BY l.branch_id`,
      where.values,
    );
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

  /** Everything kept about a person's inquiries, for an access export. */
  exportForPatient(patientId: string, em: EntityManager): Promise<Record<string, unknown>[]> {
    return em.query(
      `SELECT id, channel, status, created_at AS "createdAt", utm_source AS "utmSource", utm_campaign AS "utmCampaign", referrer,
              landing_url AS "landingUrl", message, messenger_user_id AS "messengerUserId", messenger_username AS "messengerUsername",
              notes, lost_reason AS "lostReason", first_contact_at AS "firstContactAt"
       FROM leads WHERE patient_id = $1 ORDER BY created_at`,
      [patientId],
    );
  }

  /** Erasure: free text and messenger identities go; channel, status, dates and attribution stay for reports. */
  async eraseForPatient(patientId: string, em: EntityManager): Promise<number> {
    const result = await em.query(
      `UPDATE leads SET message = NULL, notes = NULL, referrer = NULL, landing_url = NULL, messenger_user_id = NULL, messenger_username = NULL,
              lost_reason = CASE WHEN lost_reason IS NULL THEN NULL ELSE 'erased' END, updated_at = now()
       WHERE patient_id = $1`,
      [patientId],
    );
    return result[1] ?? 0;
  }
}
