import { ActionIcon, Badge, Button, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useLang } from '../../../i18n';
import { formatDay, formatLocalDate, formatTime } from '../../../lib/format';
import { addDays, localDateOf } from '../../../lib/zoned-time';
import { DataState } from '../../../ui/data-state';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { ClockInput } from '../../../ui/clock-input';
import { WeekdayPicker } from '../../../ui/weekday-picker';
import { useUser } from '../../auth';
import { type Doctor, useBranches, useDoctors, useServices, zoneOf } from '../../catalog';
import {
  type ScheduleException,
  useAddException,
  useExceptions,
  useRemoveException,
  useReplaceWorkingHours,
  useWorkingHours,
  type WorkingHours,
} from '../api/doctor-schedule';
import { useAvailability } from '../api/get-availability';

/** A doctor's week (per branch, local time), exceptions to it, and the free time that results, to check before saving. */
export function SchedulesAdminPage() {
  const { t } = useTranslation();
  const doctors = useDoctors();
  const [params, setParams] = useSearchParams();
  const doctorId = params.get('doctor') ?? doctors.data?.[0]?.id ?? null;
  const doctor = doctors.data?.find((d) => d.id === doctorId);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          {t('manage.nav.schedules')}
        </Title>
        <Select
          w={320}
          label={t('schedulesAdmin.doctor')}
          placeholder={t('schedulesAdmin.pickDoctor')}
          searchable
          value={doctorId}
          data={(doctors.data ?? []).map((d) => ({ value: d.id, label: d.fullName }))}
          onChange={(v) =>
            v &&
            setParams(
              (p) => {
                const next = new URLSearchParams(p);
                next.set('doctor', v);
                return next;
              },
              { replace: true },
            )
          }
        />
      </Group>
      {!doctor ? (
        <Text c="dimmed">{t('schedulesAdmin.pickDoctor')}</Text>
      ) : (
        <>
          <WeeklyHours key={doctor.id} doctor={doctor} />
          <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
            <Exceptions doctor={doctor} />
            <FreeTime doctor={doctor} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function WeeklyHours({ doctor }: { doctor: Doctor }) {
  const { t, i18n } = useTranslation();
  const hours = useWorkingHours(doctor.id);
  const save = useReplaceWorkingHours(doctor.id);
  const branches = (useBranches().data ?? []).filter((b) => doctor.branchIds.includes(b.id));
  const [rules, setRules] = useState<WorkingHours[] | null>(null);
  useEffect(() => {
    if (hours.data && !rules)
      setRules(
        hours.data.map(({ branchId, weekdays, start, end, validFrom, validTo }) => ({
          branchId,
          weekdays,
          start,
          end,
          ...(validFrom ? { validFrom } : {}),
          ...(validTo ? { validTo } : {}),
        })),
      );
  }, [hours.data, rules]);
  const change = (i: number, patch: Partial<WorkingHours>) => setRules((all) => all!.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5">
        {t('schedulesAdmin.weekly')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('schedulesAdmin.weeklyHint')}
      </Text>
      <DataState query={hours}>
        {() => (
          <Stack gap="xs">
            {(rules ?? []).map((r, i) => (
              <Paper key={i} withBorder p="xs" radius="sm">
                <Group align="flex-end" gap="sm" wrap="wrap">
                  <Select
                    w={220}
                    label={t('schedulesAdmin.branch')}
                    value={r.branchId}
                    allowDeselect={false}
                    onChange={(v) => v && change(i, { branchId: v })}
                    data={branches.map((b) => ({ value: b.id, label: b.name }))}
                  />
                  <WeekdayPicker label={t('branchesAdmin.weekdays')} value={r.weekdays} onChange={(weekdays) => change(i, { weekdays })} />
                  <ClockInput label={t('branchesAdmin.from')} w={100} value={r.start} onChange={(v) => change(i, { start: v })} />
                  <ClockInput label={t('branchesAdmin.to')} w={100} value={r.end} onChange={(v) => change(i, { end: v })} />
                  <DatePickerInput
                    w={150}
                    label={t('schedulesAdmin.validFrom')}
                    clearable
                    value={r.validFrom ?? null}
                    valueFormat="D MMM YYYY"
                    onChange={(v) => change(i, { validFrom: v ? dayjs(v).format('YYYY-MM-DD') : undefined })}
                  />
                  <DatePickerInput
                    w={150}
                    label={t('schedulesAdmin.validTo')}
                    clearable
                    value={r.validTo ?? null}
                    valueFormat="D MMM YYYY"
                    onChange={(v) => change(i, { validTo: v ? dayjs(v).format('YYYY-MM-DD') : undefined })}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mb={4}
                    aria-label={t('schedulesAdmin.removeRule')}
                    onClick={() => setRules((all) => all!.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              </Paper>
            ))}
            {save.isError && <ErrorAlert error={save.error} />}
            <Group justify="space-between">
              <Button
                size="compact-sm"
                variant="light"
                leftSection={<IconPlus size={14} />}
                disabled={!branches.length}
                onClick={() => setRules((all) => [...(all ?? []), { branchId: branches[0]!.id, weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }])}
              >
                {t('schedulesAdmin.addRule')}
              </Button>
              <Button
                loading={save.isPending}
                onClick={() =>
                  save.mutate(rules ?? [], {
                    onSuccess: () => notifications.show({ color: 'teal', message: t('schedulesAdmin.hoursSaved') }),
                    onError: (e) => notifications.show({ color: 'red', message: errorText(t, e, i18n.language) }),
                  })
                }
              >
                {t('schedulesAdmin.saveHours')}
              </Button>
            </Group>
          </Stack>
        )}
      </DataState>
    </Paper>
  );
}

const KINDS = ['vacation', 'sick_leave', 'day_off', 'extra_hours'] as const;

function Exceptions({ doctor }: { doctor: Doctor }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const branches = useBranches().data ?? [];
  const today = localDateOf(zoneOf(branches, doctor.branchIds[0] ?? user.branchIds[0]), Date.now());
  const exceptions = useExceptions(doctor.id, today);
  const remove = useRemoveException(doctor.id);
  const [adding, setAdding] = useState(false);
  const describe = (e: ScheduleException) =>
    `${t(`schedulesAdmin.kinds.${e.kind}`)} ${formatLocalDate(e.dateFrom, lang)}${e.dateTo !== e.dateFrom ? `–${formatLocalDate(e.dateTo, lang)}` : ''}`;
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          {t('schedulesAdmin.exceptions')}
        </Title>
        <Button size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
          {t('schedulesAdmin.addException')}
        </Button>
      </Group>
      <DataState query={exceptions} empty={(d) => !d.length} emptyText={t('schedulesAdmin.noExceptions')}>
        {(data) => (
          <Table verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('schedulesAdmin.kind')}</Table.Th>
                <Table.Th>{t('schedulesAdmin.dates')}</Table.Th>
                <Table.Th>{t('schedulesAdmin.time')}</Table.Th>
                <Table.Th>{t('schedulesAdmin.branch')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Badge variant="light" color={e.kind === 'extra_hours' ? 'teal' : 'orange'}>
                      {t(`schedulesAdmin.kinds.${e.kind}`)}
                    </Badge>
                    {e.reason && (
                      <Text size="xs" c="dimmed">
                        {e.reason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {formatLocalDate(e.dateFrom, lang, true)}
                      {e.dateTo !== e.dateFrom ? ` — ${formatLocalDate(e.dateTo, lang, true)}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.start && e.end ? `${e.start}–${e.end}` : t('schedulesAdmin.wholeDay')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.branchId ? (branches.find((b) => b.id === e.branchId)?.name ?? '—') : t('schedulesAdmin.everyBranch')}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('schedulesAdmin.remove', { what: describe(e) })}
                      onClick={() =>
                        remove.mutate(e.id, {
                          onSuccess: () => notifications.show({ color: 'teal', message: t('schedulesAdmin.removed') }),
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
        )}
      </DataState>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('schedulesAdmin.addException')}>
        {adding && <ExceptionForm doctor={doctor} today={today} onDone={() => setAdding(false)} />}
      </Modal>
    </Paper>
  );
}

function ExceptionForm({ doctor, today, onDone }: { doctor: Doctor; today: string; onDone: () => void }) {
  const { t } = useTranslation();
  const add = useAddException(doctor.id);
  const branches = (useBranches().data ?? []).filter((b) => doctor.branchIds.includes(b.id));
  const [kind, setKind] = useState<(typeof KINDS)[number]>('vacation');
  const [range, setRange] = useState<[string | null, string | null]>([today, today]);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [branchId, setBranchId] = useState<string>(kind === 'extra_hours' ? (branches[0]?.id ?? '') : '');
  const [reason, setReason] = useState('');
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(
          {
            kind,
            dateFrom: dayjs(range[0]).format('YYYY-MM-DD'),
            dateTo: dayjs(range[1] ?? range[0]).format('YYYY-MM-DD'),
            ...(start && end ? { start, end } : {}),
            ...(branchId ? { branchId } : {}),
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          },
          { onSuccess: onDone },
        );
      }}
    >
      <Stack gap="sm">
        <Select
          label={t('schedulesAdmin.kind')}
          value={kind}
          allowDeselect={false}
          onChange={(v) => {
            setKind(v as (typeof KINDS)[number]);
            if (v === 'extra_hours' && !branchId) setBranchId(branches[0]?.id ?? '');
          }}
          data={KINDS.map((k) => ({ value: k, label: t(`schedulesAdmin.kinds.${k}`) }))}
        />
        <DatePickerInput
          type="range"
          allowSingleDateInRange
          label={t('schedulesAdmin.dates')}
          required
          value={range}
          valueFormat="D MMM YYYY"
          onChange={(v) => setRange(v as [string | null, string | null])}
        />
        <Group grow>
          <ClockInput label={t('branchesAdmin.from')} value={start} onChange={setStart} required={kind === 'extra_hours'} w={120} />
          <ClockInput label={t('branchesAdmin.to')} value={end} onChange={setEnd} required={kind === 'extra_hours'} w={120} />
        </Group>
        <Select
          label={t('schedulesAdmin.branch')}
          value={branchId}
          allowDeselect={false}
          onChange={(v) => setBranchId(v ?? '')}
          data={[
            ...(kind === 'extra_hours' ? [] : [{ value: '', label: t('schedulesAdmin.everyBranch') }]),
            ...branches.map((b) => ({ value: b.id, label: b.name })),
          ]}
        />
        <TextInput label={t('schedulesAdmin.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} />
        {add.isError && <ErrorAlert error={add.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={add.isPending} disabled={!range[0]}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function FreeTime({ doctor }: { doctor: Doctor }) {
  const { t } = useTranslation();
  const lang = useLang();
  const branches = useBranches().data ?? [];
  const services = (useServices().data ?? []).filter((s) => doctor.services.some((d) => d.serviceId === s.id));
  const [serviceId, setServiceId] = useState<string | null>(null);
  const chosen = serviceId ?? services[0]?.id ?? null;
  const zone = zoneOf(branches, doctor.branchIds[0]);
  const today = localDateOf(zone, Date.now());
  const slots = useAvailability(chosen ? { serviceId: chosen, doctorId: doctor.id, from: today, to: addDays(today, 6) } : null);
  const days = useMemo(() => {
    const byDay = new Map<string, { zone: string; starts: string[] }>();
    for (const slot of slots.data ?? []) {
      const slotZone = zoneOf(branches, slot.branchId);
      const day = localDateOf(slotZone, Date.parse(slot.startsAt));
      const entry = byDay.get(day) ?? { zone: slotZone, starts: [] };
      entry.starts.push(slot.startsAt);
      byDay.set(day, entry);
    }
    return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [slots.data, branches]);
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="xs" align="flex-end">
        <Title order={3} size="h5">
          {t('schedulesAdmin.preview')}
        </Title>
        <Select
          w={260}
          size="xs"
          label={t('schedulesAdmin.previewService')}
          value={chosen}
          allowDeselect={false}
          onChange={setServiceId}
          data={services.map((s) => ({ value: s.id, label: s.name }))}
        />
      </Group>
      {!chosen ? (
        <Text c="dimmed">{t('schedulesAdmin.noSlots')}</Text>
      ) : (
        <DataState query={slots} empty={() => !days.length} emptyText={t('schedulesAdmin.noSlots')}>
          {() => (
            <Stack gap="xs">
              {days.map(([day, { zone: slotZone, starts }]) => (
                <div key={day}>
                  <Text size="sm" fw={600}>
                    {formatDay(starts[0]!, slotZone, lang)} · {t('schedulesAdmin.slotsOnDay', { count: starts.length })}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {starts
                      .slice(0, 16)
                      .map((s) => formatTime(s, slotZone, lang))
                      .join(' · ')}
                    {starts.length > 16 ? ' …' : ''}
                  </Text>
                </div>
              ))}
            </Stack>
          )}
        </DataState>
      )}
    </Paper>
  );
}
