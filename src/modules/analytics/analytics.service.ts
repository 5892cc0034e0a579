import { Inject, Injectable } from '@nestjs/common';
import { assertOwnBranch, branchScope } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { validationFailed } from '../../common/errors/app-error.js';
import { decodeCursor, encodeCursor } from '../../common/http/pagination.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { BranchesService } from '../branches/branches.service.js';
import { SettingsService } from '../settings/settings.service.js';
import type { FunnelQuery, FunnelReport, FunnelRow, ReportQuery, SlaBreach, SlaQuery, SlaReport, SlaRow } from './dto/analytics.dto.js';
import { bucketsOf, type FunnelGrouping, funnelFigures, isTimeBucket, NO_BRANCH_ID, periodProblem, ratio, type ReportPeriod } from './funnel-definitions.js';
import { type LeadStageRow, LeadFunnelRollup } from './lead-funnel-rollup.js';
import { type ContactStageRow, LeadFunnelRepository, type SlaBreachRow } from './lead-funnel.repository.js';
import { MarketingSpendRepository } from './marketing-spend.repository.js';
import { ScorecardsRepository } from './scorecards.repository.js';
import { type SpendEntry, spendByKey, totalSpend } from './spend-proration.js';

export type ReportName = 'funnel' | 'operators' | 'doctors' | 'repeat_visits' | 'sla' | 'messaging';

const EMPTY: Omit<LeadStageRow, 'grouping' | 'key'> = {
  leads: 0, contacted: 0, contactedWithinSla: 0, medianFirstContactSec: null, p90FirstContactSec: null, booked: 0, visited: 0, repeat: 0, revenue: 0,
};

/** How spend is attributed to the groups of a funnel; groupings without a rule show no spend per row (the total has it). */
const SPEND_KEY: Partial<Record<FunnelGrouping, (e: SpendEntry) => string | null>> = {
  channel: (e) => e.channel,
  campaign: (e) => e.campaign,
  branch: (e) => e.branchId,
};

/** Where group labels come from. */
const LABELS: Partial<Record<string, 'staff_users' | 'doctors' | 'branches' | 'intake_sources'>> = {
  source: 'intake_sources', operator: 'staff_users', doctor: 'doctors', branch: 'branches',
};

/** The funnel and SLA reports, the period rules every report shares, and the audit of each view or export. */
@Injectable()
export class AnalyticsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly leadFunnel: LeadFunnelRepository,
    private readonly rollup: LeadFunnelRollup,
    private readonly scorecards: ScorecardsRepository,
    private readonly spend: MarketingSpendRepository,
    private readonly settings: SettingsService,
    private readonly branches: BranchesService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The period of a report query: checked dates, and the branches it covers by the access policy: the branch named
   * (one of the manager's), else the manager's branches with the clinic-wide rows; admins, every branch.
   */
  async period(actor: Actor, query: ReportQuery): Promise<ReportPeriod> {
    const problem = periodProblem(query.from, query.to);
    if (problem) throw validationFailed('The report period is not valid', [{ field: 'to', messages: [problem] }]);
    if (query.branchId) {
      assertOwnBranch(actor, query.branchId);
      await this.branches.get(query.branchId);
    }
    const scope = branchScope(actor);
    const branchKeys = query.branchId ? [query.branchId] : scope.branchIds ? [...scope.branchIds, NO_BRANCH_ID] : undefined;
    return { from: query.from, to: query.to, branchKeys, legalTimeZone: this.config.privacy.legalTimeZone };
  }

  async repeatWindowDays(): Promise<number> {
    return (await this.settings.get()).repeatVisitWindowDays;
  }

  /** Every view and export of a report is an audit event naming the report and its columns, never values. */
  async recordAccess(actor: Actor, report: ReportName, format: 'json' | 'csv' | undefined, fields: string[]): Promise<void> {
    await this.audit.record(actor, { action: format === 'csv' ? 'analytics.exported' : 'analytics.viewed', entity: 'report', entityId: report, fields });
  }

  async funnel(actor: Actor, query: FunnelQuery): Promise<FunnelReport> {
    const period = await this.period(actor, query);
    const groupBy = query.groupBy ?? 'channel';
    const repeatWindowDays = await this.repeatWindowDays();
    const [rows, entries] = await Promise.all([
      this.rollup.stages(period, groupBy),
      this.spend.overlapping(period.from, period.to, period.branchKeys),
    ]);
    const groups = new Map(rows.filter((r) => r.grouping !== null).map((r) => [r.key, r]));
    const keyOf = isTimeBucket(groupBy) ? groupBy : SPEND_KEY[groupBy];
    const spent = keyOf ? spendByKey(entries, period.from, period.to, keyOf) : undefined;
    const keys = isTimeBucket(groupBy)
      ? bucketsOf(period.from, period.to, groupBy)
      : [...new Set([...groups.keys(), ...(spent?.keys() ?? [])])].sort((a, b) => (groups.get(b)?.leads ?? 0) - (groups.get(a)?.leads ?? 0) || String(a).localeCompare(String(b)));
    const labels = await this.labels(groupBy, keys);
    const data = keys.map((key) => funnelRow(key, labels.get(key ?? '') ?? null, groups.get(key) ?? { ...EMPTY }, spent ? (spent.get(key) ?? 0) : null));
    const totalRow = rows.find((r) => r.grouping === null) ?? { ...EMPTY };
    const total = funnelRow(null, null, totalRow, totalSpend(entries, period.from, period.to));
    return { from: period.from, to: period.to, groupBy, branchId: query.branchId ?? null, repeatWindowDays, data, total };
  }

  async sla(actor: Actor, query: SlaQuery): Promise<SlaReport> {
    const period = await this.period(actor, query);
    const limit = query.limit ?? 100;
    const [rows, page, breachesTotal] = await Promise.all([
      this.leadFunnel.contactStages(period, ['channel', 'hour', 'operator']),
      this.leadFunnel.breaches(period, decodeCursor(query.cursor), limit + 1),
      this.leadFunnel.breachCount(period),
    ]);
    const of = (g: string) => rows.filter((r) => r.grouping === g);
    const operators = await this.scorecards.names('staff_users', [...of('operator').map((r) => r.key), ...page.map((b) => b.operatorId)].filter((k): k is string => !!k));
    const breaches = await this.withOperatorNames(page.slice(0, limit), operators);
    const last = page.length > limit ? page[limit - 1] : undefined;
    return {
      from: period.from, to: period.to, branchId: query.branchId ?? null,
      total: slaRow(rows.find((r) => r.grouping === null) ?? { ...EMPTY, key: null }, null),
      byChannel: of('channel').sort(byLeads).map((r) => slaRow(r, null)),
      byHour: of('hour').sort((a, b) => Number(a.key) - Number(b.key)).map((r) => slaRow(r, null)),
      byOperator: of('operator').sort(byLeads).map((r) => slaRow(r, r.key ? (operators.get(r.key) ?? null) : null)),
      breaches,
      breachesTotal,
      breachesNextCursor: last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.leadId }) : null,
    };
  }

  /** Every breach of the period, page by page, for a CSV export of any size. */
  async *allBreaches(actor: Actor, query: SlaQuery): AsyncGenerator<SlaBreach> {
    const period = await this.period(actor, query);
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const page = await this.leadFunnel.breaches(period, after, 1000);
      const names = await this.scorecards.names('staff_users', [...new Set(page.map((b) => b.operatorId).filter((k): k is string => !!k))]);
      yield* await this.withOperatorNames(page, names);
      if (page.length < 1000) return;
      const last = page[page.length - 1]!;
      after = { at: last.createdAt.toISOString(), id: last.leadId };
    }
  }

  private async withOperatorNames(rows: SlaBreachRow[], names: Map<string, string>): Promise<SlaBreach[]> {
    const now = Date.now();
    return rows.map((b) => ({
      ...b,
      operatorName: b.operatorId ? (names.get(b.operatorId) ?? null) : null,
      overdueSec: Math.max(0, Math.round(((b.firstContactAt?.getTime() ?? now) - b.slaDueAt.getTime()) / 1000)),
    }));
  }

  private async labels(groupBy: FunnelGrouping, keys: Array<string | null>): Promise<Map<string, string>> {
    const table = LABELS[groupBy];
    return table ? this.scorecards.names(table, keys.filter((k): k is string => !!k)) : new Map();
  }
}

function funnelRow(key: string | null, label: string | null, row: Omit<LeadStageRow, 'grouping' | 'key'>, spend: number | null): FunnelRow {
  const figures = funnelFigures({
    leads: row.leads, contacted: row.contacted, contactedWithinSla: row.contactedWithinSla, booked: row.booked, visited: row.visited, repeat: row.repeat, revenue: row.revenue,
  }, spend);
  return { key, label, ...figures, medianFirstContactSec: row.medianFirstContactSec, p90FirstContactSec: row.p90FirstContactSec };
}

function slaRow(row: Omit<ContactStageRow, 'grouping'>, label: string | null): SlaRow {
  return {
    key: row.key, label, leads: row.leads, contacted: row.contacted, contactedWithinSla: row.contactedWithinSla, slaRate: ratio(row.contactedWithinSla, row.leads),
    medianFirstContactSec: row.medianFirstContactSec, p90FirstContactSec: row.p90FirstContactSec,
  };
}

const byLeads = (a: ContactStageRow, b: ContactStageRow) => b.leads - a.leads || String(a.key).localeCompare(String(b.key));
