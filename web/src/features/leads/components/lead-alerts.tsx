import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { RealtimeMessage } from '../../../api/realtime';
import { useRealtimeEvent } from '../../../api/use-realtime';
import { chime, notifyDesktop } from '../../../lib/attention';
import { formatPhone } from '../../../lib/format';

/** For operators, wherever they are in the console: a chime and a desktop notification for every new inquiry while available. */
export function LeadAlerts() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useRealtimeEvent((message) => {
    if (message.type !== 'lead.created') return;
    const lead = message.data as RealtimeMessage<'lead.created'>['data'];
    if (lead.status !== 'new' || lead.assignedOperatorId) return;
    if (queryClient.getQueryData<{ status: string }>(['presence'])?.status !== 'available') return;
    chime();
    const body = [lead.name ?? t('common.unknownPerson'), formatPhone(lead.phone), t(`channels.${lead.channel}`)].filter(Boolean).join(' · ');
    notifyDesktop(t('queue.newLead'), body, `lead-${lead.leadId}`, () => navigate(`/desk/leads/${lead.leadId}`));
    if (document.visibilityState !== 'visible') notifications.show({ color: 'teal', title: t('queue.newLead'), message: body });
  });
  return null;
}
