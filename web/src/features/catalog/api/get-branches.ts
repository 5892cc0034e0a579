import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Branch = components['schemas']['BranchView'];

export async function getBranches(): Promise<Branch[]> {
  return (await unwrap(api.GET('/api/v1/branches'))).data;
}

export const branchesQueryOptions = () => queryOptions({ queryKey: ['catalog', 'branches'], queryFn: getBranches, staleTime: 5 * 60_000 });

export function useBranches() {
  return useQuery(branchesQueryOptions());
}

/** The branch's zone, or the browser's while branches load. */
export function zoneOf(branches: Branch[] | undefined, branchId: string | null | undefined): string {
  return branches?.find((b) => b.id === branchId)?.timezone ?? branches?.[0]?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}
