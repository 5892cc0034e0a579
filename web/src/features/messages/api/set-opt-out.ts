import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Thread } from './get-thread';

/** Stops (or resumes) every automatic message to the person, as they asked. */
export function setOptOut(patientId: string, optedOut: boolean) {
  return unwrap(api.POST('/api/v1/patients/{id}/messages/opt-out', { params: { path: { id: patientId } }, body: { optedOut } }));
}

export function useSetOptOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patientId, optedOut }: { patientId: string; optedOut: boolean }) => setOptOut(patientId, optedOut),
    onSuccess: (result) => {
      queryClient.setQueriesData<Thread>({ queryKey: ['messages', 'thread'] }, (thread) =>
        thread && thread.patientId === result.patientId ? { ...thread, optedOut: result.optedOut } : thread,
      );
    },
  });
}
