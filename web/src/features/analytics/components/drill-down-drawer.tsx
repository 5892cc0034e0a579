import { Anchor, Badge, Button, Drawer, Group, Loader, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { allPages } from '../../../api/client';
import { useLang } from '../../../i18n';
import { saveCsv } from '../../../lib/csv';
import { formatDateTime, formatNumber, formatPhone } from '../../../lib/format';
import { CsvButton } from '../../../ui/csv-button';
import { ErrorAlert } from '../../../ui/error-alert';
import { useBranches, zoneOf } from '../../catalog';
import { ChannelBadge } from '../../leads';
import { useStaffNames } from '../../staff';
import { type DrillDownFilter, getLeadsPage, useDrillDown } from '../api/get-drill-down';

/** The most leads a CSV of a drill-down holds (a year of one channel can be tens of thousands). */
const CSV_LIMIT = 5000;

export interface DrillDown {
  title: string;
  filter: DrillDownFilter;
  /** The figure of the cell that was opened: what the list adds up to. */
  count: number;
}

/** The leads behind a chart bar or a table cell, as the lead list gives them (same definitions as the report). */
export function DrillDownDrawer({ drill, onClose }: { drill: DrillDown | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const leads = useDrillDown(drill?.filter ?? null);
  const branches = useBranches().data;
  const staffName = useStaffNames(!!drill);
  const rows = leads.data?.pages.flatMap((p) => p.data) ?? [];

  const download = async () => {
    const all = (await allPages((cursor) => getLeadsPage(drill!.filter, cursor))).slice(0, CSV_LIMIT);
    saveCsv(
      `leads-${drill!.filter.from}-${drill!.filter.to}`,
      ['createdAt', 'name', 'phone', 'channel', 'campaign', 'status', 'operator', 'leadId'],
      all.map((l) => [l.createdAt, l.name, l.phone, l.channel, l.utm.campaign, l.status, staffName(l.assignedOperatorId), l.id]),
    );
  };

  return (
    <Drawer opened={!!drill} onClose={onClose} position="right" size="xl" title={drill?.title} aria-label={drill?.title}>
      {drill && (
        <Stack gap="sm">
          <Group justify="space-between">
            <Text fw={600}>{t('dashboard.drill.count', { value: formatNumber(drill.count, lang) })}</Text>
            <Group gap="xs">
              {drill.count > CSV_LIMIT && (
                <Text size="xs" c="dimmed">
                  {t('dashboard.drill.csvLimit', { count: CSV_LIMIT })}
                </Text>
              )}
              <CsvButton onDownload={download} label={t('dashboard.drill.csvAll')} />
            </Group>
          </Group>
          {leads.isError ? (
            <ErrorAlert error={leads.error} onRetry={() => void leads.refetch()} />
          ) : leads.isLoading ? (
            <Loader role="status" size="sm" aria-label={t('common.loading')} />
          ) : !rows.length ? (
            <Text c="dimmed">{t('dashboard.drill.empty')}</Text>
          ) : (
            <ScrollArea>
              <Table verticalSpacing="xs" striped aria-label={drill.title}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('dashboard.drill.arrived')}</Table.Th>
                    <Table.Th>{t('dashboard.drill.person')}</Table.Th>
                    <Table.Th>{t('dashboard.drill.channel')}</Table.Th>
                    <Table.Th>{t('dashboard.drill.campaign')}</Table.Th>
                    <Table.Th>{t('dashboard.drill.status')}</Table.Th>
                    <Table.Th>{t('dashboard.operators.name')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((l) => (
                    <Table.Tr key={l.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm">{formatDateTime(l.createdAt, zoneOf(branches, l.branchId), lang)}</Text>
                      </Table.Td>
                      <Table.Td>
                        {l.restricted ? (
                          <Text size="sm" c="dimmed">
                            {t('common.hiddenPerson')}
                          </Text>
                        ) : (
                          <>
                            <Anchor component={Link} to={`/patients/${l.patientId}`} size="sm" fw={600}>
                              {l.name ?? t('common.unknownPerson')}
                            </Anchor>
                            <Text size="xs" c="dimmed">
                              {formatPhone(l.phone)}
                            </Text>
                          </>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <ChannelBadge channel={l.channel} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{l.utm.campaign ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="outline" color="gray">
                          {t(`leadStatus.${l.status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{staffName(l.assignedOperatorId) ?? '—'}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
          {leads.hasNextPage && (
            <Button variant="light" onClick={() => void leads.fetchNextPage()} loading={leads.isFetchingNextPage}>
              {t('dashboard.drill.more')}
            </Button>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
