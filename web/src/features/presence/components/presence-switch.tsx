import { Box, SegmentedControl, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../ui/error-text';
import { type PresenceStatus, usePresence } from '../api/get-presence';
import { useSetPresence } from '../api/set-presence';

const COLORS: Record<PresenceStatus, string> = { available: 'teal', busy: 'orange', break: 'yellow', offline: 'gray' };
const CHOICES: PresenceStatus[] = ['available', 'busy', 'break', 'offline'];

/** Whether I take new inquiries now: only operators who are available get leads assigned. */
export function PresenceSwitch() {
  const { t, i18n } = useTranslation();
  const presence = usePresence();
  const change = useSetPresence();
  const status = change.isPending ? change.variables : (presence.data?.status ?? 'offline');
  return (
    <Box>
      <VisuallyHidden id="presence-label">{t('presence.label')}</VisuallyHidden>
      <SegmentedControl
        aria-labelledby="presence-label"
        size="xs"
        value={status}
        color={COLORS[status]}
        disabled={presence.isLoading}
        onChange={(value) =>
          change.mutate(value as PresenceStatus, {
            onError: (error) => notifications.show({ color: 'red', message: errorText(t, error, i18n.language) }),
          })
        }
        data={CHOICES.map((value) => ({
          value,
          label: (
            <Text size="xs" span>
              {t(`presence.${value}`)}
            </Text>
          ),
        }))}
      />
    </Box>
  );
}
