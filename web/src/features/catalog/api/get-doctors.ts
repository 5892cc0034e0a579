import { queryOptions, useQuery } from '@tanstack/react-query';
import { allPages, api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Doctor = components['schemas']['DoctorView'];

/** Active doctors (of one branch when given), in the order the clinic lists them. */
export function getDoctors(branchId?: string): Promise<Doctor[]> {
  return allPages((cursor) =>
    unwrap(api.GET('/api/v1/doctors', { params: { query: { active: true, limit: 200, cursor, ...(branchId ? { branchId } : {}) } } })),
  );
}

export const doctorsQueryOptions = (branchId?: string) =>
  queryOptions({ queryKey: ['catalog', 'doctors', branchId ?? 'all'], queryFn: () => getDoctors(branchId), staleTime: 5 * 60_000 });

export function useDoctors(branchId?: string, enabled = true) {
  return useQuery({ ...doctorsQueryOptions(branchId), enabled });
}
