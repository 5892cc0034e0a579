import { Badge, Box, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMessageReply, IconRefresh, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatDateTime, formatTime } from '../../../lib/format';
import { ErrorAlert } from '../../../ui/error-alert';
import type { Message } from '../api/get-thread';
import { useReplyToMessage } from '../api/reply-to-message';
import { useRetryMessage } from '../api/retry-message';

const STATUS_COLORS: Record<Message['status'], string> = {
  received: 'gray',
  queued: 'yellow',
  sending: 'yellow',
  sent: 'blue',
  delivered: 'teal',
  failed: 'red',
  cancelled: 'gray',
};

/** One message of the conversation: who wrote it and where, what for, its text, and how its delivery went. */
export function MessageItem({ message, zone, onConsent }: { message: Message; zone: string; onConsent?: (message: Message) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const inbound = message.direction === 'in';
  const channel = t(`thread.channels.${message.channel}`);
  const status = t(`thread.status.${message.status}`);
  const [replying, setReplying] = useState(false);
  const retry = useRetryMessage();
  return (
    <Box component="li" style={{ listStyle: 'none', display: 'flex', justifyContent: inbound ? 'flex-start' : 'flex-end' }}>
      <Paper radius="md" p="sm" maw="85%" miw={260} bg={inbound ? 'gray.0' : 'blue.0'} withBorder>
        <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
          <Group gap={6} wrap="wrap">
            <Text size="xs" fw={700} c={inbound ? 'dark' : 'blue.9'}>
              {inbound ? t('thread.incoming', { channel }) : t('thread.outgoing', { channel })}
            </Text>
            {message.purpose && message.purpose !== 'reply' && (
              <Badge size="xs" variant="light" color="grape">
                {t(`thread.purposes.${message.purpose}`)}
              </Badge>
            )}
            {!inbound && !message.createdBy && (
              <Text size="xs" c="dimmed">
                {t('thread.automatic')}
              </Text>
            )}
          </Group>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {formatDateTime(message.createdAt, zone, lang)}
          </Text>
        </Group>
        <Text
          size="sm"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          c={message.text === null ? 'dimmed' : undefined}
          fs={message.text === null ? 'italic' : undefined}
        >
          {message.text ?? (message.anonymized ? t('thread.erased') : t('thread.hidden'))}
        </Text>
        <Group gap={6} mt={6} justify="space-between" wrap="wrap">
          <Group gap={6}>
            {!inbound && (
              <Badge size="sm" variant="light" color={STATUS_COLORS[message.status]} title={t('thread.statusLabel', { status })}>
                {status}
              </Badge>
            )}
            {message.status === 'queued' && message.sendAt && new Date(message.sendAt).getTime() > Date.now() + 60_000 && (
              <Text size="xs" c="dimmed">
                {t('thread.sendAt', { time: formatTime(message.sendAt, zone, lang) })}
              </Text>
            )}
            {message.answer && (
              <Badge size="sm" variant="outline" color={message.answer === 'cancelled' ? 'orange' : 'teal'}>
                {t(`thread.answers.${message.answer as 'confirmed'}`)}
              </Badge>
            )}
          </Group>
          <Group gap={4}>
            {inbound && message.channel === 'vk_comment' && !message.restricted && (
              <Button size="compact-xs" variant="subtle" leftSection={<IconMessageReply size={14} />} onClick={() => setReplying((v) => !v)}>
                {t('thread.replyTo')}
              </Button>
            )}
            {inbound && onConsent && !message.restricted && (
              <Button size="compact-xs" variant="subtle" color="orange" leftSection={<IconShieldCheck size={14} />} onClick={() => onConsent(message)}>
                {t('thread.consent')}
              </Button>
            )}
            {!inbound && (message.status === 'failed' || message.status === 'cancelled') && !message.restricted && (
              <Button
                size="compact-xs"
                variant="light"
                color="red"
                leftSection={<IconRefresh size={14} />}
                loading={retry.isPending}
                onClick={() => retry.mutate(message.id, { onSuccess: () => notifications.show({ color: 'teal', message: t('thread.retried') }) })}
              >
                {t('thread.retry')}
              </Button>
            )}
          </Group>
        </Group>
        {message.failureReason && message.status !== 'queued' && message.status !== 'sent' && message.status !== 'delivered' && (
          <Text size="xs" c="red.8" mt={4}>
            {t('thread.failedBecause', { reason: message.failureReason })}
          </Text>
        )}
        {retry.isError && (
          <Box mt={6}>
            <ErrorAlert error={retry.error} />
          </Box>
        )}
        {replying && <CommentReply message={message} onDone={() => setReplying(false)} />}
      </Paper>
    </Box>
  );
}

/** The answer to a public comment goes under it (VK wall, photo or discussion). */
function CommentReply({ message, onDone }: { message: Message; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const reply = useReplyToMessage();
  return (
    <Stack
      gap={6}
      mt="sm"
      component="form"
      aria-label={t('thread.replyToTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        reply.mutate(
          { id: message.id, text },
          {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: t('thread.queued') });
              onDone();
            },
          },
        );
      }}
    >
      <Textarea label={t('thread.replyToTitle')} autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} data-autofocus />
      {reply.isError && <ErrorAlert error={reply.error} />}
      <Group justify="flex-end" gap="xs">
        <Button size="xs" variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button size="xs" type="submit" disabled={!text.trim()} loading={reply.isPending}>
          {t('thread.replyHere')}
        </Button>
      </Group>
    </Stack>
  );
}
