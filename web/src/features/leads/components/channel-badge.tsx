import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QueueLead } from '../api/get-work-queue';

const COLORS: Partial<Record<QueueLead['channel'], string>> = {
  website: 'blue',
  vk: 'indigo',
  telegram: 'cyan',
  whatsapp: 'green',
  instagram: 'grape',
  phone: 'teal',
  walk_in: 'lime',
  context_ads: 'violet',
  seo: 'blue',
};

export function ChannelBadge({ channel }: { channel: QueueLead['channel'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[channel] ?? 'gray'} variant="light" radius="sm">
      {t(`channels.${channel}`)}
    </Badge>
  );
}
