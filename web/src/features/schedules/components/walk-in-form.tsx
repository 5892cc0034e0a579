import { Alert, Button, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatTime } from '../../../lib/format';
import { ErrorAlert } from '../../../ui/error-alert';
import { useDoctors, useServices } from '../../catalog';
import { useBookAppointment } from '../api/book-appointment';
import { setAppointmentStatus } from '../api/change-appointment';
import { type Slot, useAvailability } from '../api/get-availability';
import { emptyPatientChoice, PatientFields, patientOfChoice, type PatientChoice } from './patient-fields';

/** Someone at the desk without an appointment: the nearest free time today for the service, booked and marked arrived. */
export function WalkInForm({ branchId, dayEndMs, zone, onDone }: { branchId: string; dayEndMs: number; zone: string; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useServices().data ?? [];
  const doctors = useDoctors(branchId).data ?? [];
  const [patient, setPatient] = useState<PatientChoice>(emptyPatientChoice);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [from] = useState(() => new Date().toISOString());
  const [chosen, setChosen] = useState<Slot | null>(null);
  const book = useBookAppointment();
  const [marking, setMarking] = useState(false);
  const availability = useAvailability(serviceId ? { serviceId, branchId, from, to: new Date(dayEndMs).toISOString() } : null);
  const offered = (availability.data ?? []).slice(0, 8);
  const slot = chosen ?? offered[0] ?? null;
  const who = patientOfChoice(patient);

  const submit = () => {
    if (!slot || !serviceId || !who) return;
    book.mutate(
      { doctorId: slot.doctorId, serviceId, branchId, startsAt: slot.startsAt, channel: 'walk_in', ...who },
      {
        onSuccess: async (appointment) => {
          setMarking(true);
          await setAppointmentStatus(appointment.id, 'arrived').catch(() => undefined);
          setMarking(false);
          notifications.show({ color: 'teal', message: t('schedule.walkInDone') });
          onDone();
        },
        onError: () => setChosen(null),
      },
    );
  };

  return (
    <Stack gap="sm">
      <PatientFields value={patient} onChange={setPatient} />
      <Select
        label={t('booking.service')}
        placeholder={t('booking.servicePlaceholder')}
        value={serviceId}
        searchable
        allowDeselect={false}
        onChange={(v) => {
          setServiceId(v);
          setChosen(null);
        }}
        data={services.filter((s) => doctors.some((d) => d.services.some((x) => x.serviceId === s.id))).map((s) => ({ value: s.id, label: s.name }))}
        comboboxProps={{ withinPortal: true }}
      />
      {serviceId &&
        (availability.isLoading ? (
          <Loader role="status" size="sm" aria-label={t('common.loading')} />
        ) : offered.length === 0 ? (
          <Alert color="orange" variant="light">
            {t('schedule.walkInNone')}
          </Alert>
        ) : (
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              {t('schedule.walkInNext')}
            </Text>
            <Group gap={6}>
              {offered.map((s) => {
                const active = slot?.startsAt === s.startsAt && slot.doctorId === s.doctorId;
                return (
                  <Button
                    key={`${s.doctorId}-${s.startsAt}`}
                    size="compact-sm"
                    variant={active ? 'filled' : 'light'}
                    aria-pressed={active}
                    onClick={() => setChosen(s)}
                  >
                    {formatTime(s.startsAt, zone, lang)} · {doctors.find((d) => d.id === s.doctorId)?.fullName}
                  </Button>
                );
              })}
            </Group>
          </Stack>
        ))}
      {book.isError && <ErrorAlert error={book.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button onClick={submit} disabled={!slot || !who} loading={book.isPending || marking}>
          {t('schedule.walkInSubmit')}
        </Button>
      </Group>
    </Stack>
  );
}
