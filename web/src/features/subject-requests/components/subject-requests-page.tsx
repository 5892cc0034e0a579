import { ActionIcon, Anchor, Badge, Button, Group, Menu, Modal, SegmentedControl, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../api/errors';
import { useLang } from '../../../i18n';
import { saveCsv, saveFile } from '../../../lib/csv';
import { formatDate, formatLocalDate } from '../../../lib/format';
import { localDateOf, zonedInstant } from '../../../lib/zoned-time';
import { ConfirmDialog } from '../../../ui/confirm-button';
import { CsvButton } from '../../../ui/csv-button';
import { ScreenHeader, TablePanel } from '../../../ui/list-screen';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { useUser } from '../../auth';
import { useBranches, zoneOf } from '../../catalog';
import { type Patient, PatientPicker, patientName } from '../../patients';
import {
  exportPatient,
  type RequestStatus,
  type SubjectRequest,
  useCompleteRequest,
  useCreateRequest,
  useErasePatient,
  useExtendRequest,
  useRequestPeople,
  useSubjectRequests,
} from '../api/subject-requests';

const FILTERS = ['open', 'completed', 'refused', 'all'] as const;
const TYPES = ['access', 'rectification', 'restriction', 'erasure', 'withdrawal'] as const;

/** Requests about people's data: the legal due date in working days, and what answers each (export, erasure, extension). */
export function SubjectRequestsPage() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const zone = zoneOf(useBranches().data, user.branchIds[0]);
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('open');
  const requests = useSubjectRequests(filter === 'all' ? undefined : (filter as RequestStatus));
  const people = useRequestPeople((requests.data ?? []).map((r) => r.patientId));
  const complete = useCompleteRequest();
  const erase = useErasePatient();
  const [adding, setAdding] = useState(false);
  const [extending, setExtending] = useState<SubjectRequest | null>(null);
  const [erasing, setErasing] = useState<{ request: SubjectRequest; cautions: string[] | null } | null>(null);
  const nameOf = (id: string) => {
    const person = people.find((p) => p.data?.id === id)?.data;
    return person ? (patientName(person) ?? (person.restricted ? t('common.hiddenPerson') : t('common.unknownPerson'))) : '…';
  };
  const fail = (error: unknown) => notifications.show({ color: 'red', message: errorText(t, error, i18n.language) });
  const rows = [...(requests.data ?? [])].sort((a, b) => (a.extendedUntil ?? a.dueAt).localeCompare(b.extendedUntil ?? b.dueAt));

  const runErase = (request: SubjectRequest, acknowledgeCautions: boolean) =>
    erase.mutate(
      { patientId: request.patientId, subjectRequestId: request.id, acknowledgeCautions },
      {
        onSuccess: () => {
          setErasing(null);
          notifications.show({ color: 'teal', message: t('requestsAdmin.erased') });
        },
        onError: (error) => {
          const cautions = isApiError(error, 'CONFLICT') ? (error.details as { cautions?: string[] } | undefined)?.cautions : undefined;
          if (cautions?.length && !acknowledgeCautions) setErasing({ request, cautions });
          else {
            setErasing(null);
            fail(error);
          }
        },
      },
    );

  return (
    <Stack gap="md">
      <ScreenHeader title={t('manage.nav.requests')}>
        <SegmentedControl
          value={filter}
          onChange={(v) => setFilter(v as (typeof FILTERS)[number])}
          aria-label={t('requestsAdmin.status')}
          data={FILTERS.map((f) => ({ value: f, label: t(`requestsAdmin.filters.${f}`) }))}
        />
        <CsvButton
          onDownload={() =>
            saveCsv(
              'subject-requests',
              ['patient', 'type', 'receivedAt', 'dueAt', 'extendedUntil', 'status', 'completedAt'],
              rows.map((r) => [nameOf(r.patientId), r.type, r.receivedAt, r.dueAt, r.extendedUntil, r.status, r.completedAt]),
            )
          }
        />
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
          {t('requestsAdmin.add')}
        </Button>
      </ScreenHeader>
      <TablePanel
        query={requests}
        empty={(d) => !d.length}
        emptyText={t('requestsAdmin.empty')}
        columns={[t('requestsAdmin.patient'), t('requestsAdmin.type'), t('requestsAdmin.receivedAt'), t('requestsAdmin.due'), t('requestsAdmin.status')]}
      >
        {() =>
          rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Anchor component={Link} to={`/patients/${r.patientId}`} size="sm" fw={600}>
                  {nameOf(r.patientId)}
                </Anchor>
                {r.note && (
                  <Text size="xs" c="dimmed">
                    {r.note}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`requestsAdmin.types.${r.type as (typeof TYPES)[number]}`)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDate(r.receivedAt, zone, lang)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {formatLocalDate(r.extendedUntil ?? r.dueAt, lang, true)}
                </Text>
                {r.extendedUntil && (
                  <Text size="xs" c="dimmed">
                    {t('requestsAdmin.extendedUntil', { date: formatLocalDate(r.extendedUntil, lang, true) })}
                  </Text>
                )}
                {r.status === 'open' && r.overdue && <Badge color="red">{t('requestsAdmin.overdue')}</Badge>}
                {r.status === 'open' && !r.overdue && r.dueSoon && (
                  <Badge color="orange" variant="light">
                    {t('requestsAdmin.dueSoon')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Badge color={r.status === 'open' ? 'blue' : r.status === 'completed' ? 'teal' : 'gray'} variant="light">
                  {t(`requestsAdmin.statuses.${r.status as RequestStatus}`)}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">
                {r.status === 'open' && (
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" aria-label={`${t('manage.actions')}: ${nameOf(r.patientId)}`}>
                        <IconDots size={16} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item
                        onClick={() =>
                          void exportPatient(r.patientId).then((data) => {
                            saveFile(`personal-data-${r.patientId}.json`, new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
                            notifications.show({ color: 'teal', message: t('requestsAdmin.exported') });
                          }, fail)
                        }
                      >
                        {t('requestsAdmin.export')}
                      </Menu.Item>
                      {(r.type === 'erasure' || r.type === 'withdrawal') && (
                        <Menu.Item color="red" onClick={() => setErasing({ request: r, cautions: null })}>
                          {t('requestsAdmin.erase')}
                        </Menu.Item>
                      )}
                      {r.type === 'access' && !r.extendedUntil && <Menu.Item onClick={() => setExtending(r)}>{t('requestsAdmin.extend')}</Menu.Item>}
                      <Menu.Item onClick={() => complete.mutate({ id: r.id, outcome: 'completed' }, { onError: fail })}>
                        {t('requestsAdmin.complete')}
                      </Menu.Item>
                      <Menu.Item onClick={() => complete.mutate({ id: r.id, outcome: 'refused' }, { onError: fail })}>{t('requestsAdmin.refuse')}</Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )}
              </Table.Td>
            </Table.Tr>
          ))
        }
      </TablePanel>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('requestsAdmin.add')}>
        {adding && <NewRequestForm zone={zone} onDone={() => setAdding(false)} />}
      </Modal>
      <Modal opened={!!extending} onClose={() => setExtending(null)} title={t('requestsAdmin.extend')}>
        {extending && <ExtendForm request={extending} onDone={() => setExtending(null)} />}
      </Modal>
      <ConfirmDialog
        opened={!!erasing}
        title={t('requestsAdmin.erase')}
        confirmLabel={t('requestsAdmin.erase')}
        color="red"
        loading={erase.isPending}
        onCancel={() => setErasing(null)}
        onConfirm={() => runErase(erasing!.request, !!erasing!.cautions)}
      >
        <Text size="sm">{erasing?.cautions ? t('requestsAdmin.eraseCautions') : t('requestsAdmin.eraseConfirm')}</Text>
        {erasing?.cautions && (
          <Text size="xs" c="dimmed" mt="xs">
            {erasing.cautions.join('; ')}
          </Text>
        )}
      </ConfirmDialog>
    </Stack>
  );
}

function NewRequestForm({ zone, onDone }: { zone: string; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateRequest();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [type, setType] = useState<(typeof TYPES)[number]>('access');
  const [received, setReceived] = useState<string | null>(localDateOf(zone, Date.now()));
  const [note, setNote] = useState('');
  const receivedAt = () => {
    const day = dayjs(received).format('YYYY-MM-DD');
    // Today: now; an earlier day: midday there (the term runs from the next working day either way).
    return day === localDateOf(zone, Date.now()) ? new Date().toISOString() : new Date(zonedInstant(zone, day, 12 * 60)).toISOString();
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ patientId: patient!.id, type, receivedAt: receivedAt(), ...(note.trim() ? { note: note.trim() } : {}) }, { onSuccess: onDone });
      }}
    >
      <Stack gap="sm">
        {patient ? (
          <Group justify="space-between">
            <Text fw={600}>{patientName(patient) ?? t('common.unknownPerson')}</Text>
            <Button size="compact-sm" variant="subtle" onClick={() => setPatient(null)}>
              {t('manage.edit')}
            </Button>
          </Group>
        ) : (
          <PatientPicker label={t('requestsAdmin.findPatient')} onPick={setPatient} autoFocus />
        )}
        <Select
          label={t('requestsAdmin.type')}
          value={type}
          allowDeselect={false}
          onChange={(v) => setType(v as (typeof TYPES)[number])}
          data={TYPES.map((k) => ({ value: k, label: t(`requestsAdmin.types.${k}`) }))}
        />
        <DatePickerInput
          label={t('requestsAdmin.receivedAt')}
          value={received}
          onChange={(v) => setReceived(v)}
          valueFormat="D MMMM YYYY"
          maxDate={dayjs().format('YYYY-MM-DD')}
        />
        <Textarea label={t('requestsAdmin.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
        {create.isError && <ErrorAlert error={create.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!patient || !received}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ExtendForm({ request, onDone }: { request: SubjectRequest; onDone: () => void }) {
  const { t } = useTranslation();
  const extend = useExtendRequest();
  const [reason, setReason] = useState('');
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        extend.mutate({ id: request.id, reason: reason.trim() }, { onSuccess: onDone });
      }}
    >
      <Stack gap="sm">
        <Textarea
          label={t('requestsAdmin.extendReason')}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={3}
          data-autofocus
        />
        {extend.isError && <ErrorAlert error={extend.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={extend.isPending} disabled={reason.trim().length < 3}>
            {t('requestsAdmin.extend')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
