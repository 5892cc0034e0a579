import { Anchor, Badge, Button, Group, Loader, Paper, SegmentedControl, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../../../i18n';
import { formatDateTime, formatPhone } from '../../../lib/format';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { useUser } from '../../auth';
import { useBranches, zoneOf } from '../../catalog';
import { useLead } from '../../leads';
import { type Callback, type CallbackFilter, useCallbacks } from '../api/get-callbacks';
import { useUpdateCallback } from '../api/update-callback';

const FILTERS: CallbackFilter[] = ['open', 'overdue', 'upcoming', 'done'];

/** The calls I promised: overdue ones first, each a click from the inquiry, and a way to mark one done. */
export function CallbacksPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<CallbackFilter>('open');
  const callbacks = useCallbacks(filter);
  return (
    <Stack p="md" gap="md" maw={1000}>
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t('callbacks.title')}
        </Title>
        <SegmentedControl
          value={filter}
          onChange={(v) => setFilter(v as CallbackFilter)}
          aria-label={t('callbacks.title')}
          data={FILTERS.map((f) => ({ value: f, label: t(`callbacks.filters.${f}`) }))}
        />
      </Group>
      <Paper withBorder radius="md">
        {callbacks.isLoading ? (
          <Loader role="status" m="md" size="sm" aria-label={t('common.loading')} />
        ) : callbacks.isError ? (
          <ErrorAlert error={callbacks.error} onRetry={() => void callbacks.refetch()} />
        ) : !callbacks.data?.length ? (
          <Text p="md" c="dimmed">
            {t('callbacks.empty')}
          </Text>
        ) : (
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('callbacks.due')}</Table.Th>
                <Table.Th>{t('callbacks.person')}</Table.Th>
                <Table.Th>{t('callbacks.note')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('callbacks.markDone')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {callbacks.data.map((c) => (
                <CallbackRow key={c.id} callback={c} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}

function CallbackRow({ callback }: { callback: Callback }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const lead = useLead(callback.leadId);
  const zone = zoneOf(useBranches().data, lead.data?.branchId ?? user.branchIds[0]);
  const update = useUpdateCallback();
  const name = lead.data?.name ?? t('common.unknownPerson');
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {formatDateTime(callback.dueAt, zone, lang)}
        </Text>
        {callback.doneAt ? (
          <Badge color="gray" variant="light">
            {t('callbacks.done')}
          </Badge>
        ) : (
          callback.overdue && <Badge color="red">{t('callbacks.overdue')}</Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/desk/leads/${callback.leadId}`} fw={600} size="sm">
          {name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {formatPhone(lead.data?.phone)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{callback.note}</Text>
      </Table.Td>
      <Table.Td>
        {!callback.doneAt && (
          <Group justify="flex-end">
            <Button
              size="compact-sm"
              variant="light"
              loading={update.isPending}
              aria-label={`${t('callbacks.markDone')}: ${name}`}
              onClick={() =>
                update.mutate(
                  { id: callback.id, done: true },
                  {
                    onSuccess: () => notifications.show({ color: 'teal', message: t('callbacks.markedDone') }),
                    onError: (e) => notifications.show({ color: 'red', message: errorText(t, e, i18n.language) }),
                  },
                )
              }
            >
              {t('callbacks.markDone')}
            </Button>
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
