import { Button, Group, NumberInput, Paper, Radio, Stack, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataState } from '../../../ui/data-state';
import { ErrorAlert } from '../../../ui/error-alert';
import { type ClinicSettings, useSettings, useUpdateSettings } from '../api/settings';

const STRATEGIES = ['broadcast', 'round_robin', 'least_loaded'] as const;

/** How the call center works: who gets new inquiries, the first-contact deadline, and what a good call is. */
export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <Stack gap="md" maw={760}>
      <Title order={2} size="h3">
        {t('manage.nav.settings')}
      </Title>
      <DataState query={settings}>{(data) => <SettingsForm settings={data} />}</DataState>
    </Stack>
  );
}

function SettingsForm({ settings }: { settings: ClinicSettings }) {
  const { t } = useTranslation();
  const update = useUpdateSettings();
  const [strategy, setStrategy] = useState(settings.assignmentStrategy);
  const [sla, setSla] = useState<number | string>(settings.firstContactSlaMinutes);
  const [grace, setGrace] = useState<number | string>(settings.offlineGraceSec);
  const [window, setWindow] = useState<number | string>(settings.messengerLeadWindowMin);
  const [repeat, setRepeat] = useState<number | string>(settings.repeatVisitWindowDays);
  const [arrival, setArrival] = useState<number | string>(settings.arrivalLeadMinutes);
  const [checklist, setChecklist] = useState(settings.callReviewChecklist.join('\n'));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        assignmentStrategy: strategy,
        firstContactSlaMinutes: Number(sla),
        offlineGraceSec: Number(grace),
        messengerLeadWindowMin: Number(window),
        repeatVisitWindowDays: Number(repeat),
        arrivalLeadMinutes: Number(arrival),
        callReviewChecklist: checklist
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      },
      { onSuccess: () => notifications.show({ color: 'teal', message: t('manage.saved') }) },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Paper withBorder radius="md" p="md">
          <Radio.Group label={t('settingsAdmin.assignment')} value={strategy} onChange={(v) => setStrategy(v as typeof strategy)}>
            <Stack gap={6} mt="xs">
              {STRATEGIES.map((s) => (
                <Radio key={s} value={s} label={t(`settingsAdmin.strategies.${s}`)} />
              ))}
            </Stack>
          </Radio.Group>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <NumberInput label={t('settingsAdmin.sla')} description={t('settingsAdmin.slaHint')} min={1} max={1440} value={sla} onChange={setSla} w={360} />
            <NumberInput label={t('settingsAdmin.offlineGrace')} min={0} max={86400} value={grace} onChange={setGrace} w={360} />
            <NumberInput label={t('settingsAdmin.messengerWindow')} min={0} max={43200} value={window} onChange={setWindow} w={360} />
            <NumberInput label={t('settingsAdmin.repeatWindow')} min={1} max={3650} value={repeat} onChange={setRepeat} w={360} />
            <NumberInput label={t('settingsAdmin.arrivalLead')} min={0} max={720} value={arrival} onChange={setArrival} w={360} />
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Textarea
            label={t('settingsAdmin.checklist')}
            description={t('settingsAdmin.checklistHint')}
            value={checklist}
            onChange={(e) => setChecklist(e.currentTarget.value)}
            autosize
            minRows={5}
          />
        </Paper>
        {update.isError && <ErrorAlert error={update.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
