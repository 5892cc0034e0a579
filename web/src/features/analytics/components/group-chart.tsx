import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatNumber } from '../../../lib/format';
import { Chart, type ChartOption } from '../../../ui/chart';
import type { FunnelRow } from '../api/get-funnel';
import type { Stage } from './groups';
import { AXIS_LABEL, SPLIT_LINE, STAGE_COLORS } from './palette';

const SHOWN: Stage[] = ['leads', 'contacted', 'booked', 'visited', 'repeat'];
export const TOP_GROUPS = 12;

/**
 * Each group as a small funnel: its stages drawn over each other on one row, from inquiries (widest) to those who came
 * back; a segment opens that stage's leads of the group.
 */
export function GroupChart({
  rows,
  labelOf,
  title,
  onOpen,
}: {
  rows: FunnelRow[];
  labelOf: (row: FunnelRow) => string;
  title: string;
  onOpen: (row: FunnelRow, stage: Stage) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const shown = useMemo(
    () =>
      rows
        .filter((r) => r.leads > 0)
        .slice(0, TOP_GROUPS)
        .reverse(),
    [rows],
  );
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 12, itemHeight: 12, textStyle: AXIS_LABEL },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatNumber(v as number, lang) },
      xAxis: { type: 'value', axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatNumber(v, lang) }, splitLine: SPLIT_LINE },
      yAxis: { type: 'category', data: shown.map(labelOf), axisLabel: { ...AXIS_LABEL, width: 160, overflow: 'truncate' }, axisTick: { show: false } },
      series: SHOWN.map((stage, i) => ({
        name: t(`dashboard.stages.${stage}`),
        type: 'bar',
        data: shown.map((r) => r[stage]),
        barWidth: 18,
        barGap: '-100%',
        z: i + 1,
        itemStyle: { color: STAGE_COLORS[stage], borderRadius: [0, 3, 3, 0] },
        ...(stage === 'leads'
          ? { label: { show: true, position: 'right', color: '#343a40', fontSize: 11, formatter: (p: { value: number }) => formatNumber(p.value, lang) } }
          : {}),
      })),
    }),
    [shown, labelOf, t, lang],
  );
  return (
    <Chart
      option={option}
      height={Math.max(160, 64 + shown.length * 30)}
      label={title}
      onClick={(c) => shown[c.dataIndex] && onOpen(shown[c.dataIndex]!, SHOWN[c.seriesIndex]!)}
    />
  );
}
