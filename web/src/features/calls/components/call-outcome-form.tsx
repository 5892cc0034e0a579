import { Button, Group, Paper, Radio, SegmentedControl, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DatePickerInput, TimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, clock, localDateOf, localMinutesOf, minutesOf, zonedInstant } from '../../../lib/zoned-time';
import { ErrorAlert } from '../../../ui/error-alert';
import { BookingPicker } from '../../schedules';
import { type CallOutcome, useRecordCall } from '../api/record-call';

const OUTCOMES: CallOutcome[] = ['booked', 'callback_requested', 'no_answer', 'busy', 'declined', 'consultation_only', 'wrong_number', 'duplicate'];
const NOT_ANSWERED = new Set<CallOutcome>(['no_answer', 'busy']);

export interface CallLead {
  id: string;
  patientId: string;
  name: string | null;
  branchId: string | null;
  requestedServiceId: string | null;
  requestedDoctorId: string | null;
}

/**
 * What happened on the call: the outcome, a note, why they declined, when to call back. "Booked" opens the booking
 * picker: the appointment is made from the lead first, then the call is saved with it.
 */
export function CallOutcomeForm({ lead, zone, onDone }: { lead: CallLead; zone: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [startedAt] = useState(() => new Date());
  const [direction, setDirection] = useState<'outbound' | 'inbound'>('outbound');
  const [outcome, setOutcome] = useState<CallOutcome | null>(null);
  const [note, setNote] = useState('');
  const [lostReason, setLostReason] = useState('');
  const [cbDate, setCbDate] = useState(() => localDateOf(zone, Date.now()));
  const [cbTime, setCbTime] = useState(() => clock(Math.min(23 * 60 + 45, Math.ceil((localMinutesOf(zone, Date.now()) + 15) / 5) * 5)));
  const record = useRecordCall();

  const save = (chosen: CallOutcome) => {
    const endedAt = new Date();
    record.mutate(
      {
        leadId: lead.id,
        direction,
        outcome: chosen,
        startedAt: startedAt.toISOString(),
        endedAt: endedAt.toISOString(),
        ...(NOT_ANSWERED.has(chosen) ? {} : { answeredAt: startedAt.toISOString() }),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(chosen === 'declined' ? { lostReason: lostReason.trim() } : {}),
        ...(chosen === 'callback_requested' ? { callbackAt: new Date(zonedInstant(zone, cbDate, minutesOf(cbTime))).toISOString() } : {}),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: chosen === 'booked' ? t('call.bookedAndRecorded') : t('call.recorded') });
          onDone();
        },
      },
    );
  };

  const quick = (ms: number) => {
    setCbDate(localDateOf(zone, ms));
    setCbTime(clock(localMinutesOf(zone, ms)));
  };
  const tomorrowTen = zonedInstant(zone, addDays(localDateOf(zone, Date.now()), 1), 10 * 60);
  const ready = outcome && outcome !== 'booked' && (outcome !== 'declined' || lostReason.trim()) && (outcome !== 'callback_requested' || (cbDate && cbTime));

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="call-form-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text id="call-form-title" component="h3" fw={700}>
            {t('call.title')}
          </Text>
          <SegmentedControl
            size="xs"
            value={direction}
            onChange={(v) => setDirection(v as typeof direction)}
            aria-label={t('call.direction')}
            data={[
              { value: 'outbound', label: t('call.directions.outbound') },
              { value: 'inbound', label: t('call.directions.inbound') },
            ]}
          />
        </Group>
        <Radio.Group label={t('call.outcome')} value={outcome ?? ''} onChange={(v) => setOutcome(v as CallOutcome)}>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" mt={6}>
            {OUTCOMES.map((o) => (
              <Radio key={o} value={o} label={t(`call.outcomes.${o}`)} />
            ))}
          </SimpleGrid>
        </Radio.Group>
        {outcome === 'declined' && (
          <TextInput label={t('call.lostReason')} required value={lostReason} onChange={(e) => setLostReason(e.currentTarget.value)} />
        )}
        {outcome === 'callback_requested' && (
          <Stack gap={6}>
            <Group grow align="flex-end">
              <DatePickerInput
                label={t('call.callbackAt')}
                value={cbDate}
                onChange={(v) => v && setCbDate(String(v).slice(0, 10))}
                valueFormat="D MMMM YYYY"
                minDate={localDateOf(zone, Date.now())}
                popoverProps={{ withinPortal: true }}
              />
              <TimePicker
                label={t('schedule.time')}
                value={cbTime}
                onChange={(v) => v && setCbTime(v.slice(0, 5))}
                format="24h"
                hoursInputLabel={t('call.hours')}
                minutesInputLabel={t('call.minutes')}
              />
            </Group>
            <Group gap={6}>
              <Button size="compact-xs" variant="light" onClick={() => quick(Date.now() + 15 * 60_000)}>
                {t('call.quick.in15')}
              </Button>
              <Button size="compact-xs" variant="light" onClick={() => quick(Date.now() + 60 * 60_000)}>
                {t('call.quick.in60')}
              </Button>
              <Button size="compact-xs" variant="light" onClick={() => quick(tomorrowTen)}>
                {t('call.quick.tomorrow')}
              </Button>
            </Group>
          </Stack>
        )}
        <Textarea label={t('call.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxRows={5} />
        {record.isError && <ErrorAlert error={record.error} />}
        {outcome === 'booked' ? (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {t('call.bookFirst')}
            </Text>
            <BookingPicker
              patient={{ id: lead.patientId, name: lead.name }}
              leadId={lead.id}
              branchId={lead.branchId}
              serviceId={lead.requestedServiceId}
              doctorId={lead.requestedDoctorId}
              onBooked={() => save('booked')}
            />
          </Stack>
        ) : (
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => outcome && save(outcome)} disabled={!ready} loading={record.isPending}>
              {t('call.submit')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
