import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type FloorView = components['schemas']['FloorView'];
export type FloorStaff = components['schemas']['FloorStaff'];
export type FloorBranch = components['schemas']['FloorBranch'];

export const getFloor = () => unwrap(api.GET('/api/v1/floor'));

export const floorQueryOptions = () => queryOptions({ queryKey: ['floor'], queryFn: getFloor, staleTime: 0 });

export function useFloor() {
  return useQuery({ ...floorQueryOptions(), refetchInterval: 60_000 });
}
