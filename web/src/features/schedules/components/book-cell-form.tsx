import { Button, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatDate, formatMoney, formatTime } from '../../../lib/format';
import { ErrorAlert } from '../../../ui/error-alert';
import { type Doctor, useServices } from '../../catalog';
import { useBookAppointment } from '../api/book-appointment';
import { emptyPatientChoice, PatientFields, patientOfChoice, type PatientChoice } from './patient-fields';

/** Booking into an empty cell of the grid: the doctor and time are the cell's; the patient and service are chosen here. */
export function BookCellForm({
  doctor,
  branchId,
  startMs,
  zone,
  onDone,
}: {
  doctor: Doctor;
  branchId: string;
  startMs: number;
  zone: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const services = (useServices().data ?? []).filter((s) => doctor.services.some((d) => d.serviceId === s.id));
  const [serviceId, setServiceId] = useState<string | null>(services.length === 1 ? services[0]!.id : null);
  const [patient, setPatient] = useState<PatientChoice>(emptyPatientChoice);
  const [channel, setChannel] = useState<'phone' | 'walk_in' | 'other'>('phone');
  const [note, setNote] = useState('');
  const book = useBookAppointment();
  const who = patientOfChoice(patient);

  const submit = () => {
    if (!who || !serviceId) return;
    book.mutate(
      { doctorId: doctor.id, serviceId, branchId, startsAt: new Date(startMs).toISOString(), channel, note: note.trim() || undefined, ...who },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('schedule.booked') });
          onDone();
        },
      },
    );
  };

  return (
    <Stack gap="sm">
      <Text fw={600}>
        {doctor.fullName} · {formatDate(startMs, zone, lang)}, {formatTime(startMs, zone, lang)}
      </Text>
      <PatientFields value={patient} onChange={setPatient} />
      <Select
        label={t('booking.service')}
        placeholder={t('booking.servicePlaceholder')}
        required
        value={serviceId}
        onChange={setServiceId}
        searchable
        allowDeselect={false}
        data={services.map((s) => ({
          value: s.id,
          label: `${s.name} · ${t('booking.duration', { count: s.durationMin })} · ${formatMoney(doctor.services.find((d) => d.serviceId === s.id)?.price ?? s.price, s.currency, lang)}`,
        }))}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label={t('schedule.channel')}
        value={channel}
        onChange={(v) => setChannel((v as typeof channel) ?? 'phone')}
        allowDeselect={false}
        data={(['phone', 'walk_in', 'other'] as const).map((c) => ({ value: c, label: t(`schedule.channels.${c}`) }))}
        comboboxProps={{ withinPortal: true }}
      />
      <Textarea label={t('booking.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} maxRows={3} />
      {book.isError && <ErrorAlert error={book.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button onClick={submit} disabled={!who || !serviceId} loading={book.isPending}>
          {t('booking.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
