import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconPhoneCall } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../../../i18n';
import { formatElapsed, formatPhone, formatTime } from '../../../lib/format';
import { useNow } from '../../../ui/use-now';
import type { QueueItem } from '../api/get-work-queue';
import { ChannelBadge } from './channel-badge';
import { SlaBadge } from './sla-badge';

interface Props {
  item: QueueItem;
  zone: string;
  active: boolean;
  claiming: boolean;
  onClaim?: () => void;
}

/** One thing to do: who, from where, how long they have waited and by when to answer. */
export function QueueItemRow({ item, zone, active, claiming, onClaim }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const now = useNow();
  const { lead } = item;
  const name = lead.name ?? t('common.unknownPerson');
  const source = [lead.utmSource, lead.utmCampaign].filter(Boolean).join(' · ');
  const callbackDue = item.callback ? Date.parse(item.callback.dueAt) : null;
  return (
    <Paper withBorder radius="md" p="sm" bg={active ? 'teal.0' : undefined} style={{ borderColor: active ? 'var(--mantine-color-teal-5)' : undefined }}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap={6} wrap="wrap">
            <ChannelBadge channel={lead.channel} />
            {source && (
              <Text size="xs" c="dimmed" lineClamp={1}>
                {source}
              </Text>
            )}
          </Group>
          {item.kind === 'callback' && callbackDue !== null ? (
            <Badge color={callbackDue <= now ? 'red' : 'blue'} variant={callbackDue <= now ? 'filled' : 'light'} leftSection={<IconPhoneCall size={12} />}>
              {callbackDue <= now
                ? t('queue.callbackOverdue', { time: formatElapsed(now - callbackDue, lang) })
                : t('queue.callbackAt', { time: formatTime(callbackDue, zone, lang) })}
            </Badge>
          ) : (
            <SlaBadge slaDueAt={lead.slaDueAt} slaBreached={lead.slaBreached} firstContactAt={lead.firstContactAt} zone={zone} />
          )}
        </Group>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-end">
          <div style={{ minWidth: 0 }}>
            <Text fw={600} component={Link} to={`/desk/leads/${lead.id}`} style={{ color: 'inherit', textDecoration: 'none' }} lineClamp={1}>
              {name}
            </Text>
            <Text size="sm" c="dimmed">
              {formatPhone(lead.phone)}
              {item.kind === 'lead' && item.reason === 'available' && (
                <> · {t('queue.waiting', { time: formatElapsed(now - Date.parse(lead.createdAt), lang) })}</>
              )}
              {lead.consentStatus === 'pending' && <> · {t('queue.consentPending')}</>}
            </Text>
            {item.callback?.note && (
              <Text size="xs" c="dimmed" lineClamp={2}>
                {item.callback.note}
              </Text>
            )}
          </div>
          {item.reason === 'available' && onClaim && (
            <Button size="xs" onClick={onClaim} loading={claiming} aria-label={t('queue.claimFor', { name })}>
              {t('queue.claim')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
