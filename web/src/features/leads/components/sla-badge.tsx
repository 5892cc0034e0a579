import { Badge } from '@mantine/core';
import { IconAlarm, IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatClock, formatElapsed, formatTime } from '../../../lib/format';
import { useNow } from '../../../ui/use-now';

const HOUR_MS = 3_600_000;

/**
 * The first-contact deadline, counting down; red once missed. The deadline is the server's, counted in call-center
 * hours, so a lead that came at night shows the time it is due after opening.
 */
export function SlaBadge({
  slaDueAt,
  slaBreached,
  firstContactAt,
  zone,
}: {
  slaDueAt: string;
  slaBreached: boolean;
  firstContactAt: string | null;
  zone: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const now = useNow();
  if (firstContactAt)
    return (
      <Badge color="gray" variant="light" leftSection={<IconCheck size={12} />}>
        {t('queue.contacted')}
      </Badge>
    );
  const left = Date.parse(slaDueAt) - now;
  if (left <= 0 || slaBreached) {
    return (
      <Badge color="red" variant="filled" leftSection={<IconAlarm size={12} />}>
        {t('queue.slaBreached', { time: formatElapsed(-left, lang) })}
      </Badge>
    );
  }
  if (left > HOUR_MS)
    return (
      <Badge color="gray" variant="light">
        {t('queue.slaAt', { time: formatTime(slaDueAt, zone, lang) })}
      </Badge>
    );
  return (
    <Badge color={left < 60_000 ? 'orange' : 'teal'} variant="light" leftSection={<IconAlarm size={12} />}>
      {t('queue.slaLeft', { time: formatClock(left) })}
    </Badge>
  );
}
