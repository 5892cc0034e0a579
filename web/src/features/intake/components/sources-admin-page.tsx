import { ActionIcon, Alert, Anchor, Badge, Button, Code, CopyButton, Group, Menu, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus, IconSend } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../api/errors';
import { saveCsv } from '../../../lib/csv';
import { ConfirmDialog } from '../../../ui/confirm-button';
import { CsvButton } from '../../../ui/csv-button';
import { ScreenHeader } from '../../../ui/list-screen';
import { DataState } from '../../../ui/data-state';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { useBranches } from '../../catalog';
import { type IntakeSource, type IntakeSourceWithKey, useCreateSource, useIntakeSources, useRotateKey, useTestSource, useUpdateSource } from '../api/sources';
import { embedCode, SourceAddress, webhookUrl } from './source-address';

const KINDS = ['web_form', 'tilda', 'vk', 'telegram', 'telephony', 'manual'] as const;
const CHANNELS = [
  'website',
  'vk',
  'telegram',
  'whatsapp',
  'instagram',
  'phone',
  'walk_in',
  'referral',
  'seo',
  'context_ads',
  'tv',
  'radio',
  'outdoor',
  'other',
] as const;
const DEFAULT_CHANNEL: Record<(typeof KINDS)[number], (typeof CHANNELS)[number]> = {
  web_form: 'website',
  tilda: 'website',
  vk: 'vk',
  telegram: 'telegram',
  telephony: 'phone',
  manual: 'other',
};

/** Where inquiries come from: each source's address and key for the provider, a test inquiry, the key changed when it leaked. */
export function SourcesAdminPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const sources = useIntakeSources();
  const branches = useBranches().data ?? [];
  const test = useTestSource();
  const update = useUpdateSource();
  const rotate = useRotateKey();
  const [editing, setEditing] = useState<IntakeSource | 'new' | null>(null);
  const [withKey, setWithKey] = useState<IntakeSourceWithKey | null>(null);
  const [confirmRotate, setConfirmRotate] = useState<IntakeSource | null>(null);
  const branchName = (id: string | null) => (id ? (branches.find((b) => b.id === id)?.name ?? '—') : t('sourcesAdmin.anyBranch'));

  const sendTest = (source: IntakeSource) =>
    test.mutate(source.id, {
      onSuccess: (result) =>
        notifications.show({
          id: `test-${result.leadId}`,
          color: 'teal',
          title: t('sourcesAdmin.tested'),
          autoClose: 10_000,
          message: result.leadId ? (
            <Anchor component="button" size="sm" onClick={() => navigate(`/desk/leads/${result.leadId}`)}>
              {t('sourcesAdmin.openLead')}
            </Anchor>
          ) : null,
        }),
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: t('sourcesAdmin.testFailed'),
          autoClose: 15_000,
          message: isApiError(error) && error.message && !/^HTTP \d+$/.test(error.message) ? error.message : errorText(t, error, i18n.language),
        }),
    });

  return (
    <Stack gap="md">
      <ScreenHeader title={t('manage.nav.sources')}>
        <CsvButton
          onDownload={() =>
            saveCsv(
              'intake-sources',
              ['name', 'kind', 'channel', 'branch', 'active', 'webhook'],
              (sources.data ?? []).map((s) => [s.name, s.kind, s.channel, branchName(s.branchId), s.active, s.webhookPath ? webhookUrl(s.webhookPath) : null]),
            )
          }
        />
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          {t('sourcesAdmin.add')}
        </Button>
      </ScreenHeader>
      <DataState query={sources}>
        {(data) => (
          <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('manage.nav.sources')}>
            {data.map((s) => (
              <Paper key={s.id} withBorder radius="md" p="sm" component="li" aria-label={s.name}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <div>
                    <Group gap="xs">
                      <Text fw={700}>{s.name}</Text>
                      <Badge variant="light" color="blue">
                        {t(`sourcesAdmin.kinds.${s.kind}`)}
                      </Badge>
                      {!s.active && (
                        <Badge color="gray" variant="outline">
                          {t('manage.inactive')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {t('sourcesAdmin.channel')}: {t(`channels.${s.channel}`)} · {t('sourcesAdmin.branch')}: {branchName(s.branchId)}
                    </Text>
                  </div>
                  <Group gap={4} wrap="nowrap">
                    {s.kind !== 'manual' && (
                      <Button
                        size="compact-sm"
                        variant="light"
                        leftSection={<IconSend size={14} />}
                        disabled={!s.active}
                        loading={test.isPending && test.variables === s.id}
                        onClick={() => sendTest(s)}
                        aria-label={`${t('sourcesAdmin.test')}: ${s.name}`}
                      >
                        {t('sourcesAdmin.test')}
                      </Button>
                    )}
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" aria-label={`${t('manage.actions')}: ${s.name}`}>
                          <IconDots size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setEditing(s)}>{t('manage.edit')}</Menu.Item>
                        <Menu.Item onClick={() => setConfirmRotate(s)}>{t('sourcesAdmin.rotate')}</Menu.Item>
                        <Menu.Item color={s.active ? 'red' : undefined} onClick={() => update.mutate({ id: s.id, active: !s.active })}>
                          {s.active ? t('sourcesAdmin.turnOff') : t('sourcesAdmin.turnOn')}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Group>
                </Group>
                {s.webhookPath && (
                  <Group gap="xs" mt="xs" align="flex-start" wrap="nowrap">
                    <Text size="xs" fw={600} c="dimmed" mt={3} style={{ whiteSpace: 'nowrap' }}>
                      {t('sourcesAdmin.webhook')}:
                    </Text>
                    <SourceAddress source={s} />
                  </Group>
                )}
              </Paper>
            ))}
          </Stack>
        )}
      </DataState>
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        size="lg"
        title={editing === 'new' ? t('sourcesAdmin.add') : editing ? t('manage.editWhat', { name: editing.name }) : ''}
      >
        {editing && (
          <SourceForm
            source={editing === 'new' ? null : editing}
            onDone={(created) => {
              setEditing(null);
              if (created) setWithKey(created);
            }}
          />
        )}
      </Modal>
      <Modal opened={!!withKey} onClose={() => setWithKey(null)} size="lg" title={withKey?.name}>
        {withKey && <KeyShownOnce source={withKey} onDone={() => setWithKey(null)} />}
      </Modal>
      <ConfirmDialog
        opened={!!confirmRotate}
        title={t('sourcesAdmin.rotate')}
        confirmLabel={t('sourcesAdmin.rotate')}
        color="red"
        loading={rotate.isPending}
        onCancel={() => setConfirmRotate(null)}
        onConfirm={() =>
          rotate.mutate(confirmRotate!.id, {
            onSuccess: (rotated) => {
              setConfirmRotate(null);
              notifications.show({ color: 'teal', message: t('sourcesAdmin.rotated') });
              setWithKey(rotated);
            },
          })
        }
      >
        <Text size="sm">{t('sourcesAdmin.rotateConfirm', { name: confirmRotate?.name ?? '' })}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

/** The key right after it was made: the only time it is shown, with the full address and, for website forms, the widget code. */
function KeyShownOnce({ source, onDone }: { source: IntakeSourceWithKey; onDone: () => void }) {
  const { t } = useTranslation();
  const copyable = (value: string, label: string) => (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} aria-label={label}>
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button size="compact-sm" variant="default" onClick={copy}>
            {copied ? t('mfa.copied') : t('mfa.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
  return (
    <Stack gap="sm">
      <Alert color="orange">{t('sourcesAdmin.keyShownOnce')}</Alert>
      {copyable(source.key, t('sourcesAdmin.keyShownOnce'))}
      {source.webhookPath && (
        <>
          <Text size="sm" fw={600}>
            {t('sourcesAdmin.webhook')}
          </Text>
          {copyable(webhookUrl(source.webhookPath), t('sourcesAdmin.webhook'))}
        </>
      )}
      {source.kind === 'web_form' && (
        <>
          <Text size="sm" fw={600}>
            {t('sourcesAdmin.embed')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('sourcesAdmin.embedHint')}
          </Text>
          {copyable(embedCode(source.key), t('sourcesAdmin.embed'))}
        </>
      )}
      <Group justify="flex-end">
        <Button onClick={onDone}>{t('requestsAdmin.done')}</Button>
      </Group>
    </Stack>
  );
}

function SourceForm({ source, onDone }: { source: IntakeSource | null; onDone: (created?: IntakeSourceWithKey) => void }) {
  const { t } = useTranslation();
  const create = useCreateSource();
  const update = useUpdateSource();
  const branches = useBranches().data ?? [];
  const [kind, setKind] = useState<(typeof KINDS)[number]>(source?.kind ?? 'web_form');
  const [name, setName] = useState(source?.name ?? '');
  const [channel, setChannel] = useState<IntakeSource['channel']>(source?.channel ?? 'website');
  const [branchId, setBranchId] = useState(source?.branchId ?? '');
  const [confirmationCode, setConfirmationCode] = useState(source?.settings.confirmationCode ?? '');
  const [groupId, setGroupId] = useState(source?.settings.groupId ?? '');
  const [secret, setSecret] = useState('');
  const mutation = source ? update : create;
  const settings =
    kind === 'vk'
      ? { ...(confirmationCode ? { confirmationCode } : {}), ...(groupId ? { groupId } : {}), ...(secret ? { secret } : {}) }
      : kind === 'telegram' && secret
        ? { secretToken: secret }
        : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (source)
      update.mutate(
        { id: source.id, name: name.trim(), channel, branchId: branchId || null, ...(settings && Object.keys(settings).length ? { settings } : {}) },
        { onSuccess: () => onDone() },
      );
    else
      create.mutate(
        { kind, name: name.trim(), channel, ...(branchId ? { branchId } : {}), ...(settings ? { settings } : {}) },
        { onSuccess: (created) => onDone(created) },
      );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Select
          label={t('sourcesAdmin.kind')}
          required
          disabled={!!source}
          value={kind}
          allowDeselect={false}
          onChange={(v) => {
            setKind(v as (typeof KINDS)[number]);
            setChannel(DEFAULT_CHANNEL[v as (typeof KINDS)[number]]);
          }}
          data={KINDS.map((k) => ({ value: k, label: t(`sourcesAdmin.kinds.${k}`) }))}
        />
        <TextInput label={t('manage.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
        <Select
          label={t('sourcesAdmin.channel')}
          required
          value={channel}
          allowDeselect={false}
          onChange={(v) => setChannel(v as IntakeSource['channel'])}
          data={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
        />
        <Select
          label={t('sourcesAdmin.branch')}
          value={branchId}
          allowDeselect={false}
          onChange={(v) => setBranchId(v ?? '')}
          data={[{ value: '', label: t('sourcesAdmin.anyBranch') }, ...branches.map((b) => ({ value: b.id, label: b.name }))]}
        />
        {kind === 'vk' && (
          <>
            <TextInput label={t('sourcesAdmin.vkConfirmation')} value={confirmationCode} onChange={(e) => setConfirmationCode(e.currentTarget.value)} />
            <TextInput
              label={t('sourcesAdmin.vkSecret')}
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
              placeholder={source?.kind === 'vk' ? t('sourcesAdmin.secretSet') : undefined}
            />
            <TextInput label={t('sourcesAdmin.vkGroup')} value={groupId} onChange={(e) => setGroupId(e.currentTarget.value)} />
          </>
        )}
        {kind === 'telegram' && (
          <TextInput
            label={t('sourcesAdmin.telegramSecret')}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            placeholder={source?.kind === 'telegram' ? t('sourcesAdmin.secretSet') : undefined}
          />
        )}
        {mutation.isError && <ErrorAlert error={mutation.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone()}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={!name.trim()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
