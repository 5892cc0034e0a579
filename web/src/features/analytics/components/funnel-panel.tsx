import { Paper, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useLang } from '../../../i18n';
import { bucketFor } from '../../../lib/period';
import { CsvButton } from '../../../ui/csv-button';
import { DataState } from '../../../ui/data-state';
import { SectionCard } from '../../../ui/section-card';
import { downloadReport } from '../api/download-report';
import { type FunnelRow, useFunnel } from '../api/get-funnel';
import type { ReportScope } from '../api/report-query';
import type { DrillDown } from './drill-down-drawer';
import { GroupChart, TOP_GROUPS } from './group-chart';
import { cellFilter, type Dimension, DIMENSIONS, groupLabel, type Stage, totalFilter } from './groups';
import { KpiCards } from './kpi-cards';
import { StagesChart } from './stages-chart';
import { TrendChart } from './trend-chart';
import { FunnelTable } from './funnel-table';

/** The funnel of the period: headline figures, stages, trend, and any breakdown with a way into every cell's leads. */
export function FunnelPanel({
  scope,
  previous,
  currency,
  onDrill,
}: {
  scope: ReportScope;
  previous: ReportScope | null;
  currency: string;
  onDrill: (drill: DrillDown) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const grouping = (DIMENSIONS as string[]).includes(params.get('group') ?? '') ? (params.get('group') as Dimension) : 'channel';
  const unit = bucketFor(scope);
  const groups = useFunnel(scope, grouping);
  const groupsBefore = useFunnel(previous ?? scope, grouping, !!previous);
  const trend = useFunnel(scope, unit);
  const trendBefore = useFunnel(previous ?? scope, unit, !!previous);
  const labelOf = useCallback((row: FunnelRow) => groupLabel(t, grouping, row, lang), [t, grouping, lang]);

  const open = (grouping: Dimension | typeof unit | null, row: FunnelRow | null, stage: Stage) => {
    const group = row && grouping ? groupLabel(t, grouping, row, lang) : t('dashboard.total');
    onDrill({
      title: t('dashboard.drill.title', { stage: t(`dashboard.stages.${stage}`), group }),
      filter: row && grouping ? cellFilter(grouping, row.key, stage, scope, row.channel) : totalFilter(stage, scope),
      count: (row ?? groups.data!.total)[stage],
    });
  };

  return (
    <Stack gap="md">
      <DataState query={groups}>
        {(report) => (
          <>
            <KpiCards total={report.total} previous={previous ? (groupsBefore.data?.total ?? null) : null} currency={currency} />
            {!report.total.leads && !report.total.spend && !report.total.revenue ? (
              // Charts of nothing look broken: a quiet period says so instead.
              <Paper withBorder radius="md" p="xl">
                <Text ta="center" c="dimmed">
                  {t('dashboard.empty')}
                </Text>
              </Paper>
            ) : (
              <>
                <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
                  <SectionCard title={t('dashboard.tabs.funnel')}>
                    <StagesChart
                      total={report.total}
                      previous={previous ? (groupsBefore.data?.total ?? null) : null}
                      onOpen={(stage) => open(null, null, stage)}
                    />
                  </SectionCard>
                  <SectionCard title={t('dashboard.trend')}>
                    <DataState query={trend}>
                      {(rows) => (
                        <TrendChart
                          rows={rows.data}
                          previous={previous ? (trendBefore.data?.data ?? null) : null}
                          unit={unit}
                          onOpen={(row) => open(unit, row, 'leads')}
                        />
                      )}
                    </DataState>
                  </SectionCard>
                </SimpleGrid>
                <SectionCard
                  title={t('dashboard.groupsChart', { grouping: t(`dashboard.groupings.${grouping}`) })}
                  actions={
                    <>
                      <SegmentedControl
                        size="xs"
                        value={grouping}
                        aria-label={t('dashboard.groupBy')}
                        onChange={(value) =>
                          setParams(
                            (p) => {
                              const next = new URLSearchParams(p);
                              next.set('group', value);
                              return next;
                            },
                            { replace: true },
                          )
                        }
                        data={DIMENSIONS.map((d) => ({ value: d, label: t(`dashboard.groupings.${d}`) }))}
                      />
                      <CsvButton onDownload={() => downloadReport('funnel', scope, { groupBy: grouping })} />
                    </>
                  }
                >
                  {report.data.filter((r) => r.leads > 0).length > TOP_GROUPS && (
                    <Text size="xs" c="dimmed" mb="xs">
                      {t('dashboard.topGroups', { count: TOP_GROUPS })}
                    </Text>
                  )}
                  <GroupChart
                    rows={report.data}
                    labelOf={labelOf}
                    title={t('dashboard.groupsChart', { grouping: t(`dashboard.groupings.${grouping}`) })}
                    onOpen={(row, stage) => open(grouping, row, stage)}
                  />
                  <FunnelTable
                    rows={report.data}
                    total={report.total}
                    previous={previous ? (groupsBefore.data?.data ?? null) : null}
                    labelOf={labelOf}
                    onOpen={(row, stage) => open(row ? grouping : null, row, stage)}
                  />
                </SectionCard>
              </>
            )}
          </>
        )}
      </DataState>
    </Stack>
  );
}
