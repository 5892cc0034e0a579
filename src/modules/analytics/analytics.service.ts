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
import { bucketsOf, type FunnelGrouping, isTimeBucket, NO_BRANCH_ID, periodProblem, type ReportPeriod } from '../leads/funnel-definitions.js';
import { funnelFigures, ratio } from '../leads/funnel-figures.js';
import { type LeadStageRow, LeadFunnelRollup, NO_LEADS } from './lead-funnel-rollup.js';
import { LeadFunnelRollupReader } from './lead-funnel-rollup-reader.repository.js';
import { type ContactStageRow, LeadFunnelRepository, type SlaBreachRow } from './lead-funnel.repository.js';
import { MarketingSpendRepository } from './marketing-spend.repository.js';
import { ScorecardsRepository } from './scorecards.repository.js';
import { type SpendEntry, spendByKey, totalSpend } from './spend-proration.js';

export type ReportName = 'funnel' | 'operators' | 'doctors' | 'repeat_visits' | 'sla' | 'messaging';

/** A funnel row's group: the key, and for leads without a campaign (groupBy=campaign) their channel. */
interface FunnelGroup {
  channel: string | null;
  key: string | null;
  row: Omit<LeadStageRow, 'grouping' | 'key'>;
}
const groupId = (channel: string | null, key: string | null) => JSON.stringify([channel, key]);
const parseGroupId = (id: string): { channel: string | null; key: string | null } => {
  const [channel, key] = JSON.parse(id) as [string | null, string | null];
  return { channel, key };
};

/**
 * How spend is attributed to the groups of a funnel; groupings without a rule show no spend per row (the total has
 * it). Spend on a whole channel (no campaign) belongs to that channel's leads without a campaign.
 */
const SPEND_KEY: Partial<Record<FunnelGrouping, (e: SpendEntry) => string>> = {
  channel: (e) => groupId(null, e.channel),
  campaign: (e) => (e.campaign === null ? groupId(e.channel, null) : groupId(null, e.campaign)),
  branch: (e) => groupId(null, e.branchId),
};

/** Where group labels come from. */
const LABELS: Partial<Record<string, 'staff_users' | 'doctors' | 'branches' | 'intake_sources'>> = {
  source: 'intake_sources',
  operator: 'staff_users',
  doctor: 'doctors',
  branch: 'branches',
};

/** The funnel and SLA reports, the period rules every report shares, and the audit of each view or export. */
@Injectable()
export class AnalyticsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly leadFunnel: LeadFunnelRepository,
    private readonly funnelRollup: LeadFunnelRollup,
    private readonly rollup: LeadFunnelRollupReader,
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

  /** The clinic's currency, which every amount in the reports is in. */
  async currency(): Promise<string> {
    return (await this.settings.get()).currency;
  }

  async repeatWindowDays(): Promise<number> {
    return (await this.settings.get()).repeatVisitWindowDays;
  }

  /** Every view and export of a report is an audit event naming the report and its columns, never values. */
  async recordAccess(actor: Actor, report: ReportName, format: 'json' | 'csv' | undefined, fields: string[]): Promise<void> {
    await this.audit.recordOutsideTransaction(actor, {
      action: format === 'csv' ? 'analytics.exported' : 'analytics.viewed',
      entity: 'report',
      entityId: report,
      fields,
    });
  }

  async funnel(actor: Actor, query: FunnelQuery): Promise<FunnelReport> {
    const period = await this.period(actor, query);
    const groupBy = query.groupBy ?? 'channel';
    const repeatWindowDays = await this.repeatWindowDays();
    const { currency } = await this.settings.get();
    await this.funnelRollup.refresh();
    const [rows, unattributed, entries] = await Promise.all([
      this.rollup.stages(period, groupBy),
      // Leads without a campaign, per channel: where each channel's own (channel-wide) spend belongs.
      groupBy === 'campaign' ? this.rollup.stages(period, groupBy, { dimension: 'no_campaign' }) : Promise.resolve([]),
      this.spend.overlapping(period.from, period.to, currency, period.branchKeys),
    ]);
    const groups = new Map<string, FunnelGroup>();
    for (const r of rows)
      if (r.grouping !== null && !(groupBy === 'campaign' && r.key === null)) groups.set(groupId(null, r.key), { channel: null, key: r.key, row: r });
    for (const r of unattributed) if (r.grouping !== null) groups.set(groupId(r.key, null), { channel: r.key, key: null, row: r });
    const spendKey = isTimeBucket(groupBy) ? groupBy : SPEND_KEY[groupBy];
    const byKey = spendKey ? spendByKey(entries, period.from, period.to, spendKey) : undefined;
    const spent = byKey && isTimeBucket(groupBy) ? new Map([...byKey].map(([k, v]) => [groupId(null, k), v])) : byKey;
    for (const id of spent?.keys() ?? []) if (!groups.has(id!)) groups.set(id!, { ...parseGroupId(id!), row: { ...NO_LEADS } });
    const ordered = isTimeBucket(groupBy)
      ? bucketsOf(period.from, period.to, groupBy).map((key) => groups.get(groupId(null, key)) ?? { channel: null, key, row: { ...NO_LEADS } })
      : [...groups.values()].sort((a, b) => b.row.leads - a.row.leads || String(a.key ?? a.channel).localeCompare(String(b.key ?? b.channel)));
    const labels = await this.labels(
      groupBy,
      ordered.map((g) => g.key),
    );
    const data = ordered.map((g) => ({
      ...funnelRow(g.key, g.channel ?? labels.get(g.key ?? '') ?? null, g.row, spent ? (spent.get(groupId(g.channel, g.key)) ?? 0) : null),
      ...(g.channel ? { channel: g.channel } : {}),
    }));
    const totalRow = rows.find((r) => r.grouping === null) ?? { ...NO_LEADS };
    const total = funnelRow(null, null, totalRow, totalSpend(entries, period.from, period.to));
    return { from: period.from, to: period.to, groupBy, branchId: query.branchId ?? null, currency, repeatWindowDays, data, total };
  }

  async sla(actor: Actor, query: SlaQuery): Promise<SlaReport> {
    const period = await this.period(actor, query);
    const limit = query.limit ?? 100;
    // The rollup is brought up to date once; the three reads then see the same rows.
    await this.funnelRollup.refresh();
    const [byChannel, byHour, byOperator, page, notYetDue] = await Promise.all([
      this.rollup.stages(period, 'channel', { dimension: 'channel' }),
      this.rollup.stages(period, 'hour', { dimension: 'hour' }),
      this.rollup.stages(period, 'operator', { dimension: 'operator' }),
      this.leadFunnel.breaches(period, decodeCursor(query.cursor), limit + 1),
      this.leadFunnel.notContactedWithinSlaYetDue(period),
    ]);
    const total = byChannel.find((r) => r.grouping === null) ?? { ...NO_LEADS, grouping: null, key: null };
    const groups = (rows: LeadStageRow[]) => rows.filter((r) => r.grouping !== null);
    const operators = await this.scorecards.names(
      'staff_users',
      [...groups(byOperator).map((r) => r.key), ...page.map((b) => b.operatorId)].filter((k): k is string => !!k),
    );
    const breaches = await this.withOperatorNames(page.slice(0, limit), operators);
    const last = page.length > limit ? page[limit - 1] : undefined;
    return {
      from: period.from,
      to: period.to,
      branchId: query.branchId ?? null,
      total: slaRow(total, null),
      byChannel: groups(byChannel)
        .sort(byLeads)
        .map((r) => slaRow(r, null)),
      byHour: groups(byHour)
        .sort((a, b) => Number(a.key) - Number(b.key))
        .map((r) => slaRow(r, null)),
      byOperator: groups(byOperator)
        .sort(byLeads)
        .map((r) => slaRow(r, r.key ? (operators.get(r.key) ?? null) : null)),
      breaches,
      // Every lead not contacted within its deadline, less those whose deadline is still ahead.
      breachesTotal: total.leads - total.contactedWithinSla - notYetDue,
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
    return table
      ? this.scorecards.names(
          table,
          keys.filter((k): k is string => !!k),
        )
      : new Map();
  }
}

function funnelRow(key: string | null, label: string | null, row: Omit<LeadStageRow, 'grouping' | 'key'>, spend: number | null): FunnelRow {
  const figures = funnelFigures(
    {
      leads: row.leads,
      contacted: row.contacted,
      contactedWithinSla: row.contactedWithinSla,
      booked: row.booked,
      visited: row.visited,
      repeat: row.repeat,
      revenue: row.revenue,
    },
    spend,
  );
  return { key, label, ...figures, medianFirstContactSec: row.medianFirstContactSec, p90FirstContactSec: row.p90FirstContactSec };
}

function slaRow(row: Omit<ContactStageRow, 'grouping'>, label: string | null): SlaRow {
  return {
    key: row.key,
    label,
    leads: row.leads,
    contacted: row.contacted,
    contactedWithinSla: row.contactedWithinSla,
    slaRate: ratio(row.contactedWithinSla, row.leads),
    medianFirstContactSec: row.medianFirstContactSec,
    p90FirstContactSec: row.p90FirstContactSec,
  };
}

const byLeads = (a: ContactStageRow, b: ContactStageRow) => b.leads - a.leads || String(a.key).localeCompare(String(b.key));
