import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatLocalDate, formatMonth, formatNumber } from '../../../lib/format';
import type { TimeBucket } from '../../../lib/period';
import { Chart, type ChartOption } from '../../../ui/chart';
import type { FunnelRow } from '../api/get-funnel';
import { AXIS_LABEL, PREVIOUS_COLOR, SPLIT_LINE, STAGE_COLORS } from './palette';

/** Inquiries and visits by day, week or month; the previous period's inquiries as a dashed line; a bar opens its leads. */
export function TrendChart({
  rows,
  previous,
  unit,
  onOpen,
}: {
  rows: FunnelRow[];
  previous: FunnelRow[] | null;
  unit: TimeBucket;
  onOpen: (row: FunnelRow) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 12, itemHeight: 12, textStyle: AXIS_LABEL },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(v as number, lang) },
      xAxis: {
        type: 'category',
        data: rows.map((r) => (unit === 'month' ? formatMonth(r.key!, lang) : formatLocalDate(r.key!, lang))),
        axisLabel: AXIS_LABEL,
        axisTick: { alignWithLabel: true },
      },
      yAxis: { type: 'value', axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatNumber(v, lang) }, splitLine: SPLIT_LINE },
      series: [
        {
          name: t('dashboard.trendLeads'),
          type: 'bar',
          data: rows.map((r) => r.leads),
          itemStyle: { color: STAGE_COLORS.leads, borderRadius: [3, 3, 0, 0] },
          barMaxWidth: 28,
        },
        {
          name: t('dashboard.trendVisited'),
          type: 'line',
          data: rows.map((r) => r.visited),
          itemStyle: { color: STAGE_COLORS.visited },
          symbolSize: 6,
          smooth: true,
        },
        ...(previous
          ? [
              {
                name: t('dashboard.trendPrevious'),
                type: 'line',
                data: previous.map((r) => r.leads),
                itemStyle: { color: PREVIOUS_COLOR },
                lineStyle: { type: 'dashed', color: '#adb5bd' },
                symbol: 'none',
                smooth: true,
              },
            ]
          : []),
      ],
    }),
    [rows, previous, unit, t, lang],
  );
  return (
    <Chart
      option={option}
      height={300}
      label={t('dashboard.trendChart')}
      onClick={(c) => c.seriesIndex <= 1 && rows[c.dataIndex] && onOpen(rows[c.dataIndex]!)}
    />
  );
}
