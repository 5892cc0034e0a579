import { Anchor, Badge, Button, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconMicrophone } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../../../i18n';
import { formatClock, formatDateTime, formatPhone } from '../../../lib/format';
import type { Call } from '../api/get-calls';

const scoreColor = (score: number) => (score >= 80 ? 'teal' : score >= 50 ? 'yellow' : 'red');

/** Calls with what happened, whether the PBX recorded them and their review score; a row opens the call. */
export function CallsTable({
  calls,
  zone,
  personLink,
  onOpen,
  hasMore,
  loadMore,
  loadingMore,
}: {
  calls: Call[];
  zone: string;
  personLink: (call: Call) => string | null;
  onOpen: (call: Call) => void;
  hasMore: boolean;
  loadMore: () => void;
  loadingMore: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('review.started')}</Table.Th>
            <Table.Th>{t('review.direction')}</Table.Th>
            <Table.Th>{t('review.person')}</Table.Th>
            <Table.Th ta="right">{t('review.duration')}</Table.Th>
            <Table.Th>{t('review.outcome')}</Table.Th>
            <Table.Th>{t('review.recording')}</Table.Th>
            <Table.Th>{t('review.score')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {calls.map((c) => {
            const when = formatDateTime(c.startedAt, zone, lang);
            const link = personLink(c);
            return (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <UnstyledButton onClick={() => onOpen(c)} aria-label={t('review.open', { time: when })} fw={600} c="teal.9" fz="sm" td="underline">
                    {when}
                  </UnstyledButton>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`call.directions.${c.direction}`)}</Text>
                </Table.Td>
                <Table.Td>
                  {link ? (
                    <Anchor component={Link} to={link} size="sm">
                      {formatPhone(c.phone) || '—'}
                    </Anchor>
                  ) : (
                    <Text size="sm">{formatPhone(c.phone) || '—'}</Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{c.durationSec ? formatClock(c.durationSec * 1000) : '—'}</Text>
                </Table.Td>
                <Table.Td>
                  {c.missed ? (
                    <Badge color="red" variant="light">
                      {t('review.missed')}
                    </Badge>
                  ) : c.outcome ? (
                    <Text size="sm">{t(`call.outcomes.${c.outcome}`)}</Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('review.noOutcome')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {c.recordingUrl ? (
                    <IconMicrophone size={16} aria-label={t('review.hasRecording')} color="var(--mantine-color-teal-9)" />
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {c.reviewScore === null ? (
                    <Text size="sm" c="dimmed">
                      {t('review.notReviewed')}
                    </Text>
                  ) : (
                    <Badge color={scoreColor(c.reviewScore)} variant="light">
                      {t('review.scoreValue', { score: c.reviewScore })}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {hasMore && (
        <Group justify="center" mt="sm">
          <Button variant="light" onClick={loadMore} loading={loadingMore}>
            {t('dashboard.drill.more')}
          </Button>
        </Group>
      )}
    </>
  );
}
