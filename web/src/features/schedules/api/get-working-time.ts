import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type WorkingTime = components['schemas']['WorkingTimeView'];

/** When each doctor of the branch works on a local day (the grid's shaded hours). */
export function getWorkingTime(branchId: string, date: string): Promise<WorkingTime> {
  return unwrap(api.GET('/api/v1/working-time', { params: { query: { branchId, date } } }));
}

export const workingTimeQueryOptions = (branchId: string, date: string) =>
  queryOptions({ queryKey: ['working-time', branchId, date], queryFn: () => getWorkingTime(branchId, date), staleTime: 60_000 });

export function useWorkingTime(branchId: string | undefined, date: string) {
  return useQuery({ ...workingTimeQueryOptions(branchId ?? '', date), enabled: !!branchId });
}
