import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatAmount, formatPercent } from '../../../lib/format';
import { Chart, type ChartOption } from '../../../ui/chart';
import type { FunnelRow } from '../api/get-funnel';
import { AXIS_LABEL, MONEY_COLORS, SPLIT_LINE } from './palette';

/** Spend against revenue per group, with ROMI on its own axis; a bar opens the group's leads. */
export function MarketingChart({
  rows,
  labelOf,
  currency,
  onOpen,
}: {
  rows: FunnelRow[];
  labelOf: (row: FunnelRow) => string;
  currency: string;
  onOpen: (row: FunnelRow) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const shown = useMemo(() => rows.filter((r) => r.spend || r.revenue).slice(0, 12), [rows]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 12, itemHeight: 12, textStyle: AXIS_LABEL },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: shown.map(labelOf),
        axisLabel: { ...AXIS_LABEL, interval: 0, width: 90, overflow: 'truncate' },
        axisTick: { show: false },
      },
      yAxis: [
        { type: 'value', axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatAmount(v, currency, lang) }, splitLine: SPLIT_LINE },
        { type: 'value', axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatPercent(v, lang) }, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('dashboard.columns.spend'),
          type: 'bar',
          data: shown.map((r) => r.spend ?? 0),
          itemStyle: { color: MONEY_COLORS.spend, borderRadius: [3, 3, 0, 0] },
          barMaxWidth: 32,
          tooltip: { valueFormatter: (v: unknown) => formatAmount(v as number, currency, lang) },
        },
        {
          name: t('dashboard.columns.revenue'),
          type: 'bar',
          data: shown.map((r) => r.revenue),
          itemStyle: { color: MONEY_COLORS.revenue, borderRadius: [3, 3, 0, 0] },
          barMaxWidth: 32,
          tooltip: { valueFormatter: (v: unknown) => formatAmount(v as number, currency, lang) },
        },
        {
          name: t('dashboard.columns.romi'),
          type: 'line',
          yAxisIndex: 1,
          data: shown.map((r) => r.romi),
          itemStyle: { color: MONEY_COLORS.romi },
          symbolSize: 8,
          tooltip: { valueFormatter: (v: unknown) => formatPercent(v as number | null, lang) },
        },
      ],
    }),
    [shown, labelOf, currency, t, lang],
  );
  return <Chart option={option} height={320} label={t('dashboard.marketing.chart')} onClick={(c) => shown[c.dataIndex] && onOpen(shown[c.dataIndex]!)} />;
}
