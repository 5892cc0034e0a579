import { ActionIcon, Button, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DataState } from '../../../ui/data-state';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { SectionCard } from '../../../ui/section-card';
import { ClockInput } from '../../../ui/clock-input';
import { WeekdayPicker } from '../../../ui/weekday-picker';
import { type Doctor, useBranches, useDoctors } from '../../catalog';
import { useReplaceWorkingHours, useWorkingHours, type WorkingHours } from '../api/doctor-schedule';

import { Exceptions } from './schedule-exceptions';
import { FreeTime } from './free-time-preview';
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
    <SectionCard title={t('schedulesAdmin.weekly')} order={3} description={t('schedulesAdmin.weeklyHint')}>
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
    </SectionCard>
  );
}
