import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type NewCall = components['schemas']['CreateCallDto'];
export type CallOutcome = NewCall['outcome'];

export function recordCall(body: NewCall) {
  return unwrap(api.POST('/api/v1/calls', { body }));
}

/** Records what happened on a call; the outcome moves the lead (booked, lost, junk) or schedules a callback. */
export function useRecordCall() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: recordCall,
    onSuccess: (call) => {
      if (call.leadId) void queryClient.invalidateQueries({ queryKey: ['leads', call.leadId] });
      if (call.patientId) void queryClient.invalidateQueries({ queryKey: ['patients', call.patientId] });
      void queryClient.invalidateQueries({ queryKey: ['queue'] });
      void queryClient.invalidateQueries({ queryKey: ['callbacks'] });
    },
  });
}
