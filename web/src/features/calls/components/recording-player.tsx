import { Alert, Group, Loader, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFile } from '../../../api/client';
import { isApiError } from '../../../api/errors';
import { ErrorAlert } from '../../../ui/error-alert';

/**
 * The PBX's recording, streamed through the app with the session's token (an <audio> element cannot send one) and
 * played from a local copy the player can seek in; the copy is dropped when the player closes.
 */
export function RecordingPlayer({ callId, label }: { callId: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ url?: string; error?: unknown }>({});
  useEffect(() => {
    let url: string | undefined;
    let cancelled = false;
    setState({});
    fetchFile(`/api/v1/calls/${callId}/recording`)
      .then(({ blob }) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setState({ url });
      })
      .catch((error: unknown) => !cancelled && setState({ error }));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [callId]);
  if (state.error) return isApiError(state.error, 'NOT_FOUND') ? <Alert color="gray">{t('review.noRecording')}</Alert> : <ErrorAlert error={state.error} />;
  if (!state.url)
    return (
      <Group gap="xs">
        <Loader size="xs" aria-hidden />
        <Text size="sm" c="dimmed">
          {t('review.loadingRecording')}
        </Text>
      </Group>
    );
  return <audio controls src={state.url} aria-label={label} style={{ width: '100%' }} />;
}
