import { Anchor } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { RealtimeMessage } from '../../../api/realtime';
import { useRealtimeEvent } from '../../../api/use-realtime';
import { useLang } from '../../../i18n';
import { chime, notifyDesktop } from '../../../lib/attention';
import { formatTime } from '../../../lib/format';
import { useUser } from '../../auth';
import { leadQueryOptions } from '../../leads';

/** A promised callback came due (`callback.due`, pushed by the server): a chime, a note that stays, a desktop notification. */
export function CallbackAlerts({ zone }: { zone: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useRealtimeEvent((message) => {
    if (message.type !== 'callback.due') return;
    const due = message.data as RealtimeMessage<'callback.due'>['data'];
    if (due.operatorId !== user.id) return;
    void queryClient.invalidateQueries({ queryKey: ['callbacks'] });
    void queryClient
      .fetchQuery(leadQueryOptions(due.leadId))
      .catch(() => null)
      .then((lead) => {
        const text = t('callbacks.dueText', { name: lead?.name ?? t('common.unknownPerson'), time: formatTime(due.dueAt, zone, lang) });
        chime();
        notifyDesktop(t('callbacks.dueNow'), text, `callback-${due.callbackId}`, () => navigate(`/desk/leads/${due.leadId}`));
        notifications.show({
          id: `callback-${due.callbackId}`,
          color: 'blue',
          autoClose: false,
          title: t('callbacks.dueNow'),
          // Notifications render outside the router: the link navigates through the hook's function.
          message: (
            <>
              {text} ·{' '}
              <Anchor
                component="button"
                size="sm"
                onClick={() => {
                  notifications.hide(`callback-${due.callbackId}`);
                  navigate(`/desk/leads/${due.leadId}`);
                }}
              >
                {t('queue.open')}
              </Anchor>
            </>
          ),
        });
      });
  });
  return null;
}
