import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatNumber, formatPercent } from '../../../lib/format';
import { Chart, type ChartOption } from '../../../ui/chart';
import type { FunnelRow } from '../api/get-funnel';
import type { Stage } from './groups';
import { AXIS_LABEL, PREVIOUS_COLOR, SPLIT_LINE, STAGE_COLORS } from './palette';

const SHOWN: Stage[] = ['leads', 'contacted', 'booked', 'visited', 'repeat'];

/** The period's funnel, stage by stage, beside the previous period's; a bar opens its leads. */
export function StagesChart({ total, previous, onOpen }: { total: FunnelRow; previous: FunnelRow | null; onOpen: (stage: Stage) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 12, itemHeight: 12, textStyle: AXIS_LABEL },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => formatNumber(v as number, lang),
      },
      xAxis: { type: 'category', data: SHOWN.map((s) => t(`dashboard.stages.${s}`)), axisLabel: AXIS_LABEL, axisTick: { show: false } },
      yAxis: { type: 'value', axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatNumber(v, lang) }, splitLine: SPLIT_LINE },
      series: [
        {
          name: t('dashboard.current'),
          type: 'bar',
          barMaxWidth: 48,
          itemStyle: { color: STAGE_COLORS.booked },
          data: SHOWN.map((s) => ({ value: total[s], itemStyle: { color: STAGE_COLORS[s], borderRadius: [4, 4, 0, 0] } })),
          label: {
            show: true,
            position: 'top',
            color: '#343a40',
            fontSize: 11,
            formatter: (p: { dataIndex: number; value: number }) =>
              p.dataIndex === 0
                ? formatNumber(p.value, lang)
                : `${formatNumber(p.value, lang)} · ${formatPercent(total.leads ? p.value / total.leads : null, lang)}`,
          },
        },
        ...(previous
          ? [
              {
                name: t('dashboard.previousShort'),
                type: 'bar',
                barMaxWidth: 48,
                itemStyle: { color: PREVIOUS_COLOR, borderRadius: [4, 4, 0, 0] },
                data: SHOWN.map((s) => previous[s]),
              },
            ]
          : []),
      ],
    }),
    [total, previous, t, lang],
  );
  return <Chart option={option} height={300} label={t('dashboard.stagesChart')} onClick={(c) => c.seriesIndex === 0 && onOpen(SHOWN[c.dataIndex]!)} />;
}
