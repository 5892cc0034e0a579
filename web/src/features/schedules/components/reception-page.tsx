import { ActionIcon, Box, Button, Drawer, Group, Loader, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight, IconUserPlus } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useLang } from '../../../i18n';
import { zoneLabel } from '../../../lib/format';
import { addDays, localDateOf, localMinutesOf, zonedInstant } from '../../../lib/zoned-time';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { useNow } from '../../../ui/use-now';
import { useUser } from '../../auth';
import { useBranches, useDoctors, useServices } from '../../catalog';
import { type Patient, PatientPicker, patientName } from '../../patients';
import { useMoveAppointment } from '../api/change-appointment';
import { type Appointment, useDayAppointments } from '../api/get-day-appointments';
import { useWorkingTime } from '../api/get-working-time';
import { AppointmentDetails } from './appointment-drawer';
import { BookCellForm } from './book-cell-form';
import { DayGrid, type GridColumn } from './day-grid';
import { PatientAppointments } from './patient-appointments';
import { WalkInForm } from './walk-in-form';

const DATE_FORMAT = 'dd, D MMMM YYYY';

/** The receptionist's day: a branch's doctors side by side, booking, moving, visits' progress, walk-ins. */
export function ReceptionPage() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const branches = useBranches();
  const branchId = params.get('branch') ?? user.branchIds[0] ?? branches.data?.[0]?.id;
  const branch = branches.data?.find((b) => b.id === branchId);
  const zone = branch?.timezone ?? 'UTC';
  const today = localDateOf(zone, now);
  const date = params.get('date') ?? today;
  const dayStart = zonedInstant(zone, date);
  const dayEnd = zonedInstant(zone, addDays(date, 1));

  const working = useWorkingTime(branch?.id, date);
  const doctors = useDoctors(branch?.id, !!branch);
  const services = useServices().data;
  const appointments = useDayAppointments(branch?.id, new Date(dayStart).toISOString(), new Date(dayEnd).toISOString());
  const move = useMoveAppointment();

  const [cell, setCell] = useState<{ doctorId: string; startMs: number } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [walkIn, setWalkIn] = useState(false);
  const [found, setFound] = useState<Patient | null>(null);

  const columns = useMemo<GridColumn[]>(() => {
    if (!working.data || !doctors.data) return [];
    return working.data.doctors.flatMap(({ doctorId, intervals }) => {
      const doctor = doctors.data.find((d) => d.id === doctorId);
      if (!doctor) return [];
      const work = intervals.map((i): [number, number] => [
        localMinutesOf(zone, Date.parse(i.startsAt)),
        localMinutesOf(zone, Date.parse(i.endsAt)) || 24 * 60,
      ]);
      return [{ doctor, work }];
    });
  }, [working.data, doctors.data, zone]);

  const serviceName = (id: string) => services?.find((s) => s.id === id)?.name ?? '';
  const patientLabel = (a: Appointment) => patientName(a.patient) ?? (a.patient.restricted ? t('common.hiddenPerson') : t('common.unknownPerson'));
  const go = (next: Record<string, string>) => setParams((p) => ({ ...Object.fromEntries(p), ...next }));
  const open = appointments.data?.find((a) => a.id === openId);
  const cellDoctor = doctors.data?.find((d) => d.id === cell?.doctorId);
  const loading = branches.isLoading || working.isLoading || doctors.isLoading || appointments.isLoading;
  const error = branches.error ?? working.error ?? doctors.error ?? appointments.error;

  return (
    <Stack gap="sm" p="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="wrap" align="center">
          <Title order={1} size="h3">
            {t('schedule.title')}
          </Title>
          <Select
            aria-label={t('schedule.branch')}
            size="sm"
            w={300}
            allowDeselect={false}
            value={branch?.id ?? null}
            data={(branches.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
            onChange={(v) => v && go({ branch: v })}
            comboboxProps={{ withinPortal: true }}
          />
          <Group gap={4}>
            <ActionIcon variant="default" size="lg" aria-label={t('schedule.prevDay')} onClick={() => go({ date: addDays(date, -1) })}>
              <IconChevronLeft size={18} />
            </ActionIcon>
            <DatePickerInput
              aria-label={`${t('schedule.date')}: ${dayjs(date).format(DATE_FORMAT)}`}
              size="sm"
              w={190}
              value={date}
              valueFormat={DATE_FORMAT}
              onChange={(v) => v && go({ date: String(v).slice(0, 10) })}
              popoverProps={{ withinPortal: true }}
            />
            <ActionIcon variant="default" size="lg" aria-label={t('schedule.nextDay')} onClick={() => go({ date: addDays(date, 1) })}>
              <IconChevronRight size={18} />
            </ActionIcon>
            <Button variant="default" size="sm" onClick={() => go({ date: today })} disabled={date === today}>
              {t('schedule.today')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            {t('common.timeZone', { zone: `${branch?.timezone ?? ''} (${zoneLabel(zone, lang)})` })}
          </Text>
        </Group>
        <Group gap="sm">
          <Box w={280}>
            <PatientPicker label={t('schedule.findPatient')} hideLabel onPick={setFound} />
          </Box>
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setWalkIn(true)} disabled={!branch}>
            {t('schedule.walkIn')}
          </Button>
        </Group>
      </Group>
      {error ? (
        <ErrorAlert error={error} />
      ) : loading ? (
        <Loader role="status" aria-label={t('common.loading')} />
      ) : columns.length === 0 ? (
        <Text c="dimmed">{t('schedule.noDoctors')}</Text>
      ) : (
        <>
          <DayGrid
            date={date}
            zone={zone}
            stepMin={working.data!.slotStepMin}
            columns={columns}
            appointments={appointments.data ?? []}
            nowMs={now}
            serviceName={serviceName}
            patientLabel={patientLabel}
            onEmptyCell={(doctorId, startMs) => setCell({ doctorId, startMs })}
            onOpen={(a) => setOpenId(a.id)}
            onMove={(a, doctorId, startMs) => {
              if (a.doctorId === doctorId && Date.parse(a.startsAt) === startMs) return;
              move.mutate(
                { id: a.id, startsAt: new Date(startMs).toISOString(), ...(doctorId !== a.doctorId ? { doctorId } : {}) },
                {
                  onSuccess: () => notifications.show({ color: 'teal', message: t('schedule.moved') }),
                  onError: (e) => notifications.show({ color: 'red', title: t('schedule.moveTitle'), message: errorText(t, e, i18n.language) }),
                },
              );
            }}
          />
          <Text size="xs" c="dimmed">
            {t('schedule.dragHint')}
          </Text>
        </>
      )}
      <Modal opened={!!cell && !!cellDoctor} onClose={() => setCell(null)} title={t('schedule.bookTitle')} size="lg">
        {cell && cellDoctor && branch && (
          <BookCellForm doctor={cellDoctor} branchId={branch.id} startMs={cell.startMs} zone={zone} onDone={() => setCell(null)} />
        )}
      </Modal>
      <Modal opened={walkIn} onClose={() => setWalkIn(false)} title={t('schedule.walkInTitle')} size="lg">
        {walkIn && branch && <WalkInForm branchId={branch.id} dayEndMs={zonedInstant(zone, addDays(today, 1))} zone={zone} onDone={() => setWalkIn(false)} />}
      </Modal>
      <Modal opened={found !== null} onClose={() => setFound(null)} title={t('schedule.upcomingFor')} size="lg">
        {found && (
          <PatientAppointments
            patient={found}
            onShow={(a) => {
              setFound(null);
              go({ branch: a.branchId, date: localDateOf(branches.data?.find((b) => b.id === a.branchId)?.timezone ?? zone, Date.parse(a.startsAt)) });
              setOpenId(a.id);
            }}
          />
        )}
      </Modal>
      <Drawer opened={!!open} onClose={() => setOpenId(null)} title={t('schedule.details')} position="right" size="md">
        {open && (
          <AppointmentDetails
            key={open.id + open.status + open.startsAt}
            appointment={open}
            serviceName={serviceName(open.serviceId)}
            zone={zone}
            stepMin={working.data?.slotStepMin ?? 15}
            onClose={() => setOpenId(null)}
          />
        )}
      </Drawer>
    </Stack>
  );
}
