import { Alert, Badge, Button, Group, List, Modal, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { useLang } from '../../../i18n';
import { saveCsv } from '../../../lib/csv';
import { formatDate } from '../../../lib/format';
import { ConfirmDialog } from '../../../ui/confirm-button';
import { CsvButton } from '../../../ui/csv-button';
import { ScreenHeader, TablePanel } from '../../../ui/list-screen';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { type ConsentDocument, useConsentDocuments, usePublishConsentDocument, useSaveConsentDocument } from '../api/consent-documents';

const KINDS = ['personal_data', 'marketing', 'health_data'] as const;
const LISTS = ['purposes', 'dataCategories', 'actions', 'recipients'] as const;
const TEXTS = ['operatorName', 'operatorAddress', 'retention', 'withdrawalMethod'] as const;
const STATUS_COLOR = { draft: 'gray', current: 'teal', superseded: 'yellow' } as const;

/** The required contents a refused publication named (details.missing), as the form's labels. */
function missingOf(error: unknown): string[] {
  const missing = isApiError(error, 'UNPROCESSABLE') ? (error.details as { missing?: unknown } | undefined)?.missing : undefined;
  return Array.isArray(missing) ? missing.map(String) : [];
}

/** Consent texts: drafts, publication (the law's required contents are checked), the version in force and earlier ones. */
export function ConsentDocumentsPage() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const documents = useConsentDocuments();
  const publish = usePublishConsentDocument();
  const [editing, setEditing] = useState<ConsentDocument | 'new' | null>(null);
  const [confirm, setConfirm] = useState<ConsentDocument | null>(null);
  const [missing, setMissing] = useState<{ document: ConsentDocument; fields: string[] } | null>(null);
  const sorted = [...(documents.data ?? [])].sort((a, b) => a.kind.localeCompare(b.kind) || b.createdAt.localeCompare(a.createdAt));

  return (
    <Stack gap="md">
      <ScreenHeader title={t('manage.nav.consents')}>
        <CsvButton
          onDownload={() =>
            saveCsv(
              'consent-documents',
              ['kind', 'version', 'title', 'status', 'publishedAt', 'sha256'],
              sorted.map((d) => [d.kind, d.version, d.title, d.status, d.publishedAt, d.sha256]),
            )
          }
        />
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          {t('consentsAdmin.add')}
        </Button>
      </ScreenHeader>
      {missing && (
        <Alert color="red" role="alert" title={`${missing.document.title}: ${t('consentsAdmin.missing')}`} withCloseButton onClose={() => setMissing(null)}>
          <List size="sm">
            {missing.fields.map((f) => (
              <List.Item key={f}>{t(`consentsAdmin.${f}` as 'consentsAdmin.body', { defaultValue: f })}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <TablePanel query={documents} columns={[t('consentsAdmin.title'), t('consentsAdmin.kind'), t('consentsAdmin.version'), t('consentsAdmin.status')]}>
        {() =>
          sorted.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {d.title}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`consentsAdmin.kinds.${d.kind}`)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{d.version}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[d.status]} variant="light">
                  {t(`consentsAdmin.statuses.${d.status}`)}
                </Badge>
                {d.publishedAt && (
                  <Text size="xs" c="dimmed">
                    {t('consentsAdmin.published', { date: formatDate(d.publishedAt, 'Europe/Moscow', lang) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    onClick={() => setEditing(d)}
                    aria-label={`${d.status === 'draft' ? t('consentsAdmin.edit') : t('consentsAdmin.view')}: ${d.title}`}
                  >
                    {d.status === 'draft' ? t('consentsAdmin.edit') : t('consentsAdmin.view')}
                  </Button>
                  {d.status === 'draft' && (
                    <Button size="compact-sm" onClick={() => setConfirm(d)} aria-label={`${t('consentsAdmin.publish')}: ${d.title}`}>
                      {t('consentsAdmin.publish')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))
        }
      </TablePanel>
      <Modal opened={!!editing} onClose={() => setEditing(null)} size="xl" title={editing === 'new' ? t('consentsAdmin.add') : editing ? editing.title : ''}>
        {editing && <DocumentForm document={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <ConfirmDialog
        opened={!!confirm}
        title={t('consentsAdmin.publish')}
        confirmLabel={t('consentsAdmin.publish')}
        loading={publish.isPending}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const document = confirm!;
          setConfirm(null);
          setMissing(null);
          publish.mutate(document.id, {
            onSuccess: () => notifications.show({ color: 'teal', message: t('consentsAdmin.publishedDone') }),
            onError: (error) => {
              const fields = missingOf(error);
              if (fields.length) setMissing({ document, fields });
              else notifications.show({ color: 'red', message: errorText(t, error, i18n.language) });
            },
          });
        }}
      >
        <Text size="sm">{t('consentsAdmin.publishConfirm', { title: confirm?.title ?? '' })}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

function DocumentForm({ document, onDone }: { document: ConsentDocument | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveConsentDocument();
  const readOnly = !!document && document.status !== 'draft';
  const [kind, setKind] = useState<(typeof KINDS)[number]>(document?.kind ?? 'personal_data');
  const [version, setVersion] = useState(document?.version ?? '');
  const [title, setTitle] = useState(document?.title ?? '');
  const [body, setBody] = useState(document?.body ?? '');
  const [texts, setTexts] = useState<Record<(typeof TEXTS)[number], string>>({
    operatorName: document?.operatorName ?? '',
    operatorAddress: document?.operatorAddress ?? '',
    retention: document?.retention ?? '',
    withdrawalMethod: document?.withdrawalMethod ?? '',
  });
  const [lists, setLists] = useState<Record<(typeof LISTS)[number], string>>({
    purposes: (document?.purposes ?? []).join('\n'),
    dataCategories: (document?.dataCategories ?? []).join('\n'),
    actions: (document?.actions ?? []).join('\n'),
    recipients: (document?.recipients ?? []).join('\n'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const lines = (v: string) =>
      v
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    save.mutate(
      {
        ...(document ? { id: document.id } : {}),
        kind,
        version: version.trim(),
        title: title.trim(),
        body,
        ...Object.fromEntries(TEXTS.map((k) => [k, texts[k].trim() || undefined])),
        ...Object.fromEntries(LISTS.map((k) => [k, lines(lists[k])])),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('manage.saved') });
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {readOnly && document?.sha256 && (
          <Text size="xs" c="dimmed">
            {t('consentsAdmin.hash')}: {document.sha256}
          </Text>
        )}
        <SimpleGrid cols={3}>
          <Select
            label={t('consentsAdmin.kind')}
            required
            disabled={!!document}
            value={kind}
            allowDeselect={false}
            onChange={(v) => setKind(v as (typeof KINDS)[number])}
            data={KINDS.map((k) => ({ value: k, label: t(`consentsAdmin.kinds.${k}`) }))}
          />
          <TextInput
            label={t('consentsAdmin.version')}
            required
            readOnly={readOnly}
            value={version}
            onChange={(e) => setVersion(e.currentTarget.value)}
            placeholder="2027-1"
          />
          <TextInput label={t('consentsAdmin.title')} required readOnly={readOnly} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        </SimpleGrid>
        <Textarea
          label={t('consentsAdmin.body')}
          required
          readOnly={readOnly}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={5}
          maxRows={14}
        />
        <SimpleGrid cols={2}>
          {TEXTS.map((k) => (
            <TextInput
              key={k}
              label={t(`consentsAdmin.${k}`)}
              readOnly={readOnly}
              value={texts[k]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setTexts((s) => ({ ...s, [k]: value }));
              }}
            />
          ))}
          {LISTS.map((k) => (
            <Textarea
              key={k}
              label={t(`consentsAdmin.${k}`)}
              description={t('consentsAdmin.listHint')}
              readOnly={readOnly}
              value={lists[k]}
              autosize
              minRows={2}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setLists((s) => ({ ...s, [k]: value }));
              }}
            />
          ))}
        </SimpleGrid>
        {save.isError && <ErrorAlert error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {readOnly ? t('common.close') : t('common.cancel')}
          </Button>
          {!readOnly && (
            <Button type="submit" loading={save.isPending} disabled={!version.trim() || !title.trim()}>
              {t('common.save')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
