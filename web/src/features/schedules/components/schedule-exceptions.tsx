import { ActionIcon, Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatLocalDate } from '../../../lib/format';
import { localDateOf } from '../../../lib/zoned-time';
import { DataState } from '../../../ui/data-state';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { SectionCard } from '../../../ui/section-card';
import { ClockInput } from '../../../ui/clock-input';
import { useUser } from '../../auth';
import { type Doctor, useBranches, zoneOf } from '../../catalog';
import { type ScheduleException, useAddException, useExceptions, useRemoveException } from '../api/doctor-schedule';

const KINDS = ['vacation', 'sick_leave', 'day_off', 'extra_hours'] as const;

/** A doctor's vacations, sick leave, days off and extra hours from today on, with adding and removing. */
export function Exceptions({ doctor }: { doctor: Doctor }) {
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
    <SectionCard
      title={t('schedulesAdmin.exceptions')}
      order={3}
      actions={
        <Button size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
          {t('schedulesAdmin.addException')}
        </Button>
      }
    >
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
    </SectionCard>
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
