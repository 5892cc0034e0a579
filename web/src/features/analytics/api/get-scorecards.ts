import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { reportQuery, type ReportScope } from './report-query';

export type OperatorScorecard = components['schemas']['OperatorScorecard'];
export type DoctorScorecard = components['schemas']['DoctorScorecard'];
export type RepeatCohort = components['schemas']['RepeatCohort'];
export type SlaReport = components['schemas']['SlaReport'];

export const getOperatorScorecards = (scope: ReportScope) => unwrap(api.GET('/api/v1/analytics/operators', { params: { query: reportQuery(scope) } }));
export const getDoctorScorecards = (scope: ReportScope) => unwrap(api.GET('/api/v1/analytics/doctors', { params: { query: reportQuery(scope) } }));
export const getRepeatVisits = (scope: ReportScope) => unwrap(api.GET('/api/v1/analytics/repeat-visits', { params: { query: reportQuery(scope) } }));
export const getSla = (scope: ReportScope) => unwrap(api.GET('/api/v1/analytics/sla', { params: { query: { ...reportQuery(scope), limit: 100 } } }));

const options = { staleTime: 60_000, placeholderData: keepPreviousData } as const;

export function useOperatorScorecards(scope: ReportScope) {
  return useQuery({ queryKey: ['analytics', 'operators', scope], queryFn: () => getOperatorScorecards(scope), ...options });
}

export function useDoctorScorecards(scope: ReportScope) {
  return useQuery({ queryKey: ['analytics', 'doctors', scope], queryFn: () => getDoctorScorecards(scope), ...options });
}

export function useRepeatVisits(scope: ReportScope) {
  return useQuery({ queryKey: ['analytics', 'repeat-visits', scope], queryFn: () => getRepeatVisits(scope), ...options });
}

export function useSla(scope: ReportScope) {
  return useQuery({ queryKey: ['analytics', 'sla', scope], queryFn: () => getSla(scope), ...options });
}
