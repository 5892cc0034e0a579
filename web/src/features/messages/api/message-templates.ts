import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type MessageTemplate = components['schemas']['TemplateView'];
export type TemplateLanguage = MessageTemplate['language'];
export type TemplatePurpose = MessageTemplate['purpose'];

/** The texts in force for a branch (its own, else clinic-wide, else built in) in one language. */
export function getTemplates(branchId: string | null, language: TemplateLanguage): Promise<MessageTemplate[]> {
  return unwrap(api.GET('/api/v1/message-templates', { params: { query: { language, ...(branchId ? { branchId } : {}) } } })).then((r) => r.data);
}

export const templatesQueryOptions = (branchId: string | null, language: TemplateLanguage) =>
  queryOptions({ queryKey: ['message-templates', branchId ?? 'clinic', language], queryFn: () => getTemplates(branchId, language) });

export function useTemplates(branchId: string | null, language: TemplateLanguage) {
  return useQuery(templatesQueryOptions(branchId, language));
}

export function useSaveTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['PutTemplateDto']) => unwrap(api.PUT('/api/v1/message-templates', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['message-templates'] }),
  });
}

export function useDeleteTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/message-templates/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['message-templates'] }),
  });
}
