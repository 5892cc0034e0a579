import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { saveCsv } from '../../../lib/csv';
import { formatElapsed, formatNumber, formatTime } from '../../../lib/format';
import { CsvButton } from '../../../ui/csv-button';
import { DataState } from '../../../ui/data-state';
import { SectionCard } from '../../../ui/section-card';
import { useNow } from '../../../ui/use-now';
import { useUser } from '../../auth';
import { useBranches, zoneOf } from '../../catalog';
import { type FloorStaff, type FloorView, useFloor } from '../api/get-floor';

const STATUS_COLOR: Record<FloorStaff['status'], string> = { available: 'teal', busy: 'orange', break: 'yellow', offline: 'gray' };
const STATUS_ORDER: FloorStaff['status'][] = ['available', 'busy', 'break', 'offline'];

/** The call center right now: who is on the line, each branch's waiting queue and its oldest inquiry, today's missed deadlines. */
export function FloorPage() {
  const { t } = useTranslation();
  const floor = useFloor();
  return (
    <Stack p="md" gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">
            {t('floor.title')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('floor.live')}
          </Text>
        </div>
      </Group>
      <DataState query={floor}>{(data) => <Floor data={data} />}</DataState>
    </Stack>
  );
}

function Floor({ data }: { data: FloorView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const now = useNow();
  const user = useUser();
  const branches = useBranches().data;
  const zone = zoneOf(branches, user.branchIds[0]);
  const count = (status: FloorStaff['status']) => data.staff.filter((s) => s.role === 'operator' && s.status === status).length;
  const waiting = data.branches.reduce((n, b) => n + b.queue, 0);
  const breaches = data.branches.reduce((n, b) => n + b.breachesToday, 0);
  const branchName = (id: string | null) => (id ? (data.branches.find((b) => b.branchId === id)?.name ?? '—') : t('floor.clinicWide'));
  const staff = [...data.staff].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.fullName.localeCompare(b.fullName));
  const shown = data.branches.filter((b) => b.branchId !== null || b.queue || b.leadsToday);

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
        <Stat label={t('floor.online')} value={count('available')} color="teal" />
        <Stat label={t('floor.busy')} value={count('busy')} color="orange" />
        <Stat label={t('floor.onBreak')} value={count('break')} color="yellow" />
        <Stat label={t('floor.waiting')} value={waiting} color={waiting ? 'red' : 'gray'} />
        <Stat label={t('floor.breaches')} value={breaches} color={breaches ? 'red' : 'gray'} />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('floor.updated', { time: formatTime(data.at, zone, lang) })}
      </Text>
      <SectionCard
        title={t('floor.branches')}
        actions={
          <CsvButton
            onDownload={() =>
              saveCsv(
                'floor-branches',
                ['branch', 'queue', 'oldestWaitingSince', 'leadsToday', 'breachesToday'],
                shown.map((b) => [branchName(b.branchId), b.queue, b.oldestWaitingSince, b.leadsToday, b.breachesToday]),
              )
            }
          />
        }
      >
        <Table verticalSpacing="xs" aria-label={t('floor.branches')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('floor.branch')}</Table.Th>
              <Table.Th ta="right">{t('floor.queue')}</Table.Th>
              <Table.Th ta="right">{t('floor.oldest')}</Table.Th>
              <Table.Th ta="right">{t('floor.leadsToday')}</Table.Th>
              <Table.Th ta="right">{t('floor.breachesToday')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((b) => (
              <Table.Tr key={b.branchId ?? 'none'}>
                <Table.Th scope="row" fw={500}>
                  {branchName(b.branchId)}
                </Table.Th>
                <Table.Td ta="right" fw={700} c={b.queue ? 'red.9' : undefined}>
                  {formatNumber(b.queue, lang)}
                </Table.Td>
                <Table.Td ta="right">
                  {b.oldestWaitingSince ? formatElapsed(now - new Date(b.oldestWaitingSince).getTime(), lang) : t('floor.nobodyWaiting')}
                </Table.Td>
                <Table.Td ta="right">{formatNumber(b.leadsToday, lang)}</Table.Td>
                <Table.Td ta="right" c={b.breachesToday ? 'red.9' : undefined}>
                  {formatNumber(b.breachesToday, lang)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </SectionCard>
      <SectionCard
        title={t('floor.people')}
        actions={
          <CsvButton
            onDownload={() =>
              saveCsv(
                'floor-staff',
                ['name', 'role', 'status', 'since', 'branches'],
                staff.map((s) => [s.fullName, s.role, s.status, s.since, s.branchIds.map(branchName).join('; ')]),
              )
            }
          />
        }
      >
        <Table verticalSpacing="xs" aria-label={t('floor.people')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('floor.name')}</Table.Th>
              <Table.Th>{t('floor.role')}</Table.Th>
              <Table.Th>{t('floor.status')}</Table.Th>
              <Table.Th>{t('floor.since')}</Table.Th>
              <Table.Th>{t('floor.branch')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {staff.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Th scope="row" fw={500}>
                  {s.fullName}
                </Table.Th>
                <Table.Td>{t(`shell.roles.${s.role}`)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[s.status]} variant={s.status === 'offline' ? 'outline' : 'light'}>
                    {t(`presence.${s.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{s.since ? formatElapsed(now - new Date(s.since).getTime(), lang) : t('floor.never')}</Table.Td>
                <Table.Td>
                  <Text size="sm">{s.branchIds.map(branchName).join(', ') || '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </SectionCard>
    </Stack>
  );
}

function Stat({ label, value, color }: { label: string; value: number; color: string }) {
  const lang = useLang();
  return (
    <Paper withBorder radius="md" p="sm" style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }} role="group" aria-label={label}>
      <Text fw={700} fz={28} lh={1.2}>
        {formatNumber(value, lang)}
      </Text>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
    </Paper>
  );
}
