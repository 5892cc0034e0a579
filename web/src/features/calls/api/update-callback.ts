import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

type Change = components['schemas']['UpdateCallbackDto'];

export function updateCallback(id: string, body: Change) {
  return unwrap(api.PATCH('/api/v1/callbacks/{id}', { params: { path: { id } }, body }));
}

export function useUpdateCallback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Change & { id: string }) => updateCallback(id, body),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['callbacks'] });
      void queryClient.invalidateQueries({ queryKey: ['queue'] });
    },
  });
}
