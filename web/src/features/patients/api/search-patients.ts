import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Patient = components['schemas']['PatientView'];

/** A phone number when the text is mostly digits, otherwise the start of a last or first name. */
export function searchTerms(text: string): { q?: string; phone?: string } | null {
  const value = text.trim();
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 5 && digits.length >= value.replace(/[\s()+-]/g, '').length - 1) return { phone: value };
  return value.length >= 2 ? { q: value } : null;
}

export async function searchPatients(terms: { q?: string; phone?: string }): Promise<Patient[]> {
  return (await unwrap(api.GET('/api/v1/patients', { params: { query: { ...terms, limit: 20 } } }))).data;
}

export const patientSearchQueryOptions = (text: string) => {
  const terms = searchTerms(text);
  return queryOptions({ queryKey: ['patients', 'search', terms], queryFn: () => searchPatients(terms!), enabled: !!terms, placeholderData: keepPreviousData });
};

export function usePatientSearch(text: string) {
  return useQuery(patientSearchQueryOptions(text));
}
