import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlParams } from '../../common/sql/sql-params.js';
import { type ContactBucket, contactPercentile, type FunnelGrouping, type LeadGrouping, NO_BRANCH_ID, type ReportPeriod } from '../leads/funnel-definitions.js';
import { type LeadStageRow, NO_LEADS, type RollupDimension, splitByMonths } from './lead-funnel-rollup.js';
import { reportRows } from './report-query.repository.js';

/** Group keys computed from the `total` rows (one per branch-day); the dimensions' own keys are in column `key`. */
const CALENDAR_KEY_SQL: Partial<Record<FunnelGrouping, string>> = {
  branch: `NULLIF(branch_key, '${NO_BRANCH_ID}'::uuid)::text`,
  day: `to_char(day, 'YYYY-MM-DD')`,
  week: `to_char(date_trunc('week', day), 'YYYY-MM-DD')`,
  month: `to_char(day, 'YYYY-MM')`,
};

/** What to group a report's leads by: a rollup dimension and the key to group its rows by. */
export interface RollupGrouping {
  dimension: RollupDimension;
  /** SQL over the rollup row giving the group key; `key` (the dimension's value) by default. */
  key?: string;
}

/** How the funnel's groupings are read from the rollup. */
export function rollupGroupingOf(grouping: FunnelGrouping): RollupGrouping {
  const key = CALENDAR_KEY_SQL[grouping];
  return key ? { dimension: 'total', key } : { dimension: grouping as RollupDimension };
}

/**
 * Reads the funnel rollup for reports (the caller brings it up to date first): sums the rows of a period, whole local
 * months from the month rows and the days around them from the day rows (day and week groupings read day rows only).
 */
@Injectable()
export class LeadFunnelRollupReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Funnel stages of the period's leads grouped as asked, plus a total row (grouping null). */
  async stages(period: ReportPeriod, grouping: LeadGrouping, by: RollupGrouping = rollupGroupingOf(grouping as FunnelGrouping)): Promise<LeadStageRow[]> {
    const p = new SqlParams();
    const daily = grouping === 'day' || grouping === 'week';
    const spans = daily ? { months: null, days: [[period.from, period.to]] as Array<[string, string]> } : splitByMonths(period.from, period.to);
    const ranges: Array<['day' | 'month', string, string]> = spans.days.map(([from, to]) => ['day', from, to]);
    if (spans.months) ranges.push(['month', ...spans.months]);
    const dim = p.add(by.dimension);
    const branch = period.branchKeys ? `AND branch_key = ANY(${p.add(period.branchKeys)}::uuid[])` : '';
    // One index range per span and stretch of days.
    const picked = ranges.map(
      ([span, from, to]) => `
      SELECT * FROM lead_funnel_rollup WHERE dimension = ${dim} AND span = '${span}' AND day BETWEEN ${p.add(from)}::date AND ${p.add(to)}::date ${branch}`,
    );
    // Stage counts per group and in total (bucket NULL), then the merged histograms of contact times.
    const rows = await reportRows<Record<string, unknown>>(
      this.dataSource,
      `
      WITH picked AS MATERIALIZED (
        SELECT ${by.key ?? 'key'} AS group_key, leads, contacted, contacted_within_sla, booked, visited, repeat, revenue, contact_buckets, contact_leads, contact_min_sec, contact_max_sec
          FROM (${picked.join(' UNION ALL ')}) r
      )
      SELECT group_key AS key, GROUPING(group_key) AS total, NULL::int AS bucket, ${[
        'leads',
        'contacted',
        'contacted_within_sla',
        'booked',
        'visited',
        'repeat',
      ]
        .map((c) => `COALESCE(sum(${c}), 0)::int AS ${c}`)
        .join(', ')}, COALESCE(sum(revenue), 0)::float8 AS revenue, NULL::float8 AS min_sec, NULL::float8 AS max_sec
        FROM picked GROUP BY GROUPING SETS ((group_key), ())
      UNION ALL
      SELECT group_key, GROUPING(group_key), h.bucket, sum(h.leads)::int, NULL, NULL, NULL, NULL, NULL, NULL, min(h.min_sec), max(h.max_sec)
        FROM picked, unnest(contact_buckets, contact_leads, contact_min_sec, contact_max_sec) h(bucket, leads, min_sec, max_sec)
       GROUP BY GROUPING SETS ((group_key, h.bucket), (h.bucket))`,
      p.values,
    );
    return toStageRows(rows, grouping);
  }
}

/** Rows of the query above (one per group and bucket) as one stage row per group, with its contact-time percentiles. */
function toStageRows(rows: Record<string, unknown>[], grouping: LeadGrouping): LeadStageRow[] {
  const groups = new Map<string, { row: LeadStageRow; buckets: ContactBucket[] }>();
  for (const r of rows) {
    const total = Number(r.total) === 1;
    const groupKey = total ? '\u0000total' : String(r.key);
    let group = groups.get(groupKey);
    if (!group) {
      group = {
        row: {
          grouping: total ? null : grouping,
          key: total ? null : ((r.key as string | null) ?? null),
          ...NO_LEADS,
        },
        buckets: [],
      };
      groups.set(groupKey, group);
    }
    const { row } = group;
    if (r.bucket === null) {
      Object.assign(row, {
        leads: r.leads,
        contacted: r.contacted,
        contactedWithinSla: r.contacted_within_sla,
        booked: r.booked,
        visited: r.visited,
        repeat: r.repeat,
        revenue: Number(r.revenue),
      });
    } else {
      group.buckets.push({ bucket: r.bucket as number, leads: r.leads as number, minSec: r.min_sec as number, maxSec: r.max_sec as number });
    }
  }
  return [...groups.values()].map(({ row, buckets }) => ({
    ...row,
    medianFirstContactSec: contactPercentile(buckets, 0.5),
    p90FirstContactSec: contactPercentile(buckets, 0.9),
  }));
}
