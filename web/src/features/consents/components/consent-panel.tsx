import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconShieldCheck, IconShieldExclamation } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../ui/confirm-button';
import { ErrorAlert } from '../../../ui/error-alert';
import { useCurrentDocument } from '../api/get-current-document';
import { useRecordConsent } from '../api/record-consent';

/** Whether the person agreed to the processing of their data; verbal consent obtained on the call is recorded here. */
export function ConsentPanel({
  status,
  patientId,
  leadId,
  canRecord,
}: {
  status: 'given' | 'pending' | 'withdrawn';
  patientId: string;
  leadId?: string;
  canRecord: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const document = useCurrentDocument(status === 'pending');
  const record = useRecordConsent(patientId, leadId);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={`consent-${patientId}`}>
      <Group justify="space-between" wrap="nowrap">
        <Text id={`consent-${patientId}`} component="h3" fw={700}>
          {t('consent.title')}
        </Text>
        {status === 'given' && (
          <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={12} />}>
            {t('consent.given')}
          </Badge>
        )}
        {status === 'pending' && (
          <Badge color="orange" variant="light" leftSection={<IconShieldExclamation size={12} />}>
            {t('consent.pending')}
          </Badge>
        )}
        {status === 'withdrawn' && (
          <Badge color="red" variant="light" leftSection={<IconShieldExclamation size={12} />}>
            {t('consent.withdrawn')}
          </Badge>
        )}
      </Group>
      {status === 'withdrawn' && (
        <Text size="sm" c="dimmed" mt="xs">
          {t('consent.withdrawnHint')}
        </Text>
      )}
      {status === 'pending' && (
        <Stack gap="xs" mt="xs">
          <Text size="sm" c="dimmed">
            {t('consent.pendingHint')}
          </Text>
          {canRecord && (
            <Button variant="light" color="orange" onClick={() => setOpen(true)} disabled={!document.data}>
              {t('consent.record')}
            </Button>
          )}
          {document.isError && (
            <Alert color="red" variant="light">
              {t('consent.noDocument')}
            </Alert>
          )}
        </Stack>
      )}
      <ConfirmDialog
        opened={open && !!document.data}
        title={t('consent.confirmTitle')}
        loading={record.isPending}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          record.mutate(
            { documentId: document.data!.id, channel: 'phone' },
            {
              onSuccess: () => {
                setOpen(false);
                notifications.show({ color: 'teal', message: t('consent.recorded') });
              },
            },
          )
        }
      >
        <Stack>
          <Text size="sm">{t('consent.confirmText', { title: document.data?.title ?? '', version: document.data?.version ?? '' })}</Text>
          {record.isError && <ErrorAlert error={record.error} />}
        </Stack>
      </ConfirmDialog>
    </Paper>
  );
}
