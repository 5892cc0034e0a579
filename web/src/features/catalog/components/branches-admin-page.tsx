import { ActionIcon, Badge, Button, Group, Modal, Paper, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { saveCsv } from '../../../lib/csv';
import { formatTime } from '../../../lib/format';
import { CsvButton } from '../../../ui/csv-button';
import { ScreenHeader, TablePanel } from '../../../ui/list-screen';
import { ErrorAlert } from '../../../ui/error-alert';
import { useNow } from '../../../ui/use-now';
import { ClockInput } from '../../../ui/clock-input';
import { WeekdayPicker, weekdaysText } from '../../../ui/weekday-picker';
import { useSaveBranch } from '../api/admin';
import { type Branch, useBranches } from '../api/get-branches';

const ZONES = Intl.supportedValuesOf('timeZone');
type Hours = { weekdays: number[]; start: string; end: string };

/** Branches: address, phone, time zone (every date and deadline of the branch is read in it) and call-center hours. */
export function BranchesAdminPage() {
  const { t } = useTranslation();
  const branches = useBranches();
  const [editing, setEditing] = useState<Branch | 'new' | null>(null);
  const hoursText = (hours: Hours[]) =>
    hours.length ? hours.map((h) => `${weekdaysText(t, h.weekdays)} ${h.start}–${h.end}`).join('; ') : t('branchesAdmin.roundTheClock');
  return (
    <Stack gap="md">
      <ScreenHeader title={t('manage.nav.branches')}>
        <CsvButton
          onDownload={() =>
            saveCsv(
              'branches',
              ['name', 'address', 'phone', 'timezone', 'callCenterHours', 'active'],
              (branches.data ?? []).map((b) => [b.name, b.address, b.phone, b.timezone, hoursText(b.callCenterHours), b.active]),
            )
          }
        />
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          {t('branchesAdmin.add')}
        </Button>
      </ScreenHeader>
      <TablePanel query={branches} columns={[t('manage.name'), t('branchesAdmin.timezone'), t('branchesAdmin.hours'), t('staffAdmin.status')]}>
        {(data) =>
          data.map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {b.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {[b.address, b.phone].filter(Boolean).join(' · ')}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{b.timezone}</Text>
                <LocalTime zone={b.timezone} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{hoursText(b.callCenterHours)}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={b.active ? 'teal' : 'gray'} variant={b.active ? 'light' : 'outline'}>
                  {b.active ? t('manage.active') : t('manage.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">
                <Button size="compact-sm" variant="subtle" onClick={() => setEditing(b)} aria-label={t('manage.editWhat', { name: b.name })}>
                  {t('manage.edit')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))
        }
      </TablePanel>
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        size="lg"
        title={editing === 'new' ? t('branchesAdmin.add') : editing ? t('manage.editWhat', { name: editing.name }) : ''}
      >
        {editing && <BranchForm branch={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

function LocalTime({ zone }: { zone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const now = useNow();
  return (
    <Text size="xs" c="dimmed">
      {t('branchesAdmin.localTime', { time: formatTime(now, zone, lang) })}
    </Text>
  );
}

function BranchForm({ branch, onDone }: { branch: Branch | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveBranch();
  const [name, setName] = useState(branch?.name ?? '');
  const [address, setAddress] = useState(branch?.address ?? '');
  const [phone, setPhone] = useState(branch?.phone ?? '');
  const [timezone, setTimezone] = useState<string | null>(branch?.timezone ?? 'Europe/Moscow');
  const [hours, setHours] = useState<Hours[]>(branch?.callCenterHours ?? [{ weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '21:00' }]);
  const [active, setActive] = useState(branch?.active ?? true);
  const change = (i: number, patch: Partial<Hours>) => setHours((all) => all.map((h, j) => (j === i ? { ...h, ...patch } : h)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        ...(branch ? { id: branch.id, active } : {}),
        name: name.trim(),
        address: address.trim(),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        timezone: timezone!,
        callCenterHours: hours,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('manage.saved') });
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label={t('manage.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
        <TextInput label={t('branchesAdmin.address')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} />
        <TextInput
          label={t('branchesAdmin.phone')}
          description={t('branchesAdmin.phoneHint')}
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
        />
        <Select label={t('branchesAdmin.timezone')} required searchable data={ZONES} value={timezone} onChange={setTimezone} limit={50} />
        <Text size="sm" fw={500}>
          {t('branchesAdmin.hours')}
        </Text>
        <Text size="xs" c="dimmed" mt={-8}>
          {t('branchesAdmin.hoursHint')}
        </Text>
        {hours.map((h, i) => (
          <Paper key={i} withBorder p="xs" radius="sm">
            <Group align="flex-end" gap="sm" wrap="wrap">
              <WeekdayPicker label={t('branchesAdmin.weekdays')} value={h.weekdays} onChange={(weekdays) => change(i, { weekdays })} />
              <ClockInput label={t('branchesAdmin.from')} w={110} value={h.start} onChange={(v) => change(i, { start: v })} />
              <ClockInput label={t('branchesAdmin.to')} w={110} value={h.end} onChange={(v) => change(i, { end: v })} />
              <ActionIcon
                variant="subtle"
                color="red"
                mb={4}
                aria-label={t('branchesAdmin.removeHours')}
                onClick={() => setHours((all) => all.filter((_, j) => j !== i))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          </Paper>
        ))}
        <Group>
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setHours((all) => [...all, { weekdays: [6, 7], start: '10:00', end: '18:00' }])}
          >
            {t('branchesAdmin.addHours')}
          </Button>
        </Group>
        {branch && <Switch label={t('manage.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />}
        {save.isError && <ErrorAlert error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!name.trim() || !timezone}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
