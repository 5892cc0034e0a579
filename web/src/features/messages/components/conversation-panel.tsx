import { Alert, Badge, Checkbox, Button, Group, Loader, Modal, Paper, ScrollArea, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBellOff, IconSend } from '@tabler/icons-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../../ui/confirm-button';
import { ErrorAlert } from '../../../ui/error-alert';
import { useCurrentDocument } from '../../consents';
import { type Message, type ThreadOwner, useThread, type WritableChannel } from '../api/get-thread';
import { useRecordMessageConsent } from '../api/record-message-consent';
import { useSendMessage } from '../api/send-message';
import { useSetOptOut } from '../api/set-opt-out';
import { MessageItem } from './message-item';

export interface ConversationPanelProps {
  owner: ThreadOwner;
  zone: string;
  /** Whether this screen may write (an operator on a lead they hold; the server still decides). */
  canWrite: boolean;
  /** The person's personal-data consent: pending lets staff record consent given in the conversation. */
  consentStatus?: 'given' | 'pending' | 'withdrawn';
}

/** The whole conversation with the person, live, and the reply box. */
export function ConversationPanel({ owner, zone, canWrite, consentStatus }: ConversationPanelProps) {
  const { t } = useTranslation();
  const thread = useThread(owner);
  const [consentFrom, setConsentFrom] = useState<Message | null>(null);
  const optOut = useSetOptOut();
  const end = useRef<HTMLDivElement>(null);
  const messages = thread.data ? [...thread.data.data].reverse() : [];
  const newest = thread.data?.data[0]?.id;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [newest]);
  const toggleOptOut = (optedOut: boolean) =>
    optOut.mutate(
      { patientId: thread.data!.patientId, optedOut },
      {
        onSuccess: (r) => notifications.show({ color: 'teal', message: r.optedOut ? t('thread.optedOutDone') : t('thread.optedInDone') }),
      },
    );

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={`thread-${owner.id}`}>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="xs">
          <Text id={`thread-${owner.id}`} component="h3" fw={700}>
            {t('thread.title')}
          </Text>
          {thread.data?.optedOut && (
            <Badge color="orange" variant="light" leftSection={<IconBellOff size={12} />}>
              {t('thread.optedOut')}
            </Badge>
          )}
        </Group>
        {thread.data &&
          (thread.data.optedOut ? (
            <Button size="xs" variant="subtle" color="teal" loading={optOut.isPending} onClick={() => toggleOptOut(false)}>
              {t('thread.optIn')}
            </Button>
          ) : (
            <ConfirmButton
              size="xs"
              variant="subtle"
              color="orange"
              loading={optOut.isPending}
              question={t('thread.optOutText')}
              onConfirm={() => toggleOptOut(true)}
            >
              {t('thread.optOut')}
            </ConfirmButton>
          ))}
      </Group>
      {optOut.isError && <ErrorAlert error={optOut.error} />}
      {thread.isLoading && <Loader role="status" size="sm" aria-label={t('common.loading')} />}
      {thread.isError && <ErrorAlert error={thread.error} onRetry={() => void thread.refetch()} />}
      {thread.data && (
        <Stack gap="sm">
          {messages.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('thread.empty')}
            </Text>
          ) : (
            <ScrollArea.Autosize mah={460} type="auto" offsetScrollbars>
              <Stack component="ol" gap="xs" p={0} m={0} aria-label={t('thread.list')}>
                {messages.map((m) => (
                  <MessageItem key={m.id} message={m} zone={zone} onConsent={consentStatus === 'pending' ? setConsentFrom : undefined} />
                ))}
              </Stack>
              <div ref={end} />
            </ScrollArea.Autosize>
          )}
          {canWrite ? (
            <ReplyBox
              owner={owner}
              channels={thread.data.channels}
              commented={thread.data.data.some((m) => m.channel === 'vk_comment' && m.direction === 'in')}
            />
          ) : (
            owner.kind === 'lead' && (
              <Text size="sm" c="dimmed">
                {t('thread.holdLead')}
              </Text>
            )
          )}
        </Stack>
      )}
      <MessageConsent message={consentFrom} onClose={() => setConsentFrom(null)} />
    </Paper>
  );
}

function ReplyBox({ owner, channels, commented }: { owner: ThreadOwner; channels: WritableChannel[]; commented: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [channel, setChannel] = useState<WritableChannel | null>(null);
  const [marketing, setMarketing] = useState(false);
  const send = useSendMessage(owner);
  const chosen = channel && channels.includes(channel) ? channel : channels[0];
  if (!channels.length)
    return (
      <Alert color="gray" variant="light">
        {commented ? t('thread.answerUnderComment') : t('thread.noChannels')}
      </Alert>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(
      { text, purpose: marketing ? 'marketing' : 'reply', ...(chosen ? { channel: chosen } : {}) },
      {
        onSuccess: () => {
          setText('');
          setMarketing(false);
        },
      },
    );
  };
  return (
    <Stack gap="xs" component="form" onSubmit={submit}>
      <Textarea
        label={t('thread.write')}
        placeholder={t('thread.writePlaceholder')}
        autosize
        minRows={2}
        maxRows={8}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && text.trim()) submit(e);
        }}
      />
      {send.isError && <ErrorAlert error={send.error} />}
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Group gap="xs" style={{ flex: 1, minWidth: 0 }}>
          {channels.length > 1 && (
            <SegmentedControl
              size="xs"
              aria-label={t('thread.sendVia')}
              value={chosen}
              onChange={(v) => setChannel(v as WritableChannel)}
              data={channels.map((c) => ({ value: c, label: t(`thread.channels.${c}`) }))}
            />
          )}
          {channels.length === 1 && (
            <Text size="xs" c="dimmed">
              {t('thread.sendVia')}: {t(`thread.channels.${chosen!}`)}
            </Text>
          )}
          <Checkbox size="xs" label={t('thread.marketing')} checked={marketing} onChange={(e) => setMarketing(e.currentTarget.checked)} />
        </Group>
        <Button type="submit" leftSection={<IconSend size={16} />} disabled={!text.trim()} loading={send.isPending}>
          {t('thread.send')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Consent the person gave in writing, recorded with their message as the evidence. */
function MessageConsent({ message, onClose }: { message: Message | null; onClose: () => void }) {
  const { t } = useTranslation();
  const document = useCurrentDocument(!!message);
  const record = useRecordMessageConsent();
  return (
    <Modal opened={!!message} onClose={onClose} title={t('thread.consentTitle')} centered>
      {message && document.data && (
        <Stack>
          <Text size="sm">{t('thread.consentText', { title: document.data.title, version: document.data.version })}</Text>
          <Paper withBorder p="xs" bg="gray.0">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {message.text}
            </Text>
          </Paper>
          {record.isError && <ErrorAlert error={record.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={record.isPending}
              onClick={() =>
                record.mutate(
                  { messageId: message.id, documentId: document.data.id },
                  {
                    onSuccess: () => {
                      notifications.show({ color: 'teal', message: t('thread.consentRecorded') });
                      onClose();
                    },
                  },
                )
              }
            >
              {t('common.confirm')}
            </Button>
          </Group>
        </Stack>
      )}
      {document.isLoading && <Loader role="status" size="sm" aria-label={t('common.loading')} />}
      {document.isError && (
        <Alert color="red" variant="light">
          {t('consent.noDocument')}
        </Alert>
      )}
    </Modal>
  );
}
