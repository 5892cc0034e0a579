import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { reportQuery, type ReportScope } from './report-query';

export type MessagingReport = components['schemas']['MessagingReport'];

/** Confirmations, no-shows with and without a reminder, reply times, ratings per doctor, recalls and deliveries. */
export const getMessagingReport = (scope: ReportScope) => unwrap(api.GET('/api/v1/analytics/messaging', { params: { query: reportQuery(scope) } }));

export function useMessagingReport(scope: ReportScope) {
  return useQuery({
    queryKey: ['analytics', 'messaging', scope],
    queryFn: () => getMessagingReport(scope),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
