import { Table } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatAmount, formatNumber, formatPercent } from '../../../lib/format';
import { Chart, type ChartOption } from '../../../ui/chart';
import { CsvButton } from '../../../ui/csv-button';
import { DataState } from '../../../ui/data-state';
import { SectionCard } from '../../../ui/section-card';
import { downloadReport } from '../api/download-report';
import { type DoctorScorecard, useDoctorScorecards } from '../api/get-scorecards';
import type { ReportScope } from '../api/report-query';
import { AXIS_LABEL, MONEY_COLORS, SPLIT_LINE, STAGE_COLORS } from './palette';
import classes from './tables.module.css';

/** Each doctor's appointments, visits, no-shows and cancellations, revenue and returning patients. */
export function DoctorsPanel({ scope, currency }: { scope: ReportScope; currency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const report = useDoctorScorecards(scope);
  return (
    <SectionCard title={t('dashboard.doctors.chart')} actions={<CsvButton onDownload={() => downloadReport('doctors', scope)} />}>
      <DataState query={report} empty={(r) => !r.data.length}>
        {(r) => (
          <>
            {r.data.some((d) => d.revenue || d.repeatRate) && <DoctorsChart rows={r.data} currency={currency} />}
            <div className={classes.scroll} tabIndex={0}>
              <Table verticalSpacing={6} highlightOnHover className={classes.table}>
                <Table.Thead>
                  <Table.Tr>
                    {(['name', 'appointments', 'visits', 'noShowRate', 'cancellationRate', 'revenue', 'patients', 'repeatRate'] as const).map((c) => (
                      <Table.Th key={c} ta={c === 'name' ? undefined : 'right'}>
                        {t(`dashboard.doctors.${c}`)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.data.map((d) => (
                    <Table.Tr key={d.doctorId}>
                      <Table.Th scope="row" fw={500}>
                        {d.name ?? '—'}
                      </Table.Th>
                      <Table.Td ta="right">{formatNumber(d.appointments, lang)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(d.visits, lang)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(d.noShowRate, lang)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(d.cancellationRate, lang)}</Table.Td>
                      <Table.Td ta="right">{formatAmount(d.revenue, currency, lang)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(d.patients, lang)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(d.repeatRate, lang)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          </>
        )}
      </DataState>
    </SectionCard>
  );
}

function DoctorsChart({ rows, currency }: { rows: DoctorScorecard[]; currency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const shown = useMemo(() => [...rows].sort((a, b) => b.revenue - a.revenue).slice(0, 15), [rows]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 12, itemHeight: 12, textStyle: AXIS_LABEL },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: shown.map((d) => d.name ?? '—'),
        axisLabel: { ...AXIS_LABEL, interval: 0, rotate: shown.length > 6 ? 30 : 0, width: 110, overflow: 'truncate' },
      },
      yAxis: [
        { type: 'value', axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatAmount(v, currency, lang) }, splitLine: SPLIT_LINE },
        { type: 'value', max: 1, axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatPercent(v, lang) }, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('dashboard.doctors.revenue'),
          type: 'bar',
          data: shown.map((d) => d.revenue),
          itemStyle: { color: MONEY_COLORS.revenue, borderRadius: [3, 3, 0, 0] },
          barMaxWidth: 36,
          tooltip: { valueFormatter: (v: unknown) => formatAmount(v as number, currency, lang) },
        },
        {
          name: t('dashboard.doctors.repeatRate'),
          type: 'line',
          yAxisIndex: 1,
          data: shown.map((d) => d.repeatRate),
          itemStyle: { color: STAGE_COLORS.repeat },
          symbolSize: 8,
          tooltip: { valueFormatter: (v: unknown) => formatPercent(v as number | null, lang) },
        },
      ],
    }),
    [shown, currency, t, lang],
  );
  return <Chart option={option} height={320} label={t('dashboard.doctors.chart')} />;
}
