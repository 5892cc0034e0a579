import type { TFunction } from 'i18next';
import type { Lang } from '../../../lib/format';
import { formatLocalDate, formatMonth } from '../../../lib/format';
import { bucketPeriod, type Period, type TimeBucket } from '../../../lib/period';
import type { DrillDownFilter } from '../api/get-drill-down';
import type { FunnelGrouping, FunnelRow } from '../api/get-funnel';

export type Dimension = Exclude<FunnelGrouping, TimeBucket>;
export const DIMENSIONS: Dimension[] = ['channel', 'campaign', 'source', 'operator', 'doctor', 'branch'];

/** Funnel columns a drill-down opens, with the lead list's stage filter for each. */
export const STAGES = ['leads', 'contacted', 'contactedWithinSla', 'booked', 'visited', 'repeat'] as const;
export type Stage = (typeof STAGES)[number];
const STAGE_FILTER: Record<Stage, DrillDownFilter['stage']> = {
  leads: undefined,
  contacted: 'contacted',
  contactedWithinSla: 'contacted_within_sla',
  booked: 'booked',
  visited: 'visited',
  repeat: 'repeat',
};

/** How a funnel row reads: a channel's name, a campaign, a person's or branch's name; "none" for rows without one. */
export function groupLabel(t: TFunction, grouping: FunnelGrouping, row: Pick<FunnelRow, 'key' | 'label'>, lang: Lang): string {
  if (grouping === 'day' || grouping === 'week') return row.key ? formatLocalDate(row.key, lang) : '';
  if (grouping === 'month') return row.key ? formatMonth(row.key, lang) : '';
  // Leads without a campaign come one row per channel (the API's label is the channel).
  if (row.key === null && grouping === 'campaign' && row.label)
    return `${t('dashboard.none.campaign')} · ${t(`channels.${row.label}` as 'channels.other', { defaultValue: row.label })}`;
  if (row.key === null) return t(`dashboard.none.${grouping}`);
  if (grouping === 'channel') return t(`channels.${row.key}` as 'channels.other', { defaultValue: row.key });
  return row.label ?? row.key;
}

/** A row's identity: its key, and the channel of a row of leads without a campaign (one such row per channel). */
export const rowKey = (row: Pick<FunnelRow, 'key' | 'channel'>) => `${row.key ?? ''}\u0000${row.channel ?? ''}`;

/** The leads of a stage over the whole period (the funnel's total row). */
export function totalFilter(stage: Stage, period: Period & { branchId?: string }): DrillDownFilter {
  return { from: period.from, to: period.to, ...(period.branchId ? { branchId: period.branchId } : {}), stage: STAGE_FILTER[stage] };
}

/** The lead-list filter that lists the leads behind one cell of a funnel row (the API's definitions, not ours). */
export function cellFilter(
  grouping: FunnelGrouping,
  key: string | null,
  stage: Stage,
  period: Period & { branchId?: string },
  channel?: string,
): DrillDownFilter {
  const base = totalFilter(stage, period);
  switch (grouping) {
    case 'channel':
      return { ...base, channel: key as DrillDownFilter['channel'] };
    // A row of leads without a campaign holds one channel's.
    case 'campaign':
      return { ...base, campaign: key ?? '', ...(key === null && channel ? { channel: channel as DrillDownFilter['channel'] } : {}) };
    case 'source':
      return { ...base, sourceId: key ?? 'none' };
    case 'operator':
      return { ...base, assignedTo: key ?? 'none' };
    case 'doctor':
      return { ...base, doctorId: key ?? 'none' };
    case 'branch':
      return { ...base, branchId: key ?? 'none' };
    default:
      return { ...base, ...bucketPeriod(key!, grouping, period) };
  }
}
