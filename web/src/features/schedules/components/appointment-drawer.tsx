import { Anchor, Badge, Button, Divider, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../../../i18n';
import { formatDate, formatMoney, formatPhone, formatTime } from '../../../lib/format';
import { clock, localDateOf, localMinutesOf, minutesOf, zonedInstant } from '../../../lib/zoned-time';
import { ErrorAlert } from '../../../ui/error-alert';
import { useDoctors } from '../../catalog';
import { patientName } from '../../patients';
import { useCancelAppointment, useMoveAppointment, useSetAppointmentStatus } from '../api/change-appointment';
import type { Appointment } from '../api/get-day-appointments';

type Settable = 'confirmed' | 'arrived' | 'completed' | 'no_show';
/** Which next steps to offer for each status (the server decides; a refused one shows its reason). */
const NEXT: Record<Appointment['status'], Settable[]> = {
  scheduled: ['confirmed', 'arrived', 'no_show'],
  confirmed: ['arrived', 'no_show'],
  arrived: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};
const MOVABLE = new Set<Appointment['status']>(['scheduled', 'confirmed']);

/** One appointment: who and what, the visit's next step (arrived, completed, no-show), moving it, cancelling it with a reason. */
export function AppointmentDetails({
  appointment: a,
  serviceName,
  zone,
  stepMin,
  onClose,
}: {
  appointment: Appointment;
  serviceName: string;
  zone: string;
  stepMin: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const doctors = useDoctors(a.branchId).data ?? [];
  const status = useSetAppointmentStatus();
  const move = useMoveAppointment();
  const cancel = useCancelAppointment();
  const [mode, setMode] = useState<'view' | 'move' | 'cancel'>('view');
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(localDateOf(zone, Date.parse(a.startsAt)));
  const [time, setTime] = useState(clock(localMinutesOf(zone, Date.parse(a.startsAt))));
  const [doctorId, setDoctorId] = useState<string | null>(a.doctorId);
  const name = patientName(a.patient) ?? (a.patient.restricted ? t('common.hiddenPerson') : t('common.unknownPerson'));
  const doctor = doctors.find((d) => d.id === a.doctorId);
  const error = status.error ?? move.error ?? cancel.error;

  // The drawer closes when the change is saved. Awaited rather than passed as mutate's onSuccess: the live event of
  // the same change may arrive first and remount this drawer, and a remounted drawer never hears mutate's callbacks.
  const closeWhenSaved = (saved: Promise<unknown>, message: string) => {
    saved.then(
      () => {
        notifications.show({ color: 'teal', message });
        onClose();
      },
      () => undefined, // shown from the mutation's error below
    );
  };
  const times = Array.from({ length: (24 * 60) / stepMin }, (_, i) => clock(i * stepMin));

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to={`/patients/${a.patientId}`} fw={700} size="lg">
            {name}
          </Anchor>
          <Text c="dimmed" size="sm">
            {formatPhone(a.patient.phone)}
          </Text>
        </div>
        <Badge variant="light" size="lg">
          {t(`appointmentStatus.${a.status}`)}
        </Badge>
      </Group>
      <Text>
        {serviceName} · {doctor?.fullName}
      </Text>
      <Text fw={600}>
        {formatDate(a.startsAt, zone, lang)}, {formatTime(a.startsAt, zone, lang)}–{formatTime(a.endsAt, zone, lang)}
      </Text>
      <Text size="sm" c="dimmed">
        {formatMoney(a.price, a.currency, lang)} · {t('schedule.bookedBy', { channel: t(`channels.${a.channel}`) })}
      </Text>
      {a.note && <Text size="sm">{a.note}</Text>}
      {a.cancelReason && (
        <Text size="sm" c="red">
          {t('schedule.cancelReason')}: {a.cancelReason}
        </Text>
      )}
      {error && <ErrorAlert error={error} />}
      {mode === 'view' && (
        <>
          {NEXT[a.status].length > 0 && (
            <Group gap="xs">
              {NEXT[a.status].map((next) => (
                <Button
                  key={next}
                  variant={next === 'no_show' ? 'light' : 'filled'}
                  color={next === 'no_show' ? 'red' : next === 'completed' ? 'green' : 'teal'}
                  loading={status.isPending && status.variables?.status === next}
                  onClick={() => closeWhenSaved(status.mutateAsync({ id: a.id, status: next }), t('schedule.statusDone'))}
                >
                  {t(`schedule.status.${next}`)}
                </Button>
              ))}
            </Group>
          )}
          {MOVABLE.has(a.status) && (
            <Group gap="xs">
              <Button variant="default" onClick={() => setMode('move')}>
                {t('schedule.move')}
              </Button>
              <Button variant="subtle" color="red" onClick={() => setMode('cancel')}>
                {t('schedule.cancel')}
              </Button>
            </Group>
          )}
        </>
      )}
      {mode === 'move' && (
        <Stack gap="xs">
          <Divider label={t('schedule.moveTitle')} labelPosition="left" />
          <Group grow>
            <DatePickerInput
              label={t('schedule.date')}
              value={date}
              onChange={(v) => v && setDate(String(v).slice(0, 10))}
              valueFormat="D MMMM YYYY"
              popoverProps={{ withinPortal: true }}
            />
            <Select
              label={t('schedule.time')}
              data={times}
              value={time}
              onChange={(v) => v && setTime(v)}
              searchable
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          <Select
            label={t('booking.doctor')}
            value={doctorId}
            onChange={setDoctorId}
            allowDeselect={false}
            data={doctors.filter((d) => d.services.some((s) => s.serviceId === a.serviceId)).map((d) => ({ value: d.id, label: d.fullName }))}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={move.isPending}
              onClick={() =>
                closeWhenSaved(
                  move.mutateAsync({
                    id: a.id,
                    startsAt: new Date(zonedInstant(zone, date, minutesOf(time))).toISOString(),
                    ...(doctorId && doctorId !== a.doctorId ? { doctorId } : {}),
                  }),
                  t('schedule.moved'),
                )
              }
            >
              {t('schedule.move')}
            </Button>
          </Group>
        </Stack>
      )}
      {mode === 'cancel' && (
        <Stack gap="xs">
          <Divider label={t('schedule.cancel')} labelPosition="left" />
          <Textarea
            label={t('schedule.cancelReason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            autoFocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              disabled={!reason.trim()}
              loading={cancel.isPending}
              onClick={() => closeWhenSaved(cancel.mutateAsync({ id: a.id, reason: reason.trim() }), t('schedule.cancelled'))}
            >
              {t('schedule.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
