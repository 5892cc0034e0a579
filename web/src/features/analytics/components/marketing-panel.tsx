import { ActionIcon, Button, Modal, SegmentedControl, Stack, Table } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { saveCsv } from '../../../lib/csv';
import { formatAmount, formatLocalDate, formatNumber, formatPercent } from '../../../lib/format';
import { CsvButton } from '../../../ui/csv-button';
import { DataState } from '../../../ui/data-state';
import { errorText } from '../../../ui/error-text';
import { SectionCard } from '../../../ui/section-card';
import { useBranches } from '../../catalog';
import { downloadReport } from '../api/download-report';
import { type FunnelRow, useFunnel } from '../api/get-funnel';
import { useDeleteSpend, useSpend } from '../api/marketing-spend';
import type { ReportScope } from '../api/report-query';
import type { DrillDown } from './drill-down-drawer';
import { CellButton } from './funnel-table';
import { cellFilter, groupLabel, rowKey, type Stage } from './groups';
import { MarketingChart } from './marketing-chart';
import { SpendForm } from './spend-form';
import classes from './tables.module.css';

type MoneyGrouping = 'channel' | 'campaign';

/** What advertising cost and brought: spend, cost per inquiry, booking and visit, revenue and ROMI by channel or campaign; the spend itself. */
export function MarketingPanel({ scope, currency, onDrill }: { scope: ReportScope; currency: string; onDrill: (drill: DrillDown) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [grouping, setGrouping] = useState<MoneyGrouping>('channel');
  const report = useFunnel(scope, grouping);
  const labelOf = useCallback((row: FunnelRow) => groupLabel(t, grouping, row, lang), [t, grouping, lang]);
  const money = (value: number | null) => formatAmount(value, currency, lang);
  const open = (row: FunnelRow, stage: Stage) =>
    onDrill({
      title: t('dashboard.drill.title', { stage: t(`dashboard.stages.${stage}`), group: labelOf(row) }),
      filter: cellFilter(grouping, row.key, stage, scope, row.channel),
      count: row[stage],
    });

  return (
    <Stack gap="md">
      <SectionCard
        title={t('dashboard.marketing.chart')}
        actions={
          <>
            <SegmentedControl
              size="xs"
              value={grouping}
              onChange={(v) => setGrouping(v as MoneyGrouping)}
              aria-label={t('dashboard.marketing.groupBy')}
              data={(['channel', 'campaign'] as const).map((g) => ({ value: g, label: t(`dashboard.groupings.${g}`) }))}
            />
            <CsvButton onDownload={() => downloadReport('funnel', scope, { groupBy: grouping })} />
          </>
        }
      >
        <DataState query={report}>
          {(data) => (
            <>
              {/* Without money spent or earned the chart would be an empty frame: the table says it. */}
              {data.data.some((r) => r.spend || r.revenue) && (
                <MarketingChart rows={data.data} labelOf={labelOf} currency={currency} onOpen={(row) => open(row, 'leads')} />
              )}
              <div className={classes.scroll} tabIndex={0}>
                <Table verticalSpacing={6} highlightOnHover className={classes.table}>
                  <Table.Thead>
                    <Table.Tr>
                      {(['group', 'spend', 'leads', 'cpl', 'booked', 'costPerBooking', 'visited', 'costPerVisit', 'revenue', 'romi'] as const).map((c) => (
                        <Table.Th key={c} ta={c === 'group' ? undefined : 'right'}>
                          {t(`dashboard.columns.${c}`)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {[...data.data.filter((r) => r.leads || r.spend), data.total].map((row, i, all) => {
                      const total = i === all.length - 1;
                      const label = total ? t('dashboard.total') : labelOf(row);
                      const cell = (stage: Stage) =>
                        total ? (
                          formatNumber(row[stage], lang)
                        ) : (
                          <CellButton
                            value={row[stage]}
                            label={t('dashboard.openLeads', { group: label, stage: t(`dashboard.stages.${stage}`) })}
                            onClick={() => open(row, stage)}
                          />
                        );
                      return (
                        <Table.Tr key={total ? '\u0000total' : rowKey(row)} fw={total ? 700 : undefined}>
                          <Table.Th scope="row" fw={total ? 700 : 500}>
                            {label}
                          </Table.Th>
                          <Table.Td ta="right">{money(row.spend)}</Table.Td>
                          <Table.Td ta="right">{cell('leads')}</Table.Td>
                          <Table.Td ta="right">{money(row.cpl)}</Table.Td>
                          <Table.Td ta="right">{cell('booked')}</Table.Td>
                          <Table.Td ta="right">{money(row.costPerBooking)}</Table.Td>
                          <Table.Td ta="right">{cell('visited')}</Table.Td>
                          <Table.Td ta="right">{money(row.costPerVisit)}</Table.Td>
                          <Table.Td ta="right">{money(row.revenue)}</Table.Td>
                          <Table.Td ta="right" c={row.romi === null ? undefined : row.romi >= 0 ? 'teal.9' : 'red.9'}>
                            {formatPercent(row.romi, lang)}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </div>
            </>
          )}
        </DataState>
      </SectionCard>
      <SpendEntries scope={scope} currency={currency} />
    </Stack>
  );
}

/** The budgets entered for the period, with a way to add and remove them. */
function SpendEntries({ scope, currency }: { scope: ReportScope; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const entries = useSpend(scope);
  const branches = useBranches().data;
  const remove = useDeleteSpend();
  const [adding, setAdding] = useState(false);
  const branchName = (id: string | null) => (id ? (branches?.find((b) => b.id === id)?.name ?? '—') : t('dashboard.marketing.wholeClinic'));
  const describe = (e: { channel: string; campaign: string | null }) =>
    [t(`channels.${e.channel}` as 'channels.other'), e.campaign].filter(Boolean).join(' · ');
  return (
    <SectionCard
      title={t('dashboard.marketing.spendEntries')}
      actions={
        <>
          <CsvButton
            onDownload={() =>
              saveCsv(
                `marketing-spend-${scope.from}-${scope.to}`,
                ['channel', 'campaign', 'branch', 'periodStart', 'periodEnd', 'amount', 'currency'],
                (entries.data ?? []).map((e) => [e.channel, e.campaign, branchName(e.branchId), e.periodStart, e.periodEnd, e.amount, e.currency]),
              )
            }
          />
          <Button size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
            {t('dashboard.marketing.addSpend')}
          </Button>
        </>
      }
    >
      <DataState query={entries} empty={(d) => !d.length} emptyText={t('dashboard.marketing.noEntries')}>
        {(data) => (
          <div className={classes.scroll} tabIndex={0} style={{ maxHeight: 420 }}>
            <Table verticalSpacing={6} className={classes.table} stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dashboard.marketing.channel')}</Table.Th>
                  <Table.Th>{t('dashboard.marketing.branch')}</Table.Th>
                  <Table.Th>{t('dashboard.marketing.period')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.marketing.amount')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...data]
                  .sort((a, b) => b.periodStart.localeCompare(a.periodStart) || a.channel.localeCompare(b.channel))
                  .map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>{describe(e)}</Table.Td>
                      <Table.Td>{branchName(e.branchId)}</Table.Td>
                      <Table.Td>
                        {formatLocalDate(e.periodStart, lang, true)} — {formatLocalDate(e.periodEnd, lang, true)}
                      </Table.Td>
                      <Table.Td ta="right">{formatAmount(e.amount, e.currency, lang)}</Table.Td>
                      <Table.Td ta="right">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('dashboard.marketing.deleteSpend', { what: describe(e) })}
                          loading={remove.isPending && remove.variables === e.id}
                          onClick={() =>
                            remove.mutate(e.id, {
                              onSuccess: () => notifications.show({ color: 'teal', message: t('dashboard.marketing.spendDeleted') }),
                              onError: (error) => notifications.show({ color: 'red', message: errorText(t, error, i18n.language) }),
                            })
                          }
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </DataState>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('dashboard.marketing.addSpend')}>
        {adding && <SpendForm period={scope} currency={currency} onDone={() => setAdding(false)} />}
      </Modal>
    </SectionCard>
  );
}
