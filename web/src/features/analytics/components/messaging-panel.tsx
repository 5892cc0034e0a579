import '../../../i18n/messaging';
import { Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatElapsed, formatNumber, formatPercent, type Lang } from '../../../lib/format';
import { Chart, type ChartOption } from '../../../ui/chart';
import { DataState } from '../../../ui/data-state';
import { SectionCard } from '../../../ui/section-card';
import { type MessagingReport, useMessagingReport } from '../api/get-messaging-report';
import type { ReportScope } from '../api/report-query';
import { AXIS_LABEL, SPLIT_LINE } from './palette';
import classes from './tables.module.css';

const seconds = (value: number | null, lang: Lang) => (value === null ? '—' : formatElapsed(value * 1000, lang));
const REMINDED = '#0ca678';
const NOT_REMINDED = '#ff922b';

/** What talking to patients does: confirmations, no-shows with and without a reminder, reply times, ratings and recalls. */
export function MessagingPanel({ scope }: { scope: ReportScope }) {
  const { t } = useTranslation();
  const report = useMessagingReport(scope);
  return (
    <DataState query={report}>
      {(r) => (
        <Stack gap="md">
          <Figures report={r} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <SectionCard title={t('messagingReport.noShows')}>
              <NoShowChart report={r} />
              <NoShowTable report={r} />
            </SectionCard>
            <SectionCard title={t('messagingReport.ratings')}>
              <RatingsTable report={r} />
            </SectionCard>
            <SectionCard title={t('messagingReport.recall')}>
              <RecallTable report={r} />
            </SectionCard>
          </SimpleGrid>
          <SectionCard title={t('messagingReport.delivery')}>
            <DeliveryTable report={r} />
          </SectionCard>
        </Stack>
      )}
    </DataState>
  );
}

function Figures({ report: r }: { report: MessagingReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const n = (v: number) => formatNumber(v, lang);
  const figures = [
    {
      label: t('messagingReport.confirmationRate'),
      value: formatPercent(r.confirmations.confirmationRate, lang),
      note: t('messagingReport.confirmationNote', { confirmed: n(r.confirmations.confirmedByPatient), reminded: n(r.confirmations.reminded) }),
    },
    {
      label: t('messagingReport.noShowWith'),
      value: formatPercent(r.withReminder.noShowRate, lang),
      note: t('messagingReport.noShowNote', { noShows: n(r.withReminder.noShows), total: n(r.withReminder.visits + r.withReminder.noShows) }),
    },
    {
      label: t('messagingReport.noShowWithout'),
      value: formatPercent(r.withoutReminder.noShowRate, lang),
      note: t('messagingReport.noShowNote', { noShows: n(r.withoutReminder.noShows), total: n(r.withoutReminder.visits + r.withoutReminder.noShows) }),
    },
    {
      label: t('messagingReport.replyMedian'),
      value: seconds(r.replies.medianSec, lang),
      note: t('messagingReport.replyNote', { p90: seconds(r.replies.p90Sec, lang), answered: n(r.replies.answered), inbound: n(r.replies.inbound) }),
    },
    {
      label: t('messagingReport.recallConversion'),
      value: formatPercent(r.recall.conversionRate, lang),
      note: t('messagingReport.recallNote', { booked: n(r.recall.booked), messaged: n(r.recall.messaged) }),
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
      {figures.map((f) => (
        <Paper key={f.label} withBorder radius="md" p="sm" role="group" aria-label={f.label}>
          <Text size="xs" c="dimmed" fw={600}>
            {f.label}
          </Text>
          <Text fw={700} fz={24} lh={1.3}>
            {f.value}
          </Text>
          <Text size="xs" c="dimmed">
            {f.note}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function NoShowChart({ report: r }: { report: MessagingReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 12, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatPercent(v as number | null, lang) },
      xAxis: { type: 'category', data: [t('messagingReport.withReminder'), t('messagingReport.withoutReminder')], axisLabel: AXIS_LABEL },
      yAxis: { type: 'value', axisLabel: { ...AXIS_LABEL, formatter: (v: number) => formatPercent(v, lang) }, splitLine: SPLIT_LINE },
      series: [
        {
          name: t('messagingReport.noShowRate'),
          type: 'bar',
          barMaxWidth: 64,
          data: [
            { value: r.withReminder.noShowRate, itemStyle: { color: REMINDED } },
            { value: r.withoutReminder.noShowRate, itemStyle: { color: NOT_REMINDED } },
          ],
        },
      ],
    }),
    [r, t, lang],
  );
  return <Chart option={option} height={200} label={t('messagingReport.noShows')} />;
}

function NoShowTable({ report: r }: { report: MessagingReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = [
    [t('messagingReport.withReminder'), r.withReminder],
    [t('messagingReport.withoutReminder'), r.withoutReminder],
  ] as const;
  return (
    <div className={classes.scroll}>
      <Table verticalSpacing={4} className={classes.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('messagingReport.group')}</Table.Th>
            <Table.Th ta="right">{t('messagingReport.appointments')}</Table.Th>
            <Table.Th ta="right">{t('messagingReport.visits')}</Table.Th>
            <Table.Th ta="right">{t('messagingReport.noShowCount')}</Table.Th>
            <Table.Th ta="right">{t('messagingReport.noShowRate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(([label, g]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" fw={500}>
                {label}
              </Table.Th>
              <Table.Td ta="right">{formatNumber(g.appointments, lang)}</Table.Td>
              <Table.Td ta="right">{formatNumber(g.visits, lang)}</Table.Td>
              <Table.Td ta="right">{formatNumber(g.noShows, lang)}</Table.Td>
              <Table.Td ta="right">{formatPercent(g.noShowRate, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function RatingsTable({ report: r }: { report: MessagingReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!r.ratings.length)
    return (
      <Text size="sm" c="dimmed">
        {t('messagingReport.noRatings')}
      </Text>
    );
  return (
    <div className={classes.scroll}>
      <Table verticalSpacing={4} className={classes.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('messagingReport.doctor')}</Table.Th>
            <Table.Th ta="right">{t('messagingReport.ratingsCount')}</Table.Th>
            <Table.Th ta="right">{t('messagingReport.average')}</Table.Th>
            <Table.Th ta="right">{t('messagingReport.low')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.ratings.map((d) => (
            <Table.Tr key={d.doctorId}>
              <Table.Th scope="row" fw={500}>
                {d.name ?? '—'}
              </Table.Th>
              <Table.Td ta="right">{formatNumber(d.ratings, lang)}</Table.Td>
              <Table.Td ta="right">{formatNumber(d.average, lang)}</Table.Td>
              <Table.Td ta="right" c={d.low ? 'red.8' : undefined}>
                {formatNumber(d.low, lang)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function RecallTable({ report: r }: { report: MessagingReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows: Array<[string, string]> = [
    [t('messagingReport.messaged'), formatNumber(r.recall.messaged, lang)],
    [t('messagingReport.booked'), formatNumber(r.recall.booked, lang)],
    [t('messagingReport.recallConversion'), formatPercent(r.recall.conversionRate, lang)],
    [t('messagingReport.recallLeads'), formatNumber(r.recall.leads, lang)],
    [t('messagingReport.recallLeadsBooked'), formatNumber(r.recall.leadsBooked, lang)],
  ];
  return (
    <Table verticalSpacing={4} className={classes.table}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" fw={500}>
              {label}
            </Table.Th>
            <Table.Td ta="right">{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DeliveryTable({ report: r }: { report: MessagingReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!r.delivery.length)
    return (
      <Text size="sm" c="dimmed">
        {t('messagingReport.noDelivery')}
      </Text>
    );
  const cols = ['total', 'sent', 'delivered', 'failed', 'cancelled', 'queued'] as const;
  return (
    // Reachable by keyboard when it scrolls sideways on a narrow screen.
    <div className={classes.scroll} tabIndex={0} role="region" aria-label={t('messagingReport.delivery')}>
      <Table verticalSpacing={4} className={classes.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('messagingReport.channel')}</Table.Th>
            <Table.Th>{t('messagingReport.purpose')}</Table.Th>
            {cols.map((c) => (
              <Table.Th key={c} ta="right">
                {t(`messagingReport.${c}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.delivery.map((d) => (
            <Table.Tr key={`${d.channel}-${d.purpose}`}>
              <Table.Td>{t(`thread.channels.${d.channel}` as 'thread.channels.sms', { defaultValue: d.channel })}</Table.Td>
              <Table.Td>{t(`thread.purposes.${d.purpose}` as 'thread.purposes.reply', { defaultValue: d.purpose })}</Table.Td>
              {cols.map((c) => (
                <Table.Td key={c} ta="right">
                  {formatNumber(d[c], lang)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
