import { Alert, Badge, Button, Checkbox, Group, Loader, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { useLang } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { ErrorAlert } from '../../../ui/error-alert';
import { errorText } from '../../../ui/error-text';
import { useSettings } from '../../settings';
import { useStaffNames } from '../../staff';
import { type CallReview, useCallReview, useReviewCall } from '../api/call-review';
import type { Call } from '../api/get-calls';
import { RecordingPlayer } from './recording-player';

/**
 * One call under review: the recording, and (for managers) the clinic's checklist to score it with and a comment for
 * the operator; operators see the score and comment they were given.
 */
export function CallReviewPanel({ call, zone, canReview }: { call: Call; zone: string; canReview: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const review = useCallReview(call.id);
  const when = formatDateTime(call.startedAt, zone, lang);
  return (
    <Stack gap="md">
      {call.recordingUrl ? <RecordingPlayer callId={call.id} label={`${t('review.play')}: ${when}`} /> : <Alert color="gray">{t('review.noRecording')}</Alert>}
      {review.isLoading ? (
        <Loader role="status" size="sm" aria-label={t('common.loading')} />
      ) : review.isError ? (
        isApiError(review.error, 'FORBIDDEN') ? (
          <Alert color="gray">{t('review.restricted')}</Alert>
        ) : (
          <ErrorAlert error={review.error} onRetry={() => void review.refetch()} />
        )
      ) : canReview ? (
        <ReviewForm key={review.data?.updatedAt ?? 'new'} callId={call.id} review={review.data ?? null} zone={zone} />
      ) : review.data ? (
        <ReviewShown review={review.data} zone={zone} />
      ) : (
        <Text c="dimmed">{t('myCalls.notReviewed')}</Text>
      )}
    </Stack>
  );
}

function ReviewForm({ callId, review, zone }: { callId: string; review: CallReview | null; zone: string }) {
  const { t, i18n } = useTranslation();
  const settings = useSettings(!review);
  const save = useReviewCall();
  const points = review ? review.checklist.map((p) => p.point) : (settings.data?.callReviewChecklist ?? []);
  const [met, setMet] = useState<boolean[]>(review ? review.checklist.map((p) => p.met) : []);
  const [comment, setComment] = useState(review?.comment ?? '');
  useEffect(() => {
    if (!review && settings.data) setMet(settings.data.callReviewChecklist.map(() => false));
  }, [review, settings.data]);
  if (!review && settings.isLoading) return <Loader role="status" size="sm" aria-label={t('common.loading')} />;
  const score = points.length ? Math.round((100 * met.filter(Boolean).length) / points.length) : 0;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t('review.checklist')}
        </Title>
        <Badge size="lg" color={score >= 80 ? 'teal' : score >= 50 ? 'yellow' : 'red'} variant="light">
          {t('review.scoreValue', { score })}
        </Badge>
      </Group>
      <Checkbox.Group
        value={met.flatMap((m, i) => (m ? [String(i)] : []))}
        onChange={(values) => setMet(points.map((_, i) => values.includes(String(i))))}
        label={t('review.checklist')}
        styles={{ label: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' } }}
      >
        <Stack gap={6}>
          {points.map((point, i) => (
            <Checkbox key={point} value={String(i)} label={point} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Textarea label={t('review.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
      {review && <ReviewedBy review={review} zone={zone} withName />}
      {save.isError && <ErrorAlert error={save.error} />}
      <Group justify="flex-end">
        <Button
          loading={save.isPending}
          disabled={!points.length}
          onClick={() =>
            save.mutate(
              { callId, met, comment: comment.trim() || undefined },
              {
                onSuccess: () => notifications.show({ color: 'teal', message: t('review.saved') }),
                onError: (error) => notifications.show({ color: 'red', message: errorText(t, error, i18n.language) }),
              },
            )
          }
        >
          {t('review.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function ReviewShown({ review, zone }: { review: CallReview; zone: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t('review.checklist')}
        </Title>
        <Badge size="lg" color={review.score >= 80 ? 'teal' : review.score >= 50 ? 'yellow' : 'red'} variant="light">
          {t('review.scoreValue', { score: review.score })}
        </Badge>
      </Group>
      <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {review.checklist.map((p) => (
          <Group key={p.point} gap="xs" component="li" wrap="nowrap">
            {p.met ? (
              <IconCheck size={16} color="var(--mantine-color-teal-9)" aria-label={t('review.met')} />
            ) : (
              <IconX size={16} color="var(--mantine-color-red-9)" aria-label={t('review.notMet')} />
            )}
            <Text size="sm">{p.point}</Text>
          </Group>
        ))}
      </Stack>
      {review.comment && (
        <Alert color="blue" title={t('myCalls.commentFrom')}>
          {review.comment}
        </Alert>
      )}
      <ReviewedBy review={review} zone={zone} withName={false} />
    </Stack>
  );
}

/** When the review was made, and by whom (the staff list is for managers: operators see the time only). */
function ReviewedBy({ review, zone, withName }: { review: CallReview; zone: string; withName: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const name = useStaffNames(withName)(review.reviewerId);
  const time = formatDateTime(review.updatedAt, zone, lang);
  return (
    <Text size="xs" c="dimmed">
      {withName ? t('review.reviewedBy', { name: name ?? '—', time }) : t('review.reviewedAt', { time })}
    </Text>
  );
}
