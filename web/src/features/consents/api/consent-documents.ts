import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type ConsentDocument = components['schemas']['ConsentDocumentView'];
export type NewConsentDocument = components['schemas']['CreateConsentDocumentDto'];

export function useConsentDocuments() {
  return useQuery({ queryKey: ['consent-documents'], queryFn: async () => (await unwrap(api.GET('/api/v1/consent-documents'))).data });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['consent-documents'] });
}

export function useSaveConsentDocument() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, ...body }: NewConsentDocument & { id?: string }) => {
      if (!id) return unwrap(api.POST('/api/v1/consent-documents', { body }));
      const { kind: _kind, ...change } = body;
      return unwrap(api.PATCH('/api/v1/consent-documents/{id}', { params: { path: { id } }, body: change }));
    },
    onSuccess: refresh,
  });
}

/** Publishing fixes the text (its SHA-256) and makes it the current version; 422 names the required contents it lacks. */
export function usePublishConsentDocument() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/consent-documents/{id}/publish', { params: { path: { id } } })),
    onSuccess: refresh,
  });
}
