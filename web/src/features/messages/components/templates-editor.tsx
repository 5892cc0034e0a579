import { Badge, Button, Group, Paper, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataState } from '../../../ui/data-state';
import { ErrorAlert } from '../../../ui/error-alert';
import { useBranches } from '../../catalog';
import { type MessageTemplate, type TemplateLanguage, type TemplatePurpose, useDeleteTemplate, useSaveTemplate, useTemplates } from '../api/message-templates';

const PURPOSES: TemplatePurpose[] = ['confirmation', 'reminder', 'feedback', 'recall'];
const PLACEHOLDERS = ['clinic', 'firstName', 'doctor', 'service', 'date', 'time', 'address', 'clinicPhone', 'answerHint', 'unsubscribe'];
const CLINIC = 'clinic';

/** The texts patients get, clinic-wide or for one branch, in each language. */
export function TemplatesEditor({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const branches = useBranches().data ?? [];
  const [scope, setScope] = useState(CLINIC);
  const [language, setLanguage] = useState<TemplateLanguage>('ru');
  const branchId = scope === CLINIC ? null : scope;
  const templates = useTemplates(branchId, language);
  return (
    <Stack gap="md">
      <Group align="flex-end" gap="md">
        <Select
          w={320}
          label={t('messagingAdmin.templatesFor')}
          value={scope}
          allowDeselect={false}
          onChange={(v) => v && setScope(v)}
          data={[{ value: CLINIC, label: t('messagingAdmin.clinicWide') }, ...branches.map((b) => ({ value: b.id, label: b.name }))]}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="template-language">
            {t('messagingAdmin.templateLanguage')}
          </Text>
          <SegmentedControl
            aria-labelledby="template-language"
            value={language}
            onChange={(v) => setLanguage(v as TemplateLanguage)}
            data={(['ru', 'en'] as const).map((l) => ({ value: l, label: t(`messagingAdmin.languages.${l}`) }))}
          />
        </Stack>
      </Group>
      <Text size="xs" c="dimmed">
        {t('messagingAdmin.placeholders', { list: PLACEHOLDERS.map((p) => `{${p}}`).join(', ') })}
      </Text>
      <DataState query={templates}>
        {(list) => (
          <Stack gap="md">
            {PURPOSES.map((purpose) => {
              const own = list.find((x) => x.purpose === purpose && x.branchId === branchId && !x.builtIn);
              const inherited = list.find((x) => x.purpose === purpose && x.branchId === null);
              const current = own ?? inherited;
              return (
                current && (
                  <TemplateForm
                    key={`${scope}-${language}-${purpose}-${current.id ?? 'built-in'}`}
                    branchId={branchId}
                    language={language}
                    purpose={purpose}
                    own={own}
                    current={current}
                    canEdit={canEdit}
                  />
                )
              );
            })}
          </Stack>
        )}
      </DataState>
    </Stack>
  );
}

function TemplateForm({
  branchId,
  language,
  purpose,
  own,
  current,
  canEdit,
}: {
  branchId: string | null;
  language: TemplateLanguage;
  purpose: TemplatePurpose;
  own: MessageTemplate | undefined;
  current: MessageTemplate;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState(current.body);
  const save = useSaveTemplate();
  const remove = useDeleteTemplate();
  const origin = own ? t('messagingAdmin.own') : current.builtIn ? t('messagingAdmin.builtIn') : t('messagingAdmin.fromClinic');
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="form"
      aria-label={t(`thread.purposes.${purpose}`)}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          { branchId, language, purpose, body },
          { onSuccess: () => notifications.show({ color: 'teal', message: t('messagingAdmin.templateSaved') }) },
        );
      }}
    >
      <Group justify="space-between" mb={6}>
        <Text fw={700} component="h3">
          {t(`thread.purposes.${purpose}`)}
        </Text>
        <Badge variant="light" color={own ? 'blue' : 'gray'}>
          {origin}
        </Badge>
      </Group>
      <Textarea
        label={t('messagingAdmin.body')}
        autosize
        minRows={2}
        maxRows={8}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        readOnly={!canEdit}
      />
      {(save.isError || remove.isError) && <ErrorAlert error={save.error ?? remove.error} />}
      {canEdit && (
        <Group justify="flex-end" mt="xs" gap="xs">
          {own?.id && (
            <Button
              variant="subtle"
              color="gray"
              loading={remove.isPending}
              onClick={() => remove.mutate(own.id!, { onSuccess: () => notifications.show({ message: t('messagingAdmin.templateReset') }) })}
            >
              {t('messagingAdmin.resetTemplate')}
            </Button>
          )}
          <Button type="submit" disabled={!body.trim() || body === current.body} loading={save.isPending}>
            {t('messagingAdmin.saveTemplate')}
          </Button>
        </Group>
      )}
    </Paper>
  );
}
