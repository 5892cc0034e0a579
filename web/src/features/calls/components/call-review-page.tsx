import { Checkbox, Drawer, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useLang } from '../../../i18n';
import { saveCsv } from '../../../lib/csv';
import { formatDateTime } from '../../../lib/format';
import { localDateOf, zonedInstant } from '../../../lib/zoned-time';
import { presetPeriod } from '../../../lib/period';
import { CsvButton } from '../../../ui/csv-button';
import { DataState } from '../../../ui/data-state';
import { useUser } from '../../auth';
import { useBranches, zoneOf } from '../../catalog';
import { useStaff } from '../../staff';
import { type Call, useOperatorCalls } from '../api/get-calls';
import { CallReviewPanel } from './call-review-panel';
import { CallsTable } from './calls-table';

const PERIODS = ['last7', 'last30', 'last90'] as const;

/** Staff training and control: a manager picks an operator, plays their calls as the PBX recorded them and scores them. */
export function CallReviewPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const user = useUser();
  const zone = zoneOf(useBranches().data, user.branchIds[0]);
  const [params, setParams] = useSearchParams();
  const operators = (useStaff().data ?? []).filter((s) => s.role === 'operator');
  const operator = params.get('operator');
  const period = (PERIODS as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as (typeof PERIODS)[number]) : 'last30';
  const [recordedOnly, setRecordedOnly] = useState(true);
  const [open, setOpen] = useState<Call | null>(null);
  const range = presetPeriod(period, localDateOf(zone, Date.now()));
  const from = new Date(zonedInstant(zone, range.from)).toISOString();
  const to = new Date(zonedInstant(zone, range.to) + 86_400_000).toISOString();
  const calls = useOperatorCalls(operator, from, to);
  const set = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const rows = (calls.data?.pages.flatMap((p) => p.data) ?? []).filter((c) => !recordedOnly || c.recordingUrl);
  const operatorName = operators.find((o) => o.id === operator)?.fullName ?? '';

  return (
    <Stack p="md" gap="md" maw={1200}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1} size="h3">
          {t('review.title')}
        </Title>
        <Group gap="sm" align="flex-end">
          <Select
            w={260}
            label={t('review.operator')}
            placeholder={t('review.pickOperator')}
            value={operator}
            searchable
            data={operators.map((o) => ({ value: o.id, label: o.fullName }))}
            onChange={(v) => v && set('operator', v)}
          />
          <Select
            w={160}
            label={t('review.period')}
            value={period}
            allowDeselect={false}
            onChange={(v) => v && set('period', v)}
            data={PERIODS.map((p) => ({ value: p, label: t(`dashboard.presets.${p}`) }))}
          />
          <Checkbox label={t('review.withRecording')} checked={recordedOnly} onChange={(e) => setRecordedOnly(e.currentTarget.checked)} mb={8} />
        </Group>
      </Group>
      <Paper withBorder radius="md" p="md">
        {!operator ? (
          <Text c="dimmed">{t('review.pickOperator')}</Text>
        ) : (
          <>
            <Group justify="flex-end" mb="xs">
              <CsvButton
                onDownload={() =>
                  saveCsv(
                    `calls-${range.from}-${range.to}`,
                    ['startedAt', 'operator', 'direction', 'phone', 'durationSec', 'outcome', 'recorded', 'reviewScore'],
                    rows.map((c) => [
                      c.startedAt,
                      operatorName,
                      c.direction,
                      c.phone,
                      c.durationSec,
                      c.missed ? 'missed' : c.outcome,
                      !!c.recordingUrl,
                      c.reviewScore,
                    ]),
                  )
                }
              />
            </Group>
            <DataState query={calls} empty={() => !rows.length} emptyText={t('review.empty')}>
              {() => (
                <CallsTable
                  calls={rows}
                  zone={zone}
                  onOpen={setOpen}
                  personLink={(c) => (c.patientId ? `/patients/${c.patientId}` : null)}
                  hasMore={!!calls.hasNextPage}
                  loadMore={() => void calls.fetchNextPage()}
                  loadingMore={calls.isFetchingNextPage}
                />
              )}
            </DataState>
          </>
        )}
      </Paper>
      <Drawer
        opened={!!open}
        onClose={() => setOpen(null)}
        position="right"
        size="lg"
        title={open ? `${operatorName} · ${t('review.call', { time: formatDateTime(open.startedAt, zone, lang) })}` : ''}
      >
        {open && <CallReviewPanel key={open.id} call={open} zone={zone} canReview />}
      </Drawer>
    </Stack>
  );
}
