import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type Period, PERIOD_PRESETS, type PeriodPreset, presetPeriod, previousPeriod } from '../../../lib/period';
import { localDateOf } from '../../../lib/zoned-time';
import { useUser } from '../../auth';
import { useBranches, zoneOf } from '../../catalog';
import type { ReportScope } from '../api/report-query';

export const TABS = ['funnel', 'marketing', 'operators', 'doctors', 'cohorts', 'sla', 'messaging'] as const;
export type DashboardTab = (typeof TABS)[number];

export interface DashboardState {
  tab: DashboardTab;
  preset: PeriodPreset | 'custom';
  scope: ReportScope;
  /** The period of the same length before, when comparing. */
  previous: ReportScope | null;
  zone: string;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The dashboard's choices live in the address, so a view can be bookmarked and sent to a colleague. */
export function useDashboardState(): [
  DashboardState,
  (change: Partial<{ tab: DashboardTab; preset: PeriodPreset | 'custom'; period: Period; branchId: string | null; compare: boolean }>) => void,
] {
  const [params, setParams] = useSearchParams();
  const user = useUser();
  const zone = zoneOf(useBranches().data, user.branchIds[0]);
  const state = useMemo<DashboardState>(() => {
    const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as DashboardTab) : 'funnel';
    const from = params.get('from');
    const to = params.get('to');
    const custom = from && to && LOCAL_DATE.test(from) && LOCAL_DATE.test(to) && from <= to;
    const named = params.get('preset');
    const preset: PeriodPreset = (PERIOD_PRESETS as readonly string[]).includes(named ?? '') ? (named as PeriodPreset) : 'last30';
    const period = custom ? { from, to } : presetPeriod(preset, localDateOf(zone, Date.now()));
    const scope: ReportScope = { ...period, ...(params.get('branch') ? { branchId: params.get('branch')! } : {}) };
    const compare = params.get('compare') !== '0';
    return { tab, preset: custom ? 'custom' : preset, scope, previous: compare ? { ...scope, ...previousPeriod(period) } : null, zone };
  }, [params, zone]);

  const update = (change: Partial<{ tab: DashboardTab; preset: PeriodPreset | 'custom'; period: Period; branchId: string | null; compare: boolean }>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (change.tab) next.set('tab', change.tab);
        if (change.preset && change.preset !== 'custom') {
          next.set('preset', change.preset);
          next.delete('from');
          next.delete('to');
        }
        if (change.period) {
          next.set('from', change.period.from);
          next.set('to', change.period.to);
          next.delete('preset');
        }
        if (change.branchId !== undefined) {
          if (change.branchId) next.set('branch', change.branchId);
          else next.delete('branch');
        }
        if (change.compare !== undefined) {
          if (change.compare) next.delete('compare');
          else next.set('compare', '0');
        }
        return next;
      },
      { replace: true },
    );
  };
  return [state, update];
}
