import { ActionIcon, Table, Tooltip } from '@mantine/core';
import { IconHeadphones } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../../../i18n';
import { formatClock, formatNumber, formatPercent } from '../../../lib/format';
import { Chart, type ChartOption } from '../../../ui/chart';
import { CsvButton } from '../../../ui/csv-button';
import { DataState } from '../../../ui/data-state';
import { SectionCard } from '../../../ui/section-card';
import { downloadReport } from '../api/download-report';
import { type OperatorScorecard, useOperatorScorecards } from '../api/get-scorecards';
import type { ReportScope } from '../api/report-query';
import type { DrillDown } from './drill-down-drawer';
import { CellButton } from './funnel-table';
import { cellFilter } from './groups';
import { AXIS_LABEL, SPLIT_LINE, STAGE_COLORS } from './palette';
import classes from './tables.module.css';

/** Each operator's speed, conversion, show and return rates, callbacks kept and reviewed calls. */
export function OperatorsPanel({ scope, onDrill }: { scope: ReportScope; onDrill: (drill: DrillDown) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const report = useOperatorScorecards(scope);
  const open = (o: OperatorScorecard) =>
    onDrill({
      title: t('dashboard.drill.title', { stage: t('dashboard.stages.leads'), group: o.name ?? '—' }),
      filter: cellFilter('operator', o.operatorId, 'leads', scope),
      count: o.leadsHandled,
    });
  return (
    <SectionCard title={t('dashboard.operators.chart')} actions={<CsvButton onDownload={() => downloadReport('operators', scope)} />}>
      <DataState query={report} empty={(r) => !r.data.length}>
        {(r) => (
          <>
            <OperatorsChart rows={r.data} />
            <div className={classes.scroll} tabIndex={0}>
              <Table verticalSpacing={6} highlightOnHover className={classes.table}>
                <Table.Thead>
                  <Table.Tr>
                    {(
                      [
                        'name',
                        'leadsHandled',
                        'contactRate',
                        'slaRate',
                        'medianFirstContact',
                        'bookingRate',
                        'showRate',
                        'repeatRate',
                        'callbacksOnTime',
                        'calls',
                        'reviewed',
                        'score',
                      ] as const
                    ).map((c) => (
                      <Table.Th key={c} ta={c === 'name' ? undefined : 'right'}>
                        {t(`dashboard.operators.${c}`)}
                      </Table.Th>
                    ))}
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.data.map((o) => (
                    <Table.Tr key={o.operatorId}>
                      <Table.Th scope="row" fw={500}>
                        {o.name ?? '—'}
                      </Table.Th>
                      <Table.Td ta="right">
                        <CellButton
                          value={o.leadsHandled}
                          label={t('dashboard.openLeads', { group: o.name ?? '—', stage: t('dashboard.stages.leads') })}
                          onClick={() => open(o)}
                        />
                      </Table.Td>
                      <Table.Td ta="right">{formatPercent(o.leadsHandled ? o.contacted / o.leadsHandled : null, lang)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(o.slaRate, lang)}</Table.Td>
                      <Table.Td ta="right">{o.medianFirstContactSec === null ? '—' : formatClock(o.medianFirstContactSec * 1000)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(o.bookingRate, lang)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(o.showRate, lang)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(o.repeatRate, lang)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(o.callbacksOnTimeRate, lang)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(o.calls, lang)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(o.callsReviewed, lang)}</Table.Td>
                      <Table.Td ta="right">{o.averageReviewScore === null ? '—' : `${formatNumber(o.averageReviewScore, lang)} / 100`}</Table.Td>
                      <Table.Td>
                        <Tooltip label={t('dashboard.operators.review', { name: o.name ?? '' })}>
                          <ActionIcon
                            component={Link}
                            to={`/call-review?operator=${o.operatorId}`}
                            variant="subtle"
                            aria-label={t('dashboard.operators.review', { name: o.name ?? '' })}
                          >
                            <IconHeadphones size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
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

function OperatorsChart({ rows }: { rows: OperatorScorecard[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const shown = useMemo(
    () =>
      rows
        .filter((r) => r.leadsHandled > 0)
        .slice(0, 15)
        .reverse(),
    [rows],
  );
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 12, itemHeight: 12, textStyle: AXIS_LABEL },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatPercent(v as number | null, lang) },
      xAxis: { type: 'value', max: 1, axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatPercent(v, lang) }, splitLine: SPLIT_LINE },
      yAxis: { type: 'category', data: shown.map((r) => r.name ?? '—'), axisLabel: AXIS_LABEL, axisTick: { show: false } },
      series: [
        { name: t('dashboard.operators.slaRate'), type: 'bar', data: shown.map((r) => r.slaRate), itemStyle: { color: STAGE_COLORS.contactedWithinSla } },
        { name: t('dashboard.operators.bookingRate'), type: 'bar', data: shown.map((r) => r.bookingRate), itemStyle: { color: STAGE_COLORS.booked } },
        { name: t('dashboard.operators.showRate'), type: 'bar', data: shown.map((r) => r.showRate), itemStyle: { color: STAGE_COLORS.repeat } },
      ],
    }),
    [shown, t, lang],
  );
  return <Chart option={option} height={Math.max(200, 60 + shown.length * 54)} label={t('dashboard.operators.chart')} />;
}
