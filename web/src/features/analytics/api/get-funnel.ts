import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { reportQuery, type ReportScope } from './report-query';

export type FunnelReport = components['schemas']['FunnelReport'];
export type FunnelRow = components['schemas']['FunnelRow'];
export type FunnelGrouping = FunnelReport['groupBy'];

export function getFunnel(scope: ReportScope, groupBy: FunnelGrouping): Promise<FunnelReport> {
  return unwrap(api.GET('/api/v1/analytics/funnel', { params: { query: { ...reportQuery(scope), groupBy } } }));
}

export const funnelQueryOptions = (scope: ReportScope, groupBy: FunnelGrouping) =>
  queryOptions({ queryKey: ['analytics', 'funnel', scope, groupBy], queryFn: () => getFunnel(scope, groupBy), staleTime: 60_000 });

export function useFunnel(scope: ReportScope, groupBy: FunnelGrouping, enabled = true) {
  return useQuery({ ...funnelQueryOptions(scope, groupBy), enabled, placeholderData: keepPreviousData });
}
