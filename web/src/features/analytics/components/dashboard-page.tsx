import { Group, Select, Stack, Switch, Tabs, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n';
import { formatLocalDate } from '../../../lib/format';
import { PERIOD_PRESETS } from '../../../lib/period';
import { useBranches, useServices } from '../../catalog';
import { CohortsPanel } from './cohorts-panel';
import { TABS, useDashboardState } from './dashboard-state';
import { DoctorsPanel } from './doctors-panel';
import { type DrillDown, DrillDownDrawer } from './drill-down-drawer';
import { FunnelPanel } from './funnel-panel';
import { MarketingPanel } from './marketing-panel';
import { MessagingPanel } from './messaging-panel';
import { OperatorsPanel } from './operators-panel';
import { SlaPanel } from './sla-panel';

/** Reports for managers: the funnel, marketing money, operators, doctors, returning patients and speed to lead, over a period. */
export function DashboardPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [state, update] = useDashboardState();
  const branches = useBranches().data ?? [];
  const currency = useServices().data?.[0]?.currency ?? 'RUB';
  const [drill, setDrill] = useState<DrillDown | null>(null);
  const { scope, previous } = state;

  return (
    <Stack p="md" gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h3">
            {t('dashboard.title')}
          </Title>
          {previous && (
            <Text size="xs" c="dimmed">
              {t('dashboard.previous', { from: formatLocalDate(previous.from, lang, true), to: formatLocalDate(previous.to, lang, true) })}
            </Text>
          )}
        </div>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            w={170}
            label={t('dashboard.period')}
            value={state.preset}
            allowDeselect={false}
            onChange={(v) => v && v !== 'custom' && update({ preset: v as (typeof PERIOD_PRESETS)[number] })}
            data={[...PERIOD_PRESETS, 'custom' as const].map((p) => ({ value: p, label: t(`dashboard.presets.${p}`), disabled: p === 'custom' }))}
          />
          <DatePickerInput
            type="range"
            w={250}
            label={t('dashboard.dates')}
            valueFormat="D MMM YYYY"
            allowSingleDateInRange
            value={[scope.from, scope.to]}
            maxDate={dayjs().add(1, 'year').format('YYYY-MM-DD')}
            onChange={([from, to]) => from && to && update({ period: { from: dayjs(from).format('YYYY-MM-DD'), to: dayjs(to).format('YYYY-MM-DD') } })}
          />
          <Select
            w={200}
            label={t('dashboard.branch')}
            value={scope.branchId ?? ''}
            allowDeselect={false}
            onChange={(v) => update({ branchId: v || null })}
            data={[{ value: '', label: t('dashboard.allBranches') }, ...branches.map((b) => ({ value: b.id, label: b.name }))]}
          />
          <Switch label={t('dashboard.compare')} checked={!!previous} onChange={(e) => update({ compare: e.currentTarget.checked })} mb={8} />
        </Group>
      </Group>
      <Tabs value={state.tab} onChange={(v) => v && update({ tab: v as (typeof TABS)[number] })} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((tab) => (
            <Tabs.Tab key={tab} value={tab}>
              {tab === 'messaging' ? t('messagingReport.tab') : t(`dashboard.tabs.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="funnel">
          <FunnelPanel scope={scope} previous={previous} currency={currency} onDrill={setDrill} />
        </Tabs.Panel>
        <Tabs.Panel value="marketing">
          <MarketingPanel scope={scope} currency={currency} onDrill={setDrill} />
        </Tabs.Panel>
        <Tabs.Panel value="operators">
          <OperatorsPanel scope={scope} onDrill={setDrill} />
        </Tabs.Panel>
        <Tabs.Panel value="doctors">
          <DoctorsPanel scope={scope} currency={currency} />
        </Tabs.Panel>
        <Tabs.Panel value="cohorts">
          <CohortsPanel scope={scope} />
        </Tabs.Panel>
        <Tabs.Panel value="sla">
          <SlaPanel scope={scope} />
        </Tabs.Panel>
        <Tabs.Panel value="messaging">
          <MessagingPanel scope={scope} />
        </Tabs.Panel>
      </Tabs>
      <DrillDownDrawer drill={drill} onClose={() => setDrill(null)} />
    </Stack>
  );
}
