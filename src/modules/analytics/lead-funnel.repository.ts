import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CONTACT_AGGREGATES_SQL,
  type ContactGrouping,
  inPeriod,
  type BranchZone,
  type LeadGrouping,
  leadGroupKeySql,
  periodBoundsCte,
  type ReportPeriod,
} from '../leads/funnel-definitions.js';
import { SqlParams } from '../../common/sql/sql-params.js';
import { one, rows } from '../../database/sql.js';
import { reportRows } from './report-query.repository.js';

/** First stages of a group of leads; `grouping` is null on the total row. */
export interface ContactStageRow {
  grouping: LeadGrouping | null;
  key: string | null;
  leads: number;
  contacted: number;
  contactedWithinSla: number;
  medianFirstContactSec: number | null;
  p90FirstContactSec: number | null;
}

export interface SlaBreachRow {
  leadId: string;
  channel: string;
  branchId: string | null;
  operatorId: string | null;
  createdAt: Date;
  slaDueAt: Date;
  firstContactAt: Date | null;
}

/** Lead cohorts of a period read live: contact and SLA figures grouped several ways in one pass (GROUPING SETS), and SLA breaches. */
@Injectable()
export class LeadFunnelRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Contact aggregates per key of each grouping, plus a total row. */
  async contactStages(period: ReportPeriod, groupings: ContactGrouping[]): Promise<ContactStageRow[]> {
    const p = new SqlParams();
    const leads = inPeriod(p, period, 'l', 'created_at', 'branch_id');
    const local = groupings.some((g) => ['day', 'week', 'month', 'hour'].includes(g));
    const zone = local ? leads.zoneSql(await this.zones()) : '';
    const keys = groupings.map((g) => leadGroupKeySql(g, zone));
    const sql = `
      WITH ${periodBoundsCte(p, period)}
      SELECT ${keys.map((k, i) => `${k} AS k${i}, GROUPING(${k}) AS g${i}`).join(', ')},
             ${CONTACT_AGGREGATES_SQL}
        FROM leads l
       WHERE ${leads.where}
       GROUP BY GROUPING SETS (${[...keys.map((k) => `(${k})`), '()'].join(', ')})`;
    const rows = await reportRows<Record<string, unknown>>(this.dataSource, sql, p.values);
    return rows.map((r) => {
      const index = groupings.findIndex((_, i) => Number(r[`g${i}`]) === 0);
      return {
        grouping: index < 0 ? null : groupings[index]!,
        key: index < 0 ? null : ((r[`k${index}`] as string | null) ?? null),
        leads: r.leads as number,
        contacted: r.contacted as number,
        contactedWithinSla: r.contacted_within_sla as number,
        medianFirstContactSec: percentile(r.first_contact_sec_percentiles, 0),
        p90FirstContactSec: percentile(r.first_contact_sec_percentiles, 1),
      };
    });
  }

  /**
   * Leads of the period not contacted within their SLA whose deadline has passed, oldest first; a page after
   * the keyset (createdAt, id).
   */
  async breaches(period: ReportPeriod, after: { at: string; id: string } | undefined, limit: number): Promise<SlaBreachRow[]> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const leads = inPeriod(p, period, 'l', 'created_at', 'branch_id');
    const keyset = after ? `AND (l.created_at, l.id) > (${p.add(after.at)}::timestamptz, ${p.add(after.id)}::uuid)` : '';
    return rows<SlaBreachRow>(
      this.dataSource,
      `WITH ${bounds}
       SELECT l.id AS "leadId", l.channel, l.branch_id AS "branchId", l.assigned_operator_id AS "operatorId", l.created_at AS "createdAt",
              l.sla_due_at AS "slaDueAt", l.first_contact_at AS "firstContactAt"
         FROM leads l
        WHERE ${leads.where} AND l.sla_due_at < now() AND (l.first_contact_at IS NULL OR l.first_contact_at > l.sla_due_at) ${keyset}
        ORDER BY l.created_at, l.id
        LIMIT ${p.add(limit)}`,
      p.values,
    );
  }

  /** Time zones of the branches, for local day, week, month and hour buckets. */
  async zones(): Promise<BranchZone[]> {
    return rows<BranchZone>(this.dataSource, `SELECT id, timezone FROM branches`);
  }

  /**
   * Leads of the period not contacted within their deadline whose deadline is still ahead (not breaches yet): the
   * rollup counts every lead not contacted within its deadline, a report subtracts these. A lead marked breached has
   * its deadline behind it, so the uncontacted ones are all in the index of deadlines to watch.
   */
  async notContactedWithinSlaYetDue(period: ReportPeriod): Promise<number> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const leads = inPeriod(p, period, 'l', 'created_at', 'branch_id');
    const row = await one<{ n: string }>(
      this.dataSource,
      `WITH ${bounds}
       SELECT (SELECT count(*) FROM leads l WHERE l.first_contact_at IS NULL AND NOT l.sla_breached AND l.sla_due_at >= now() AND ${leads.where})
            + (SELECT count(*) FROM leads l WHERE l.first_contact_at > l.sla_due_at AND l.sla_due_at >= now() AND ${leads.where}) AS n`,
      p.values,
    );
    return Number(row!.n);
  }

  async breachCount(period: ReportPeriod): Promise<number> {
    const p = new SqlParams();
    const bounds = periodBoundsCte(p, period);
    const leads = inPeriod(p, period, 'l', 'created_at', 'branch_id');
    const row = await one<{ n: number }>(
      this.dataSource,
      `WITH ${bounds}
       SELECT count(*)::int AS n FROM leads l
        WHERE ${leads.where} AND l.sla_due_at < now() AND (l.first_contact_at IS NULL OR l.first_contact_at > l.sla_due_at)`,
      p.values,
    );
    return row!.n;
  }
}

/** One value of a percentile_cont(ARRAY[...]) result, in whole seconds; null when no lead was contacted. */
function percentile(values: unknown, index: number): number | null {
  const list = Array.isArray(values) ? values : typeof values === 'string' ? values.replace(/[{}]/g, '').split(',') : null;
  const value = list?.[index];
  return value === undefined || value === null || value === 'NULL' ? null : Math.round(Number(value));
}
