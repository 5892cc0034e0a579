import { Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatAmount, formatChange, formatNumber, formatPercent } from '../../../lib/format';
import { change } from '../../../lib/period';
import type { FunnelRow } from '../api/get-funnel';

interface Kpi {
  label: string;
  value: string;
  /** Change vs the previous period, and whether up is good. */
  delta: number | null;
  upIsGood: boolean;
  note?: string;
}

/** The period's headline figures, each against the period before. */
export function KpiCards({ total, previous, currency }: { total: FunnelRow; previous: FunnelRow | null; currency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  // A share of no inquiries says nothing: the note is left out.
  const of = (value: number) => (total.leads ? t('dashboard.ofLeads', { value: formatPercent(value / total.leads, lang) }) : undefined);
  const d = (pick: (row: FunnelRow) => number | null) => (previous ? change(pick(total), pick(previous)) : null);
  const kpis: Kpi[] = [
    { label: t('dashboard.stages.leads'), value: formatNumber(total.leads, lang), delta: d((r) => r.leads), upIsGood: true },
    {
      label: t('dashboard.stages.contacted'),
      value: formatNumber(total.contacted, lang),
      delta: d((r) => r.contacted),
      upIsGood: true,
      note: of(total.contacted),
    },
    { label: t('dashboard.stages.booked'), value: formatNumber(total.booked, lang), delta: d((r) => r.booked), upIsGood: true, note: of(total.booked) },
    { label: t('dashboard.stages.visited'), value: formatNumber(total.visited, lang), delta: d((r) => r.visited), upIsGood: true, note: of(total.visited) },
    { label: t('dashboard.stages.repeat'), value: formatNumber(total.repeat, lang), delta: d((r) => r.repeat), upIsGood: true, note: of(total.repeat) },
    { label: t('dashboard.kpi.revenue'), value: formatAmount(total.revenue, currency, lang), delta: d((r) => r.revenue), upIsGood: true },
    { label: t('dashboard.kpi.spend'), value: formatAmount(total.spend, currency, lang), delta: d((r) => r.spend), upIsGood: false },
    {
      label: t('dashboard.kpi.romi'),
      value: formatPercent(total.romi, lang),
      delta: d((r) => r.romi),
      upIsGood: true,
      note: total.cpl === null ? undefined : `${t('dashboard.kpi.cpl')}: ${formatAmount(total.cpl, currency, lang)}`,
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      {kpis.map((kpi) => (
        <Paper key={kpi.label} withBorder radius="md" p="sm" role="group" aria-label={kpi.label}>
          <Text size="xs" c="dimmed" fw={600}>
            {kpi.label}
          </Text>
          <Text fw={700} fz={24} lh={1.3}>
            {kpi.value}
          </Text>
          {kpi.note && (
            <Text size="xs" c="dimmed">
              {kpi.note}
            </Text>
          )}
          <Delta delta={kpi.delta} upIsGood={kpi.upIsGood} hasPrevious={!!previous} />
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function Delta({ delta, upIsGood, hasPrevious }: { delta: number | null; upIsGood: boolean; hasPrevious: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!hasPrevious) return null;
  if (delta === null)
    return (
      <Text size="xs" c="dimmed">
        {t('dashboard.noPrevious')}
      </Text>
    );
  const good = delta === 0 ? null : delta > 0 === upIsGood;
  const Icon = delta >= 0 ? IconArrowUpRight : IconArrowDownRight;
  return (
    <Group gap={2} wrap="nowrap">
      <Icon size={14} color={`var(--mantine-color-${good === null ? 'gray' : good ? 'teal' : 'red'}-9)`} aria-hidden />
      <Text size="xs" c={good === null ? 'dimmed' : good ? 'teal.9' : 'red.9'}>
        {t('dashboard.vsPrevious', { value: formatChange(delta, lang) })}
      </Text>
    </Group>
  );
}
