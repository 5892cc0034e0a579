import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { searchPatients } from './search-patients';

export type Duplicate = components['schemas']['DuplicateView'];

/** Records the server proposes as the same person (same phone or email); a manager merges them. */
export async function getDuplicates(id: string): Promise<Duplicate[]> {
  return (await unwrap(api.GET('/api/v1/patients/{id}/duplicates', { params: { path: { id } } }))).data;
}

export const duplicatesQueryOptions = (id: string) => queryOptions({ queryKey: ['patients', id, 'duplicates'], queryFn: () => getDuplicates(id) });

export function useDuplicates(id: string, enabled: boolean) {
  return useQuery({ ...duplicatesQueryOptions(id), enabled });
}

/** Other people with the same phone, for staff who do not merge records (families share numbers). */
export const samePhoneQueryOptions = (phone: string) => queryOptions({ queryKey: ['patients', 'search', { phone }], queryFn: () => searchPatients({ phone }) });

export function useSamePhone(phone: string | null | undefined, enabled: boolean) {
  return useQuery({ ...samePhoneQueryOptions(phone ?? ''), enabled: enabled && !!phone });
}
