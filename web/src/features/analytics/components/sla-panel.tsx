import { SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatDateTime, formatElapsed, formatNumber, formatPercent, type Lang } from '../../../lib/format';
import { Chart, type ChartOption } from '../../../ui/chart';
import { CsvButton } from '../../../ui/csv-button';
import { DataState } from '../../../ui/data-state';
import { SectionCard } from '../../../ui/section-card';
import { useBranches, zoneOf } from '../../catalog';
import { downloadReport } from '../api/download-report';
import { type SlaReport, useSla } from '../api/get-scorecards';
import type { ReportScope } from '../api/report-query';
import { AXIS_LABEL, SPLIT_LINE, STAGE_COLORS } from './palette';
import classes from './tables.module.css';

const seconds = (value: number | null, lang: Lang) => (value === null ? '—' : formatElapsed(value * 1000, lang));

/** How fast inquiries get their first contact: by hour of arrival and by channel, and every missed deadline. */
export function SlaPanel({ scope }: { scope: ReportScope }) {
  const { t } = useTranslation();
  const report = useSla(scope);
  return (
    <DataState query={report}>
      {(r) => (
        <Stack gap="md">
          <SectionCard title={t('dashboard.sla.chart')} actions={<CsvButton onDownload={() => downloadReport('sla', scope)} />}>
            <HoursChart report={r} />
          </SectionCard>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <SectionCard title={t('dashboard.sla.byChannel')}>
              <ChannelTable report={r} />
            </SectionCard>
            <SectionCard
              title={t('dashboard.sla.breaches')}
              actions={<CsvButton label={t('dashboard.sla.csvBreaches')} onDownload={() => downloadReport('sla', scope, { part: 'breaches' })} />}
            >
              <Breaches report={r} />
            </SectionCard>
          </SimpleGrid>
        </Stack>
      )}
    </DataState>
  );
}

function HoursChart({ report }: { report: SlaReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const option = useMemo<ChartOption>(() => {
    const hours = Array.from({ length: 24 }, (_, h) => report.byHour.find((r) => Number(r.key) === h));
    return {
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 12, itemHeight: 12, textStyle: AXIS_LABEL },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: hours.map((_, h) => `${String(h).padStart(2, '0')}:00`), axisLabel: AXIS_LABEL },
      yAxis: [
        { type: 'value', axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatNumber(v, lang) }, splitLine: SPLIT_LINE },
        { type: 'value', max: 1, axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatPercent(v, lang) }, splitLine: { show: false } },
      ],
      series: [
        { name: t('dashboard.sla.leads'), type: 'bar', data: hours.map((r) => r?.leads ?? 0), itemStyle: { color: STAGE_COLORS.leads } },
        {
          name: t('dashboard.sla.slaRate'),
          type: 'line',
          yAxisIndex: 1,
          data: hours.map((r) => r?.slaRate ?? null),
          itemStyle: { color: STAGE_COLORS.repeat },
          connectNulls: true,
          tooltip: { valueFormatter: (v: unknown) => formatPercent(v as number | null, lang) },
        },
      ],
    };
  }, [report, t, lang]);
  return <Chart option={option} height={280} label={t('dashboard.sla.chart')} />;
}

function ChannelTable({ report }: { report: SlaReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className={classes.scroll} tabIndex={0}>
      <Table verticalSpacing={4} className={classes.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dashboard.marketing.channel')}</Table.Th>
            <Table.Th ta="right">{t('dashboard.sla.leads')}</Table.Th>
            <Table.Th ta="right">{t('dashboard.sla.slaRate')}</Table.Th>
            <Table.Th ta="right">{t('dashboard.sla.median')}</Table.Th>
            <Table.Th ta="right">{t('dashboard.sla.p90')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...report.byChannel, report.total].map((r, i, all) => (
            <Table.Tr key={i === all.length - 1 ? '\u0000total' : String(r.key)} fw={i === all.length - 1 ? 700 : undefined}>
              <Table.Th scope="row" fw={i === all.length - 1 ? 700 : 500}>
                {i === all.length - 1 ? t('dashboard.total') : t(`channels.${r.key}` as 'channels.other')}
              </Table.Th>
              <Table.Td ta="right">{formatNumber(r.leads, lang)}</Table.Td>
              <Table.Td ta="right">{formatPercent(r.slaRate, lang)}</Table.Td>
              <Table.Td ta="right">{seconds(r.medianFirstContactSec, lang)}</Table.Td>
              <Table.Td ta="right">{seconds(r.p90FirstContactSec, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function Breaches({ report }: { report: SlaReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const branches = useBranches().data;
  return (
    <>
      <Text size="sm" mb="xs">
        {t('dashboard.sla.breachesCount', { value: formatNumber(report.breachesTotal, lang) })}
      </Text>
      {report.breaches.length > 0 && (
        <div className={classes.scroll} tabIndex={0} style={{ maxHeight: 360 }}>
          <Table verticalSpacing={4} className={classes.table} stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dashboard.sla.arrived')}</Table.Th>
                <Table.Th>{t('dashboard.marketing.channel')}</Table.Th>
                <Table.Th>{t('dashboard.sla.operator')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.sla.overdue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.breaches.map((b) => (
                <Table.Tr key={b.leadId}>
                  <Table.Td>{formatDateTime(b.createdAt, zoneOf(branches, b.branchId), lang)}</Table.Td>
                  <Table.Td>{t(`channels.${b.channel}` as 'channels.other')}</Table.Td>
                  <Table.Td>{b.operatorName ?? '—'}</Table.Td>
                  <Table.Td ta="right">
                    {formatElapsed(b.overdueSec * 1000, lang)}
                    {b.firstContactAt ? '' : ` (${t('dashboard.sla.notContacted')})`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </>
  );
}
