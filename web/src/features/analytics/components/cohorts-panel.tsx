import { Select, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatMonth, formatNumber, formatPercent } from '../../../lib/format';
import { Chart, type ChartOption } from '../../../ui/chart';
import { CsvButton } from '../../../ui/csv-button';
import { DataState } from '../../../ui/data-state';
import { SectionCard } from '../../../ui/section-card';
import { downloadReport } from '../api/download-report';
import { type RepeatCohort, useRepeatVisits } from '../api/get-scorecards';
import type { ReportScope } from '../api/report-query';
import { AXIS_LABEL } from './palette';
import classes from './tables.module.css';

const WINDOWS = [30, 90, 180] as const;
const ALL = '\u0000all';
const NO_LEAD = '\u0000none';

/** Who comes back: patients by month of their first visit, and the share back within 30, 90 and 180 days, as a heat map. */
export function CohortsPanel({ scope }: { scope: ReportScope }) {
  const { t } = useTranslation();
  const report = useRepeatVisits(scope);
  const [channel, setChannel] = useState(ALL);
  return (
    <SectionCard
      title={t('dashboard.cohorts.chart')}
      align="flex-end"
      actions={
        <>
          <Select
            size="xs"
            w={220}
            label={t('dashboard.cohorts.channel')}
            value={channel}
            onChange={(v) => setChannel(v ?? ALL)}
            allowDeselect={false}
            data={[
              { value: ALL, label: t('dashboard.cohorts.allChannels') },
              ...[...new Set((report.data?.data ?? []).filter((c) => !c.allChannels).map((c) => c.channel ?? NO_LEAD))].map((c) => ({
                value: c,
                label: c === NO_LEAD ? t('dashboard.cohorts.noLead') : t(`channels.${c}` as 'channels.other'),
              })),
            ]}
          />
          <CsvButton onDownload={() => downloadReport('repeat-visits', scope)} />
        </>
      }
    >
      <DataState query={report} empty={(r) => !r.data.length}>
        {(r) => <Cohorts rows={r.data.filter((c) => (channel === ALL ? c.allChannels : !c.allChannels && (c.channel ?? NO_LEAD) === channel))} />}
      </DataState>
    </SectionCard>
  );
}

function Cohorts({ rows }: { rows: RepeatCohort[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const sorted = useMemo(() => [...rows].sort((a, b) => a.cohort.localeCompare(b.cohort)), [rows]);
  const option = useMemo<ChartOption>(() => {
    const max = Math.max(0.05, ...sorted.flatMap((c) => WINDOWS.map((d) => c[`share${d}`] ?? 0)));
    const cells = sorted.flatMap((c, y) =>
      WINDOWS.map((days, x) => {
        const share = c[`share${days}`];
        const complete = c[`complete${days}`];
        // Dark cells get light text.
        return {
          value: [x, y, share ?? 0],
          complete,
          label: { color: (share ?? 0) / max > 0.55 ? '#fff' : '#212529' },
          text: share === null ? '—' : `${formatPercent(share, lang)}${complete ? '' : '*'}`,
        };
      }),
    );
    return {
      grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
      tooltip: {
        formatter: (p: { data: { value: [number, number, number]; complete: boolean } }) => {
          const cohort = sorted[p.data.value[1]]!;
          const days = WINDOWS[p.data.value[0]]!;
          return `${formatMonth(cohort.cohort, lang)}<br/>${t('dashboard.cohorts.within', { days })}: ${formatPercent(p.data.value[2], lang)} (${formatNumber(cohort[`returned${days}`], lang)} / ${formatNumber(cohort.patients, lang)})${p.data.complete ? '' : `<br/>* ${t('dashboard.cohorts.incomplete', { days })}`}`;
        },
      },
      xAxis: { type: 'category', data: WINDOWS.map((days) => t('dashboard.cohorts.within', { days })), axisLabel: AXIS_LABEL, splitArea: { show: true } },
      yAxis: {
        type: 'category',
        data: sorted.map((c) => `${formatMonth(c.cohort, lang)} · ${formatNumber(c.patients, lang)}`),
        axisLabel: AXIS_LABEL,
        inverse: true,
      },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        text: [formatPercent(max, lang), formatPercent(0, lang)],
        inRange: { color: ['#f1f3f5', '#96f2d7', '#20c997', '#087f5b'] },
        textStyle: AXIS_LABEL,
        formatter: (v: number) => formatPercent(v, lang),
      },
      series: [
        {
          type: 'heatmap',
          data: cells,
          label: { show: true, formatter: (p: { data: { text: string } }) => p.data.text, fontSize: 12 },
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
        },
      ],
    };
  }, [sorted, t, lang]);
  return (
    <>
      <Chart option={option} height={Math.max(220, 90 + sorted.length * 30)} label={t('dashboard.cohorts.chart')} />
      <Text size="xs" c="dimmed" mb="xs">
        * {t('dashboard.cohorts.incomplete', { days: '30/90/180' })}
      </Text>
      <div className={classes.scroll} tabIndex={0}>
        <Table verticalSpacing={4} className={classes.table}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dashboard.cohorts.cohort')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.cohorts.patients')}</Table.Th>
              {WINDOWS.map((days) => (
                <Table.Th key={days} ta="right">
                  {t('dashboard.cohorts.within', { days })}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((c) => (
              <Table.Tr key={`${c.cohort}-${c.channel}`}>
                <Table.Th scope="row" fw={500}>
                  {formatMonth(c.cohort, lang)}
                </Table.Th>
                <Table.Td ta="right">{formatNumber(c.patients, lang)}</Table.Td>
                {WINDOWS.map((days) => (
                  <Table.Td key={days} ta="right">
                    {formatNumber(c[`returned${days}`], lang)} · {formatPercent(c[`share${days}`], lang)}
                    {c[`complete${days}`] ? '' : '*'}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </>
  );
}
