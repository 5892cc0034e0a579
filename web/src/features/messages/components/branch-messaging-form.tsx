import { ActionIcon, Alert, Button, Group, NumberInput, Paper, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { zoneLabel } from '../../../lib/format';
import { ClockInput } from '../../../ui/clock-input';
import { DataState } from '../../../ui/data-state';
import { ErrorAlert } from '../../../ui/error-alert';
import { type BranchMessaging, useBranchMessaging, useUpdateBranchMessaging } from '../api/messaging-settings';
import { joinOffset, type OffsetUnit, splitOffset } from './reminder-offsets';

export function BranchMessagingForm({ branchId, canEdit }: { branchId: string; canEdit: boolean }) {
  const settings = useBranchMessaging(branchId);
  return <DataState query={settings}>{(data) => <Form settings={data} canEdit={canEdit} />}</DataState>;
}

interface Reminder {
  value: number | string;
  unit: OffsetUnit;
}

function Form({ settings, canEdit }: { settings: BranchMessaging; canEdit: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const update = useUpdateBranchMessaging(settings.branchId);
  const [clinicName, setClinicName] = useState(settings.clinicName ?? '');
  const [language, setLanguage] = useState(settings.language);
  const [confirmations, setConfirmations] = useState(settings.confirmations);
  const [reminders, setReminders] = useState<Reminder[]>(settings.reminderOffsetsMin.map(splitOffset));
  const [quietStart, setQuietStart] = useState(settings.quietStart);
  const [quietEnd, setQuietEnd] = useState(settings.quietEnd);
  const [feedbackRequests, setFeedbackRequests] = useState(settings.feedbackRequests);
  const [feedbackDelay, setFeedbackDelay] = useState<number | string>(settings.feedbackDelayMin);
  const [lowRating, setLowRating] = useState<number | string>(settings.lowRatingMax);
  const unitName = (unit: OffsetUnit, value: number | string) => t(`messagingAdmin.units.${unit}`, { count: Number(value) || 0 });
  const unitsFor = (value: number | string) => (['min', 'hour', 'day'] as const).map((u) => ({ value: u, label: unitName(u, value) }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        clinicName: clinicName.trim() || null,
        language,
        confirmations,
        quietStart,
        quietEnd,
        feedbackRequests,
        reminderOffsetsMin: reminders.map((r) => joinOffset(Number(r.value), r.unit)),
        feedbackDelayMin: Number(feedbackDelay),
        lowRatingMax: Number(lowRating),
      },
      { onSuccess: () => notifications.show({ color: 'teal', message: t('messagingAdmin.saved') }) },
    );
  };
  const setReminder = (i: number, change: Partial<Reminder>) => setReminders((all) => all.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit}>
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="md">
          {!canEdit && (
            <Alert color="gray" variant="light">
              {t('messagingAdmin.readOnly')}
            </Alert>
          )}
          <Group align="flex-end" gap="md">
            <TextInput
              w={320}
              label={t('messagingAdmin.clinicName')}
              placeholder={t('messagingAdmin.clinicNameHint')}
              value={clinicName}
              onChange={(e) => setClinicName(e.currentTarget.value)}
            />
            <Select
              w={200}
              label={t('messagingAdmin.language')}
              value={language}
              allowDeselect={false}
              onChange={(v) => v && setLanguage(v as BranchMessaging['language'])}
              data={(['ru', 'en'] as const).map((l) => ({ value: l, label: t(`messagingAdmin.languages.${l}`) }))}
            />
          </Group>
          <Switch label={t('messagingAdmin.confirmations')} checked={confirmations} onChange={(e) => setConfirmations(e.currentTarget.checked)} />
          <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Title order={3} size="h5" component="legend" p={0}>
              {t('messagingAdmin.reminders')}
            </Title>
            <Text size="xs" c="dimmed">
              {t('messagingAdmin.remindersHint')}
            </Text>
            {reminders.map((r, i) => (
              <Group key={i} gap="xs" align="center">
                <Text size="sm" w={160} style={{ whiteSpace: 'nowrap' }} aria-hidden>
                  {t('messagingAdmin.reminderN', { n: i + 1 })}
                </Text>
                <NumberInput
                  w={110}
                  min={1}
                  aria-label={t('messagingAdmin.reminderValue', { n: i + 1 })}
                  value={r.value}
                  onChange={(v) => setReminder(i, { value: v })}
                />
                <Select
                  w={100}
                  aria-label={t('messagingAdmin.reminderUnit', { n: i + 1 })}
                  value={r.unit}
                  allowDeselect={false}
                  data={unitsFor(r.value)}
                  onChange={(v) => v && setReminder(i, { unit: v as OffsetUnit })}
                />
                <Text size="sm" aria-hidden>
                  {t('messagingAdmin.reminderAfter')}
                </Text>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label={t('messagingAdmin.removeReminder', { value: `${r.value} ${unitName(r.unit, r.value)}` })}
                  onClick={() => setReminders((all) => all.filter((_, j) => j !== i))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            {reminders.length < 5 && (
              <Button
                variant="subtle"
                size="xs"
                w="fit-content"
                leftSection={<IconPlus size={14} />}
                onClick={() => setReminders((all) => [...all, { value: 1, unit: 'hour' }])}
              >
                {t('messagingAdmin.addReminder')}
              </Button>
            )}
          </Stack>
          <Stack gap={4}>
            <Title order={3} size="h5">
              {t('messagingAdmin.quiet')}
            </Title>
            <Group gap="md" align="flex-end">
              <ClockInput label={t('messagingAdmin.quietStart')} value={quietStart} onChange={setQuietStart} />
              <ClockInput label={t('messagingAdmin.quietEnd')} value={quietEnd} onChange={setQuietEnd} />
            </Group>
            <Text size="xs" c="dimmed">
              {t('messagingAdmin.zone', { zone: zoneLabel(settings.timezone, lang) })}
            </Text>
          </Stack>
          <Switch label={t('messagingAdmin.feedbackRequests')} checked={feedbackRequests} onChange={(e) => setFeedbackRequests(e.currentTarget.checked)} />
          <Stack gap={4}>
            <Group gap="md" align="flex-end">
              <NumberInput
                w={300}
                min={0}
                max={10080}
                label={t('messagingAdmin.feedbackDelay')}
                value={feedbackDelay}
                onChange={setFeedbackDelay}
                disabled={!feedbackRequests}
              />
              <NumberInput w={220} min={1} max={5} label={t('messagingAdmin.lowRating')} value={lowRating} onChange={setLowRating} />
            </Group>
            <Text size="xs" c="dimmed">
              {t('messagingAdmin.lowRatingHint')}
            </Text>
          </Stack>
          {update.isError && <ErrorAlert error={update.error} />}
          {canEdit && (
            <Group>
              <Button type="submit" loading={update.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </Paper>
  );
}
