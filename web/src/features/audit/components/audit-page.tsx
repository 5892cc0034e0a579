import { Button, Code, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { saveCsv } from '../../../lib/csv';
import { formatDateTime } from '../../../lib/format';
import { zonedInstant } from '../../../lib/zoned-time';
import { CsvButton } from '../../../ui/csv-button';
import { DataState } from '../../../ui/data-state';
import { useUser } from '../../auth';
import { useBranches, zoneOf } from '../../catalog';
import { useStaff } from '../../staff';
import { type AuditFilter, useAuditEvents } from '../api/audit-events';

/** The activity log: every read and change of people's data and settings, by whom and when (field names, never values). */
export function AuditPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const zone = zoneOf(useBranches().data, user.branchIds[0]);
  const staff = useStaff().data ?? [];
  const [actorId, setActorId] = useState<string | null>(null);
  const [action, setAction] = useState('');
  const [entity, setEntity] = useState('');
  const [entityId, setEntityId] = useState('');
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [typed] = useDebouncedValue({ action: action.trim(), entity: entity.trim(), entityId: entityId.trim() }, 400);
  const filter: AuditFilter = {
    ...(actorId ? { actorId } : {}),
    ...(/^[a-z_.]{1,60}$/.test(typed.action) ? { action: typed.action } : {}),
    ...(/^[a-z_]{1,40}$/.test(typed.entity) ? { entity: typed.entity } : {}),
    ...(typed.entityId ? { entityId: typed.entityId } : {}),
    ...(range[0] ? { from: new Date(zonedInstant(zone, dayjs(range[0]).format('YYYY-MM-DD'))).toISOString() } : {}),
    ...(range[1] ? { to: new Date(zonedInstant(zone, dayjs(range[1]).add(1, 'day').format('YYYY-MM-DD'))).toISOString() } : {}),
  };
  const events = useAuditEvents(filter);
  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];
  const nameOf = (id: string | null) => (id ? (staff.find((s) => s.id === id)?.fullName ?? id) : t('auditAdmin.system'));

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={2} size="h3">
            {t('manage.nav.audit')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('auditAdmin.hint')}
          </Text>
        </div>
        <CsvButton
          onDownload={() =>
            saveCsv(
              'audit-events',
              ['at', 'actor', 'role', 'action', 'entity', 'entityId', 'fields', 'ip', 'requestId'],
              rows.map((e) => [e.at, nameOf(e.actorId), e.actorRole, e.action, e.entity, e.entityId, e.fields.join(' '), e.ip, e.requestId]),
            )
          }
        />
      </Group>
      <Paper withBorder radius="md" p="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            w={220}
            label={t('auditAdmin.actor')}
            clearable
            searchable
            value={actorId}
            onChange={setActorId}
            data={staff.map((s) => ({ value: s.id, label: s.fullName }))}
          />
          <TextInput w={230} label={t('auditAdmin.actionFilter')} value={action} onChange={(e) => setAction(e.currentTarget.value)} />
          <TextInput w={210} label={t('auditAdmin.entityFilter')} value={entity} onChange={(e) => setEntity(e.currentTarget.value)} />
          <TextInput w={230} label={t('auditAdmin.entityIdFilter')} value={entityId} onChange={(e) => setEntityId(e.currentTarget.value)} />
          <DatePickerInput
            type="range"
            w={250}
            label={`${t('auditAdmin.from')} — ${t('auditAdmin.to')}`}
            clearable
            allowSingleDateInRange
            value={range}
            valueFormat="D MMM YYYY"
            onChange={(v) => setRange(v as [string | null, string | null])}
          />
        </Group>
      </Paper>
      <Paper withBorder radius="md">
        <DataState query={events} empty={() => !rows.length} emptyText={t('auditAdmin.empty')}>
          {() => (
            <Table verticalSpacing={6} highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('auditAdmin.at')}</Table.Th>
                  <Table.Th>{t('auditAdmin.actor')}</Table.Th>
                  <Table.Th>{t('auditAdmin.action')}</Table.Th>
                  <Table.Th>{t('auditAdmin.record')}</Table.Th>
                  <Table.Th>{t('auditAdmin.fields')}</Table.Th>
                  <Table.Th>{t('auditAdmin.ip')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{formatDateTime(e.at, zone, lang)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{nameOf(e.actorId)}</Text>
                      {e.actorRole && (
                        <Text size="xs" c="dimmed">
                          {t(`shell.roles.${e.actorRole as 'admin'}`, { defaultValue: e.actorRole })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Code>{e.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.entity}</Text>
                      {e.entityId && (
                        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                          {e.entityId}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{e.fields.join(', ') || '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{e.ip ?? '—'}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </DataState>
        {events.hasNextPage && (
          <Group justify="center" p="sm">
            <Button variant="light" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
              {t('auditAdmin.more')}
            </Button>
          </Group>
        )}
      </Paper>
    </Stack>
  );
}
