import '../../../i18n/messaging';
import { Anchor, Badge, Button, Group, Modal, Paper, SegmentedControl, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { DataState } from '../../../ui/data-state';
import { ErrorAlert } from '../../../ui/error-alert';
import { useBranches, useDoctors, zoneOf } from '../../catalog';
import { type Feedback, type FeedbackFilter, useFeedback, useFollowUp } from '../api/feedback';

type Show = 'all' | 'open' | 'done';

/** What patients said about their visits; low ratings wait here for the manager's follow-up. */
export function FeedbackPage() {
  const { t } = useTranslation();
  const [show, setShow] = useState<Show>('open');
  const [doctorId, setDoctorId] = useState<string>('');
  const doctors = useDoctors().data ?? [];
  const filter: FeedbackFilter = { ...(show !== 'all' ? { followUp: show } : {}), ...(doctorId ? { doctorId } : {}) };
  const feedback = useFeedback(filter);
  const [following, setFollowing] = useState<Feedback | null>(null);
  return (
    <Stack p="md" gap="md" maw={1200}>
      <Title order={1} size="h3">
        {t('feedback.title')}
      </Title>
      <Group align="flex-end" gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="feedback-show">
            {t('feedback.filter')}
          </Text>
          <SegmentedControl
            aria-labelledby="feedback-show"
            value={show}
            onChange={(v) => setShow(v as Show)}
            data={(['open', 'done', 'all'] as const).map((v) => ({ value: v, label: t(`feedback.filters.${v}`) }))}
          />
        </Stack>
        <Select
          w={280}
          label={t('feedback.doctor')}
          value={doctorId}
          allowDeselect={false}
          onChange={(v) => setDoctorId(v ?? '')}
          data={[{ value: '', label: t('feedback.allDoctors') }, ...doctors.map((d) => ({ value: d.id, label: d.fullName }))]}
        />
      </Group>
      <DataState query={{ ...feedback, data: feedback.data?.pages.flatMap((p) => p.data) }} empty={(rows) => rows.length === 0} emptyText={t('feedback.empty')}>
        {(rows) => (
          <Paper withBorder radius="md">
            <FeedbackTable rows={rows} doctorName={(id) => doctors.find((d) => d.id === id)?.fullName ?? '—'} onFollowUp={setFollowing} />
            {feedback.hasNextPage && (
              <Group justify="center" p="sm">
                <Button variant="subtle" loading={feedback.isFetchingNextPage} onClick={() => void feedback.fetchNextPage()}>
                  {t('feedback.more')}
                </Button>
              </Group>
            )}
          </Paper>
        )}
      </DataState>
      <FollowUpModal feedback={following} onClose={() => setFollowing(null)} />
    </Stack>
  );
}

function FeedbackTable({ rows, doctorName, onFollowUp }: { rows: Feedback[]; doctorName: (id: string) => string; onFollowUp: (f: Feedback) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const branches = useBranches().data;
  return (
    <Table verticalSpacing="sm" highlightOnHover aria-label={t('feedback.title')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('feedback.received')}</Table.Th>
          <Table.Th>{t('feedback.doctor')}</Table.Th>
          <Table.Th>{t('feedback.rating')}</Table.Th>
          <Table.Th>{t('feedback.comment')}</Table.Th>
          <Table.Th>{t('feedback.followUp')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((f) => (
          <Table.Tr key={f.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {formatDateTime(f.receivedAt, zoneOf(branches, f.branchId), lang)}
              <Anchor component={Link} to={`/patients/${f.patientId}`} size="xs" display="block">
                {t('feedback.patient')}
              </Anchor>
            </Table.Td>
            <Table.Td>{doctorName(f.doctorId)}</Table.Td>
            <Table.Td>
              <Stars value={f.rating} />
            </Table.Td>
            <Table.Td maw={420}>
              <Text size="sm" c={f.comment ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap' }}>
                {f.comment ?? (f.restricted ? t('thread.hidden') : t('feedback.noComment'))}
              </Text>
            </Table.Td>
            <Table.Td>
              {f.followUp === 'open' && (
                <Group gap="xs">
                  <Badge color="red" variant="light">
                    {t('feedback.open')}
                  </Badge>
                  <Button size="xs" onClick={() => onFollowUp(f)}>
                    {t('feedback.doFollowUp')}
                  </Button>
                </Group>
              )}
              {f.followUp === 'done' && (
                <Stack gap={2}>
                  <Badge color="teal" variant="light">
                    {t('feedback.done')}
                  </Badge>
                  {f.followUpNote && <Text size="xs">{f.followUpNote}</Text>}
                  {f.followUpAt && (
                    <Text size="xs" c="dimmed">
                      {formatDateTime(f.followUpAt, zoneOf(branches, f.branchId), lang)}
                    </Text>
                  )}
                </Stack>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Stars({ value }: { value: number }) {
  const { t } = useTranslation();
  const color = value <= 2 ? 'red.8' : value === 3 ? 'orange.8' : 'teal.8';
  return (
    <Text fw={700} c={color} aria-label={t('feedback.ratingAria', { value })} role="img" style={{ whiteSpace: 'nowrap', letterSpacing: 1 }}>
      {'★'.repeat(value)}
      <Text span c="gray.4">
        {'★'.repeat(5 - value)}
      </Text>{' '}
      {value}
    </Text>
  );
}

function FollowUpModal({ feedback, onClose }: { feedback: Feedback | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const followUp = useFollowUp();
  return (
    <Modal opened={!!feedback} onClose={onClose} title={t('feedback.followUpTitle')} centered>
      {feedback && (
        <Stack
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            followUp.mutate(
              { id: feedback.id, note: note.trim() },
              {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: t('feedback.followedUp') });
                  setNote('');
                  onClose();
                },
              },
            );
          }}
        >
          <Stars value={feedback.rating} />
          {feedback.comment && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {feedback.comment}
            </Text>
          )}
          <Textarea
            label={t('feedback.note')}
            placeholder={t('feedback.notePlaceholder')}
            autosize
            minRows={3}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-autofocus
          />
          {followUp.isError && <ErrorAlert error={followUp.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={followUp.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
