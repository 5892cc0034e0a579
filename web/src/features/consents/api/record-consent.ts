import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

type RecordConsent = components['schemas']['RecordConsentDto'];

export function recordConsent(patientId: string, body: RecordConsent) {
  return unwrap(api.POST('/api/v1/patients/{id}/consents', { params: { path: { id: patientId } }, body }));
}

/** Records the person's consent (given on the phone); their inquiries waiting for it have it from now on. */
export function useRecordConsent(patientId: string, leadId?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordConsent) => recordConsent(patientId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['patients', patientId] });
      if (leadId) void queryClient.invalidateQueries({ queryKey: ['leads', leadId] });
      void queryClient.invalidateQueries({ queryKey: ['queue'] });
    },
  });
}
