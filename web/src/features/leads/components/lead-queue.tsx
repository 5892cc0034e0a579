import { Alert, Box, Loader, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { useBranches, zoneOf } from '../../catalog';
import { useUser } from '../../auth';
import { usePresence } from '../../presence';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { useClaimLead } from '../api/claim-lead';
import { type QueueItem, useWorkQueue } from '../api/get-work-queue';
import { useTakenNotes } from '../api/taken-notes';
import { QueueItemRow } from './queue-item-row';

const SECTIONS = ['callbacks', 'mine', 'available'] as const;
type Section = (typeof SECTIONS)[number];

function sectionOf(item: QueueItem): Section {
  return item.kind === 'callback' ? 'callbacks' : item.reason === 'claimed' ? 'mine' : 'available';
}

const byDue = (a: QueueItem, b: QueueItem) =>
  (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity) || Date.parse(a.lead.createdAt) - Date.parse(b.lead.createdAt);

/** My callbacks, my inquiries and the live queue of new ones: new inquiries appear by themselves, claimed ones leave. */
export function LeadQueue() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const { leadId: openLeadId } = useParams();
  const queue = useWorkQueue();
  const presence = usePresence();
  const claim = useClaimLead();
  const notes = useTakenNotes();
  const zone = zoneOf(useBranches().data, user.branchIds[0]);

  const onClaim = (item: QueueItem) =>
    claim.mutate(item.lead.id, {
      onSuccess: (lead) => navigate(`/desk/leads/${lead.id}`),
      onError: (error) => {
        if (isApiError(error, 'LEAD_ALREADY_CLAIMED'))
          notifications.show({ color: 'orange', message: t('queue.takenByOther', { name: item.lead.name ?? t('common.unknownPerson') }) });
        else notifications.show({ color: 'red', message: errorText(t, error, i18n.language) });
      },
    });

  const items = queue.data?.data ?? [];
  return (
    <Box component="section" aria-labelledby="queue-title" h="100%" style={{ display: 'flex', flexDirection: 'column' }}>
      <Title id="queue-title" order={2} size="h4" mb="xs">
        {t('queue.title')}
      </Title>
      {presence.data && presence.data.status !== 'available' && (
        <Alert color="yellow" variant="light" py={6} mb={6}>
          {t('queue.notAvailable')}
        </Alert>
      )}
      <Box role="status" aria-live="polite">
        {notes.map((note) => (
          <Alert key={note.leadId} color="orange" variant="light" py={6} mb={6}>
            {t('queue.takenByOther', { name: note.name ?? t('common.unknownPerson') })}
          </Alert>
        ))}
      </Box>
      {queue.isLoading && <Loader role="status" size="sm" aria-label={t('common.loading')} />}
      {queue.isError && <ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} />}
      <ScrollArea style={{ flex: 1 }} offsetScrollbars="y" scrollbars="y" type="auto">
        <Stack gap="md" pb="md">
          {queue.isSuccess &&
            SECTIONS.map((section) => {
              const list = items.filter((item) => sectionOf(item) === section).sort(byDue);
              return (
                <Box component="section" key={section} aria-labelledby={`queue-${section}`}>
                  <Text id={`queue-${section}`} component="h3" size="sm" fw={700} tt="uppercase" c="dimmed" mb={6}>
                    {t(`queue.sections.${section}`)} {list.length > 0 && `(${list.length})`}
                  </Text>
                  <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t(`queue.sections.${section}`)}>
                    {list.length === 0 && (
                      <Text component="li" size="sm" c="dimmed">
                        {t(`queue.empty.${section}`)}
                      </Text>
                    )}
                    {list.map((item) => (
                      <li key={`${item.kind}-${item.callback?.id ?? item.lead.id}`}>
                        <QueueItemRow
                          item={item}
                          zone={zone}
                          active={item.lead.id === openLeadId}
                          claiming={claim.isPending && claim.variables === item.lead.id}
                          onClaim={() => onClaim(item)}
                        />
                      </li>
                    ))}
                  </Stack>
                </Box>
              );
            })}
        </Stack>
      </ScrollArea>
    </Box>
  );
}
