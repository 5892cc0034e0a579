import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BranchScope } from '../../common/access/access-policy.js';
import type { Cursor } from '../../common/http/pagination.js';
import { Where } from '../../common/sql/where.js';
import { rows } from '../../database/sql.js';
import { JOINED_PATIENT_NOT_RESTRICTED, JOINED_PATIENT_PHONE, joinedPatientNameMatches, joinPatient } from '../patients/patient-sql.js';
import { namePrefixPattern } from '../../common/sql/name-search.js';
import {
  type FunnelStage,
  inPeriod,
  leadOutcomeLateralSql,
  leadStageSql,
  periodBoundsCte,
  type ReportPeriod,
  stageNeedsOutcome,
} from './funnel-definitions.js';
import type { LeadChannel, LeadStatus } from './lead-lifecycle.js';
import { HELD, type LeadRow, SELECT_LEADS } from './lead-sql.js';

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

/** The lead lists staff browse: the filtered list, an operator's work queue, and the live floor's figures. Reads only. */
@Injectable()
export class LeadListRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of leads, newest first: a single query, however many filters apply. */
  list(filter: LeadFilter): Promise<LeadRow[]> {
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
    if (filter.phone) where.and(`${JOINED_PATIENT_PHONE} = ?`, filter.phone);
    if (filter.namePrefix) {
      const pattern = namePrefixPattern(filter.namePrefix);
      where.and(joinedPatientNameMatches('?'), pattern, pattern);
    }
    if (filter.operatorView) where.and(`(l.assigned_operator_id = ? OR (l.status = 'new' AND l.assigned_operator_id IS NULL))`, filter.operatorView);
    where.inScope('l.branch_id', filter.scope);
    if (filter.hideRestricted) where.and(JOINED_PATIENT_NOT_RESTRICTED);
    if (filter.after) where.and('(l.created_at, l.id) < (?, ?)', filter.after.at, filter.after.id);
    const limit = where.add(filter.limit);
    const withClause = ctes.length ? `WITH ${ctes.join(', ')} ` : '';
    const join = outcome ? `LEFT JOIN ${leadOutcomeLateralSql('l')} ON true` : '';
    return rows<LeadRow>(this.dataSource, `${withClause}${SELECT_LEADS} ${join} ${where} ORDER BY l.created_at DESC, l.id DESC LIMIT ${limit}`, where.values);
  }

  /** An operator's open leads and the unowned queue of their branches, not contacted first and then by first-contact deadline. */
  workQueue(operatorId: string, scope: BranchScope, limit: number): Promise<LeadRow[]> {
    const where = new Where();
    where.and(`((l.assigned_operator_id = ? AND l.status IN (${HELD})) OR (l.status = 'new' AND l.assigned_operator_id IS NULL))`, operatorId);
    where.inScope('l.branch_id', scope).and(JOINED_PATIENT_NOT_RESTRICTED);
    return rows<LeadRow>(
      this.dataSource,
      `${SELECT_LEADS} ${where} ORDER BY l.first_contact_at IS NOT NULL, l.sla_due_at, l.id LIMIT ${where.add(limit)}`,
      where.values,
    );
  }

  /**
   * Per branch (null: clinic-wide) within the scope: the waiting queue (unowned new leads of people who may be
   * processed) and its oldest, and of the leads that arrived since the branch's local midnight (`todayStarts`), how
   * many and how many missed their first-contact deadline.
   */
  floor(scope: BranchScope, todayStarts: Array<{ branchId: string | null; at: Date }>): Promise<FloorRow[]> {
    const where = new Where();
    const earliest = todayStarts.reduce((min, t) => (t.at < min ? t.at : min), new Date());
    where.and(`(l.status = 'new' OR l.created_at >= ?)`, earliest).inScope('l.branch_id', scope);
    const starts = `(SELECT t.at FROM unnest(${where.add(todayStarts.map((t) => t.branchId))}::uuid[], ${where.add(todayStarts.map((t) => t.at))}::timestamptz[]) AS t (branch_id, at)
                      WHERE t.branch_id IS NOT DISTINCT FROM l.branch_id)`;
    const waiting = `l.status = 'new' AND l.assigned_operator_id IS NULL AND ${JOINED_PATIENT_NOT_RESTRICTED}`;
    return rows<FloorRow>(
      this.dataSource,
      `SELECT l.branch_id AS "branchId", count(*) FILTER (WHERE ${waiting})::int AS queue, min(l.created_at) FILTER (WHERE ${waiting}) AS "oldestWaitingSince",
              count(*) FILTER (WHERE l.created_at >= ${starts})::int AS "leadsToday",
              count(*) FILTER (WHERE l.created_at >= ${starts} AND l.sla_breached)::int AS "breachesToday"
         FROM leads l ${joinPatient('l.patient_id')} ${where}
        GROUP BY l.branch_id`,
      where.values,
    );
  }
}
