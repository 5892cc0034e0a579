import { Alert, Box, Button, Group, Loader, Paper, ScrollArea, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { useLang } from '../../../i18n';
import { formatDate, formatDay, formatMoney, formatTime } from '../../../lib/format';
import { DAY_MS, localDateOf } from '../../../lib/zoned-time';
import { ErrorAlert } from '../../../ui/error-alert';
import { type Doctor, DoctorName, useBranches, useDoctors, useServices, zoneOf } from '../../catalog';
import { type Slot, useAvailability } from '../api/get-availability';
import { useBookAppointment } from '../api/book-appointment';
import type { Appointment } from '../api/get-day-appointments';

export interface BookingPickerProps {
  patient: { id: string; name: string | null };
  leadId?: string;
  branchId?: string | null;
  serviceId?: string | null;
  doctorId?: string | null;
  onBooked: (appointment: Appointment) => void;
}

const WEEK_MS = 7 * DAY_MS;

/** Service -> free times across doctors, grouped by day and doctor; one click and a confirmation book it. */
export function BookingPicker(props: BookingPickerProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const branches = useBranches().data;
  const services = useServices().data;
  const doctors = useDoctors().data;
  const [serviceId, setServiceId] = useState<string | null>(props.serviceId ?? null);
  const [doctorId, setDoctorId] = useState<string | null>(props.doctorId ?? null);
  const [branchId, setBranchId] = useState<string | null>(props.branchId ?? null);
  const [weekStart, setWeekStart] = useState(() => Math.floor(Date.now() / 60_000) * 60_000);
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [note, setNote] = useState('');
  const [taken, setTaken] = useState<Slot | null>(null);
  const book = useBookAppointment();

  const filter = serviceId
    ? {
        serviceId,
        doctorId: doctorId ?? undefined,
        branchId: branchId ?? undefined,
        from: new Date(weekStart).toISOString(),
        to: new Date(weekStart + WEEK_MS).toISOString(),
      }
    : null;
  const availability = useAvailability(filter);
  const service = services?.find((s) => s.id === serviceId);
  const doctorOf = (id: string) => doctors?.find((d) => d.id === id);

  const days = useMemo(() => groupByDay(availability.data ?? [], (id) => zoneOf(branches, id)), [availability.data, branches]);
  const nextFree = taken
    ? (availability.data ?? [])
        .filter((s) => Date.parse(s.startsAt) >= Date.parse(taken.startsAt) && !(s.doctorId === taken.doctorId && s.startsAt === taken.startsAt))
        .slice(0, 6)
    : [];

  const confirm = () => {
    if (!chosen || !serviceId) return;
    setTaken(null);
    book.mutate(
      {
        doctorId: chosen.doctorId,
        serviceId,
        branchId: chosen.branchId,
        startsAt: chosen.startsAt,
        patientId: props.patient.id,
        leadId: props.leadId,
        note: note.trim() || undefined,
      },
      {
        onSuccess: props.onBooked,
        onError: (error) => {
          if (isApiError(error, 'SLOT_TAKEN')) {
            setTaken(chosen);
            setChosen(null);
            void availability.refetch();
          }
        },
      },
    );
  };

  const serviceOptions = (services ?? []).map((s) => ({ value: s.id, label: `${s.name} · ${formatMoney(s.price, s.currency, lang)}` }));
  const doctorOptions = (doctors ?? [])
    .filter((d) => !serviceId || d.services.some((s) => s.serviceId === serviceId))
    .map((d) => ({ value: d.id, label: d.fullName }));
  const zone = zoneOf(branches, chosen?.branchId ?? branchId);

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('booking.forPatient', { name: props.patient.name ?? t('common.unknownPerson') })}
      </Text>
      <Group grow align="flex-end">
        <Select
          label={t('booking.service')}
          placeholder={t('booking.servicePlaceholder')}
          data={serviceOptions}
          value={serviceId}
          searchable
          allowDeselect={false}
          onChange={(v) => {
            setServiceId(v);
            setChosen(null);
            setTaken(null);
          }}
          nothingFoundMessage={t('patients.none')}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('booking.doctor')}
          placeholder={t('booking.anyDoctor')}
          data={doctorOptions}
          value={doctorId}
          clearable
          searchable
          onChange={(v) => {
            setDoctorId(v);
            setChosen(null);
          }}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('booking.branch')}
          placeholder={t('booking.allBranches')}
          data={(branches ?? []).map((b) => ({ value: b.id, label: b.name }))}
          value={branchId}
          clearable
          onChange={(v) => {
            setBranchId(v);
            setChosen(null);
          }}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      <Group justify="space-between">
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconChevronLeft size={14} />}
          disabled={weekStart <= Date.now()}
          onClick={() => setWeekStart(Math.max(Date.now(), weekStart - WEEK_MS))}
        >
          {t('booking.earlier')}
        </Button>
        <Text size="sm" fw={600}>
          {t('booking.week', { from: formatDate(weekStart, zone, lang, false), to: formatDate(weekStart + WEEK_MS - 1, zone, lang, false) })}
        </Text>
        <Button variant="subtle" size="xs" rightSection={<IconChevronRight size={14} />} onClick={() => setWeekStart(weekStart + WEEK_MS)}>
          {t('booking.later')}
        </Button>
      </Group>
      {taken && (
        <Alert color="orange" role="alert" title={t('booking.slotTaken')}>
          <Text size="sm" mb={6}>
            {t('booking.nextFree')}
          </Text>
          <Group gap={6}>
            {nextFree.map((s) => (
              <Button
                key={`${s.doctorId}-${s.startsAt}`}
                size="compact-sm"
                variant="white"
                onClick={() => {
                  setChosen(s);
                  setTaken(null);
                }}
              >
                {formatDay(s.startsAt, zoneOf(branches, s.branchId), lang)}, {formatTime(s.startsAt, zoneOf(branches, s.branchId), lang)} ·{' '}
                {doctorOf(s.doctorId)?.fullName}
              </Button>
            ))}
          </Group>
        </Alert>
      )}
      <ScrollArea.Autosize mah={380} type="auto" offsetScrollbars>
        {!serviceId ? (
          <Text c="dimmed" size="sm">
            {t('booking.pickService')}
          </Text>
        ) : availability.isLoading ? (
          <Loader role="status" size="sm" aria-label={t('common.loading')} />
        ) : availability.isError ? (
          <ErrorAlert error={availability.error} onRetry={() => void availability.refetch()} />
        ) : days.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('booking.noSlots')}
          </Text>
        ) : (
          <Stack gap="md">
            {days.map((day) => (
              <Box key={day.date} component="section" aria-label={formatDay(day.slots[0]!.startsAt, day.zone, lang)}>
                <Title order={4} size="sm" mb={6}>
                  {capitalize(formatDay(day.slots[0]!.startsAt, day.zone, lang))}
                </Title>
                <Stack gap={8}>
                  {[...new Set(day.slots.map((s) => s.doctorId))].map((id) => {
                    const doctor = doctorOf(id);
                    return (
                      <Group key={id} align="flex-start" wrap="nowrap" gap="sm">
                        <Box w={190} style={{ flexShrink: 0 }}>
                          {doctor ? <DoctorName doctor={doctor as Doctor} /> : null}
                        </Box>
                        <Group gap={4}>
                          {day.slots
                            .filter((s) => s.doctorId === id)
                            .map((s) => {
                              const active = chosen?.doctorId === s.doctorId && chosen.startsAt === s.startsAt;
                              return (
                                <Button
                                  key={s.startsAt}
                                  size="compact-sm"
                                  variant={active ? 'filled' : 'light'}
                                  aria-pressed={active}
                                  aria-label={t('booking.slotAria', { time: formatTime(s.startsAt, day.zone, lang), doctor: doctor?.fullName ?? '' })}
                                  onClick={() => setChosen(s)}
                                >
                                  {formatTime(s.startsAt, day.zone, lang)}
                                </Button>
                              );
                            })}
                        </Group>
                      </Group>
                    );
                  })}
                </Stack>
              </Box>
            ))}
          </Stack>
        )}
      </ScrollArea.Autosize>
      {chosen && service && (
        <Paper withBorder p="sm" radius="md" bg="gray.0" component="section" aria-label={t('booking.confirmTitle')}>
          <Stack gap="xs">
            <Text fw={600}>
              {t('booking.confirmText', {
                patient: props.patient.name ?? t('common.unknownPerson'),
                service: service.name,
                doctor: doctorOf(chosen.doctorId)?.fullName ?? '',
                date: formatDate(chosen.startsAt, zone, lang),
                time: formatTime(chosen.startsAt, zone, lang),
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('booking.price', {
                price: formatMoney(doctorOf(chosen.doctorId)?.services.find((s) => s.serviceId === service.id)?.price ?? service.price, service.currency, lang),
              })}
            </Text>
            <Textarea label={t('booking.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} maxRows={3} />
            {book.isError && !isApiError(book.error, 'SLOT_TAKEN') && <ErrorAlert error={book.error} />}
            <Group justify="flex-end">
              <Button onClick={confirm} loading={book.isPending}>
                {t('booking.submit')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

function groupByDay(slots: Slot[], zoneOfBranch: (id: string) => string): Array<{ date: string; zone: string; slots: Slot[] }> {
  const days = new Map<string, { date: string; zone: string; slots: Slot[] }>();
  for (const slot of slots) {
    const zone = zoneOfBranch(slot.branchId);
    const date = localDateOf(zone, Date.parse(slot.startsAt));
    const day = days.get(date) ?? { date, zone, slots: [] };
    day.slots.push(slot);
    days.set(date, day);
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
