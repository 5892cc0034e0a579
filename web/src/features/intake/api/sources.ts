import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type IntakeSource = components['schemas']['IntakeSourceView'];
export type IntakeSourceWithKey = components['schemas']['IntakeSourceWithKey'];
export type NewIntakeSource = components['schemas']['CreateIntakeSourceDto'];
export type IntakeSourceChange = components['schemas']['UpdateIntakeSourceDto'];

export function useIntakeSources() {
  return useQuery({ queryKey: ['intake-sources'], queryFn: async () => (await unwrap(api.GET('/api/v1/intake-sources'))).data });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['intake-sources'] });
}

export function useCreateSource() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: NewIntakeSource) => unwrap(api.POST('/api/v1/intake-sources', { body })), onSuccess: refresh });
}

export function useUpdateSource() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, ...body }: IntakeSourceChange & { id: string }) => unwrap(api.PATCH('/api/v1/intake-sources/{id}', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

export function useRotateKey() {
  return useMutation({ mutationFn: (id: string) => unwrap(api.POST('/api/v1/intake-sources/{id}/rotate-key', { params: { path: { id } } })) });
}

/** A test inquiry through the source's own public path; it lands in the operators' queue. */
export function useTestSource() {
  return useMutation({ mutationFn: (id: string) => unwrap(api.POST('/api/v1/intake-sources/{id}/test', { params: { path: { id } } })) });
}
