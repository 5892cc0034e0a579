import { Alert, Anchor, Badge, Button, Grid, Group, Loader, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconPhone, IconPhoneCall } from '@tabler/icons-react';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { useLang } from '../../../i18n';
import { formatDateTime, formatPhone } from '../../../lib/format';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { useUser } from '../../auth';
import { CallOutcomeForm } from '../../calls';
import { useBranches, zoneOf } from '../../catalog';
import { ConsentPanel } from '../../consents';
import { ConversationPanel } from '../../messages';
import { DuplicateSuggestions, PatientHistory } from '../../patients';
import { BookingPicker } from '../../schedules';
import { useClaimLead } from '../api/claim-lead';
import { type Lead, useLead } from '../api/get-lead';
import { useReleaseLead } from '../api/release-lead';
import { ChannelBadge } from './channel-badge';
import { SlaBadge } from './sla-badge';

const OPEN = new Set<Lead['status']>(['new', 'assigned', 'in_progress']);

/** Everything about one inquiry: who, what they wrote, where they came from, consent, history, and what to do next. */
export function LeadCard() {
  const { leadId } = useParams();
  const { t } = useTranslation();
  const lead = useLead(leadId!);
  if (lead.isLoading) return <Loader role="status" aria-label={t('common.loading')} />;
  if (lead.isError)
    return isApiError(lead.error, 'NOT_FOUND') || isApiError(lead.error, 'FORBIDDEN') ? (
      <Alert color="gray">{t('lead.notFound')}</Alert>
    ) : (
      <ErrorAlert error={lead.error} onRetry={() => void lead.refetch()} />
    );
  return <LeadDetails key={lead.data!.id} lead={lead.data!} />;
}

function LeadDetails({ lead }: { lead: Lead }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const zone = zoneOf(useBranches().data, lead.branchId ?? user.branchIds[0]);
  const [panel, setPanel] = useState<'none' | 'call'>('none');
  const [booking, setBooking] = useState(false);
  const claim = useClaimLead();
  const release = useReleaseLead();
  const mine = lead.assignedOperatorId === user.id && OPEN.has(lead.status);
  const waiting = lead.status === 'new' && !lead.assignedOperatorId;
  const someoneElse = !!lead.assignedOperatorId && lead.assignedOperatorId !== user.id && OPEN.has(lead.status);
  const utm = Object.entries(lead.utm).filter(([, v]) => v);
  const name = lead.name ?? t('common.unknownPerson');

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Group gap="xs">
              <ChannelBadge channel={lead.channel} />
              <Badge variant="outline" color="gray">
                {t(`leadStatus.${lead.status}`)}
              </Badge>
              {lead.returningPatient && (
                <Badge variant="light" color="grape">
                  {t('queue.returning')}
                </Badge>
              )}
            </Group>
            <Title order={2} size="h3">
              {name}
            </Title>
            <Group gap="md">
              {lead.phone && (
                <Anchor href={`tel:${lead.phone}`} fw={600}>
                  <Group gap={4} component="span">
                    <IconPhone size={16} />
                    {formatPhone(lead.phone)}
                  </Group>
                </Anchor>
              )}
              {lead.email && <Text size="sm">{lead.email}</Text>}
              {lead.messengerUsername && (
                <Text size="sm" c="dimmed">
                  {t('lead.messenger')}: @{lead.messengerUsername}
                </Text>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {t('lead.createdAt')}: {formatDateTime(lead.createdAt, zone, lang)}
            </Text>
          </Stack>
          <Stack gap="xs" align="flex-end">
            {OPEN.has(lead.status) && <SlaBadge slaDueAt={lead.slaDueAt} slaBreached={lead.slaBreached} firstContactAt={lead.firstContactAt} zone={zone} />}
            {waiting && (
              <Button
                onClick={() =>
                  claim.mutate(lead.id, {
                    onError: (e) =>
                      notifications.show({
                        color: isApiError(e, 'LEAD_ALREADY_CLAIMED') ? 'orange' : 'red',
                        message: isApiError(e, 'LEAD_ALREADY_CLAIMED') ? t('queue.takenByOtherShort') : errorText(t, e, i18n.language),
                      }),
                  })
                }
                loading={claim.isPending}
              >
                {t('lead.actions.claim')}
              </Button>
            )}
            {mine && (
              <Group gap="xs">
                <Button
                  leftSection={<IconPhoneCall size={16} />}
                  onClick={() => setPanel(panel === 'call' ? 'none' : 'call')}
                  variant={panel === 'call' ? 'light' : 'filled'}
                >
                  {t('lead.actions.call')}
                </Button>
                <Button leftSection={<IconCalendarPlus size={16} />} variant="light" onClick={() => setBooking(true)}>
                  {t('lead.actions.book')}
                </Button>
                <Button
                  variant="subtle"
                  color="gray"
                  loading={release.isPending}
                  onClick={() =>
                    release.mutate(lead.id, {
                      onSuccess: () => notifications.show({ message: t('lead.released') }),
                      onError: (e) => notifications.show({ color: 'red', message: errorText(t, e, i18n.language) }),
                    })
                  }
                >
                  {t('lead.actions.release')}
                </Button>
              </Group>
            )}
          </Stack>
        </Group>
        {someoneElse && (
          <Alert mt="sm" color="orange" variant="light">
            {t('lead.assignedToOther')}
          </Alert>
        )}
        {lead.lostReason && (
          <Text mt="sm" size="sm" c="red">
            {t('lead.lostReason', { reason: lead.lostReason })}
          </Text>
        )}
      </Paper>

      {panel === 'call' && (
        <CallOutcomeForm
          lead={{
            id: lead.id,
            patientId: lead.patientId,
            name: lead.name,
            branchId: lead.branchId,
            requestedServiceId: lead.requestedServiceId,
            requestedDoctorId: lead.requestedDoctorId,
          }}
          zone={zone}
          onDone={() => setPanel('none')}
        />
      )}

      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Paper withBorder radius="md" p="md" component="section" aria-labelledby="inquiry-title">
              <Text id="inquiry-title" component="h3" fw={700} mb="xs">
                {t('lead.message')}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={lead.message ? undefined : 'dimmed'}>
                {lead.message ?? t('lead.noMessage')}
              </Text>
              <Stack gap={4} mt="sm">
                {utm.length > 0 && (
                  <Group gap={6}>
                    <Text size="sm" c="dimmed">
                      {t('lead.utm')}:
                    </Text>
                    {utm.map(([k, v]) => (
                      <Badge key={k} variant="default" tt="none" fw={500}>{`utm_${k}=${v}`}</Badge>
                    ))}
                  </Group>
                )}
                {lead.landingUrl && (
                  <Text size="sm">
                    <Text span c="dimmed">
                      {t('lead.landing')}:{' '}
                    </Text>
                    <Anchor href={lead.landingUrl} target="_blank" rel="noreferrer noopener">
                      {lead.landingUrl}
                    </Anchor>
                  </Text>
                )}
                {lead.referrer && (
                  <Text size="sm">
                    <Text span c="dimmed">
                      {t('lead.referrer')}:{' '}
                    </Text>
                    {lead.referrer}
                  </Text>
                )}
              </Stack>
            </Paper>
            <Suspense fallback={<Loader role="status" size="sm" aria-label={t('common.loading')} />}>
              <ConversationPanel
                owner={{ kind: 'lead', id: lead.id }}
                zone={zone}
                canWrite={mine || user.role === 'manager' || user.role === 'admin'}
                consentStatus={mine || user.role !== 'operator' ? lead.consentStatus : undefined}
              />
            </Suspense>
            <PatientHistory patientId={lead.patientId} currentLeadId={lead.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <ConsentPanel status={lead.consentStatus} patientId={lead.patientId} leadId={lead.id} canRecord={mine} />
            <DuplicateSuggestions patientId={lead.patientId} phone={lead.phone} canMerge={user.role !== 'operator'} />
          </Stack>
        </Grid.Col>
      </Grid>

      <Modal opened={booking} onClose={() => setBooking(false)} title={t('booking.title')} size="xl">
        {booking && (
          <BookingPicker
            patient={{ id: lead.patientId, name: lead.name }}
            leadId={lead.id}
            branchId={lead.branchId}
            serviceId={lead.requestedServiceId}
            doctorId={lead.requestedDoctorId}
            onBooked={() => {
              setBooking(false);
              notifications.show({ color: 'teal', message: t('booking.booked') });
              setPanel('call');
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
