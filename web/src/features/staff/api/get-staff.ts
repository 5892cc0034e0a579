import { queryOptions, useQuery } from '@tanstack/react-query';
import { allPages, api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type StaffMember = components['schemas']['StaffView'];

/** Everyone on the staff, active or not (managers and admins may read the list). */
export function getStaff(): Promise<StaffMember[]> {
  return allPages((cursor) => unwrap(api.GET('/api/v1/staff', { params: { query: { limit: 200, cursor } } })));
}

export const staffQueryOptions = () => queryOptions({ queryKey: ['staff'], queryFn: getStaff, staleTime: 60_000 });

export function useStaff(enabled = true) {
  return useQuery({ ...staffQueryOptions(), enabled });
}

/** A staff member's name by id, from the list once loaded. */
export function useStaffNames(enabled = true): (id: string | null | undefined) => string | null {
  const staff = useStaff(enabled).data;
  return (id) => (id ? (staff?.find((s) => s.id === id)?.fullName ?? null) : null);
}
