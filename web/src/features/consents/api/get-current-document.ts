import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type ConsentDocument = components['schemas']['PublicConsentDocumentView'];

/** The consent text now in force, which a verbal consent on the phone refers to. */
export function getCurrentDocument(): Promise<ConsentDocument> {
  return unwrap(api.GET('/api/v1/public/consent-documents/current', { params: { query: { kind: 'personal_data' } } }));
}

export const currentDocumentQueryOptions = () =>
  queryOptions({ queryKey: ['consent-documents', 'current', 'personal_data'], queryFn: getCurrentDocument, staleTime: 10 * 60_000, retry: false });

export function useCurrentDocument(enabled = true) {
  return useQuery({ ...currentDocumentQueryOptions(), enabled });
}
