import { Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconPhoneIncoming } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { RealtimeMessage } from '../../../api/realtime';
import { useRealtimeEvent } from '../../../api/use-realtime';
import { useLang } from '../../../i18n';
import { chime, notifyDesktop } from '../../../lib/attention';
import { formatDateTime, formatPhone } from '../../../lib/format';
import { useBranches, useDoctors, useServices, zoneOf } from '../../catalog';
import { useUser } from '../../auth';

type Incoming = RealtimeMessage<'call.incoming'>['data'];

/** The screen pop when my extension rings: who calls, their open inquiries and next visit, and their record one click away. */
export function IncomingCallPop() {
  const { t } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const navigate = useNavigate();
  const branches = useBranches().data;
  const doctors = useDoctors().data;
  const services = useServices().data;
  const [call, setCall] = useState<Incoming | null>(null);
  useRealtimeEvent((message) => {
    if (message.type !== 'call.incoming') return;
    const data = message.data as Incoming;
    if (data.operatorId !== user.id) return;
    setCall(data);
    chime();
    notifyDesktop(t('incoming.title'), data.patient?.name ?? formatPhone(data.caller) ?? t('incoming.unknown'), `call-${data.callId}`);
  });
  if (!call) return null;
  const next = call.upcomingAppointments[0];
  const openCard = () => {
    setCall(null);
    if (call.leadId) navigate(`/desk/leads/${call.leadId}`);
    else if (call.patientId) navigate(`/patients/${call.patientId}`);
  };
  const who = call.patient?.restricted ? t('common.hiddenPerson') : (call.patient?.name ?? t('incoming.unknown'));
  return (
    <Modal
      opened
      onClose={() => setCall(null)}
      title={
        <Group gap="xs">
          <IconPhoneIncoming size={18} />
          {t('incoming.title')}
        </Group>
      }
      centered
    >
      <Stack gap="xs">
        <Text size="xl" fw={700}>
          {who}
        </Text>
        <Text c="dimmed">{call.caller ? formatPhone(call.caller) : t('incoming.hidden')}</Text>
        {call.newLead && (
          <Badge color="teal" variant="light">
            {t('incoming.newLead')}
          </Badge>
        )}
        {call.leads.length > 0 && <Text size="sm">{t('incoming.openLeads', { count: call.leads.length })}</Text>}
        {next && (
          <Text size="sm">
            {t('incoming.upcoming', {
              when: `${formatDateTime(next.startsAt, zoneOf(branches, next.branchId), lang)} · ${services?.find((s) => s.id === next.serviceId)?.name ?? ''} · ${doctors?.find((d) => d.id === next.doctorId)?.fullName ?? ''}`,
            })}
          </Text>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={() => setCall(null)}>
            {t('incoming.dismiss')}
          </Button>
          <Button onClick={openCard} disabled={!call.leadId && !call.patientId} data-autofocus>
            {t('incoming.openCard')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
