import { Anchor } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { RealtimeMessage } from '../../../api/realtime';
import { useRealtimeEvent } from '../../../api/use-realtime';

/** A manager scored one of my calls (`call.reviewed`): I am told, with a way to read the score and comment. */
export function ReviewAlerts() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useRealtimeEvent((message) => {
    if (message.type !== 'call.reviewed') return;
    const { callId, score } = message.data as RealtimeMessage<'call.reviewed'>['data'];
    void queryClient.invalidateQueries({ queryKey: ['calls'] });
    void queryClient.invalidateQueries({ queryKey: ['call-review', callId] });
    const id = `review-${callId}`;
    notifications.show({
      id,
      color: 'blue',
      autoClose: 15_000,
      title: t('myCalls.reviewed'),
      message: (
        <>
          {t('myCalls.reviewedText', { score })} ·{' '}
          <Anchor
            component="button"
            size="sm"
            onClick={() => {
              notifications.hide(id);
              navigate(`/my-calls?call=${callId}`);
            }}
          >
            {t('myCalls.show')}
          </Anchor>
        </>
      ),
    });
  });
  return null;
}
