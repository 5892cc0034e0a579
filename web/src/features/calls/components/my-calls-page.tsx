import { Drawer, Paper, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useLang } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { presetPeriod } from '../../../lib/period';
import { localDateOf, zonedInstant } from '../../../lib/zoned-time';
import { DataState } from '../../../ui/data-state';
import { useUser } from '../../auth';
import { useBranches, zoneOf } from '../../catalog';
import { type Call, useOperatorCalls } from '../api/get-calls';
import { CallReviewPanel } from './call-review-panel';
import { CallsTable } from './calls-table';

/** An operator's own calls of the last 30 days, with the scores and comments managers gave them. */
export function MyCallsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const zone = zoneOf(useBranches().data, user.branchIds[0]);
  const range = presetPeriod('last30', localDateOf(zone, Date.now()));
  const calls = useOperatorCalls(
    'me',
    new Date(zonedInstant(zone, range.from)).toISOString(),
    new Date(zonedInstant(zone, range.to) + 86_400_000).toISOString(),
  );
  const [params, setParams] = useSearchParams();
  const rows = calls.data?.pages.flatMap((p) => p.data) ?? [];
  const [picked, setPicked] = useState<Call | null>(null);
  const open = picked ?? rows.find((c) => c.id === params.get('call')) ?? null;
  const close = () => {
    setPicked(null);
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.delete('call');
        return next;
      },
      { replace: true },
    );
  };
  return (
    <Stack p="md" gap="md" maw={1100}>
      <Title order={1} size="h3">
        {t('myCalls.title')}
      </Title>
      <Paper withBorder radius="md" p="md">
        <DataState query={calls} empty={() => !rows.length} emptyText={t('review.empty')}>
          {() => (
            <CallsTable
              calls={rows}
              zone={zone}
              onOpen={setPicked}
              personLink={(c) => (c.leadId ? `/desk/leads/${c.leadId}` : null)}
              hasMore={!!calls.hasNextPage}
              loadMore={() => void calls.fetchNextPage()}
              loadingMore={calls.isFetchingNextPage}
            />
          )}
        </DataState>
      </Paper>
      <Drawer
        opened={!!open}
        onClose={close}
        position="right"
        size="lg"
        title={open ? t('review.call', { time: formatDateTime(open.startedAt, zone, lang) }) : ''}
      >
        {open && <CallReviewPanel key={open.id} call={open} zone={zone} canReview={false} />}
      </Drawer>
    </Stack>
  );
}
