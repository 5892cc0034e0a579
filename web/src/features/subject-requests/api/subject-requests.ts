import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type SubjectRequest = components['schemas']['SubjectRequestView'];
export type NewSubjectRequest = components['schemas']['CreateSubjectRequestDto'];
export type RequestStatus = 'open' | 'completed' | 'refused';

export function useSubjectRequests(status: RequestStatus | undefined) {
  return useQuery({
    queryKey: ['subject-requests', status ?? 'all'],
    queryFn: () =>
      allPages((cursor) => unwrap(api.GET('/api/v1/subject-requests', { params: { query: { ...(status ? { status } : {}), limit: 200, cursor } } }))),
  });
}

/** The people the requests are from (each read is in their access log, as every read of their data is). */
export function useRequestPeople(patientIds: string[]) {
  return useQueries({
    queries: [...new Set(patientIds)].map((id) => ({
      queryKey: ['patients', id, 'summary'],
      queryFn: () => unwrap(api.GET('/api/v1/patients/{id}', { params: { path: { id } } })),
      staleTime: 5 * 60_000,
    })),
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['subject-requests'] });
}

export function useCreateRequest() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: NewSubjectRequest) => unwrap(api.POST('/api/v1/subject-requests', { body })), onSuccess: refresh });
}

export function useExtendRequest() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST('/api/v1/subject-requests/{id}/extend', { params: { path: { id } }, body: { reason } })),
    onSuccess: refresh,
  });
}

export function useCompleteRequest() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, outcome }: { id: string; outcome: 'completed' | 'refused' }) =>
      unwrap(api.POST('/api/v1/subject-requests/{id}/complete', { params: { path: { id } }, body: { outcome } })),
    onSuccess: refresh,
  });
}

/** Everything held about the person, with who accessed it: what an access request is answered with. */
export function exportPatient(patientId: string) {
  return unwrap(api.GET('/api/v1/patients/{id}/export', { params: { path: { id: patientId } } }));
}

/** Anonymizes the person in every table; the request it answers is completed with it. 409 lists what the clinic may have to keep. */
export function useErasePatient() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ patientId, subjectRequestId, acknowledgeCautions }: { patientId: string; subjectRequestId: string; acknowledgeCautions?: boolean }) =>
      unwrap(
        api.POST('/api/v1/patients/{id}/erase', {
          params: { path: { id: patientId } },
          body: { reason: 'subject_request', subjectRequestId, ...(acknowledgeCautions ? { acknowledgeCautions } : {}) },
        }),
      ),
    onSuccess: refresh,
  });
}
