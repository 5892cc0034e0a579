import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type BranchChange = components['schemas']['CreateBranchDto'] & { active?: boolean };
export type DoctorInput = components['schemas']['CreateDoctorDto'];
export type DoctorChange = components['schemas']['UpdateDoctorDto'];
export type ServiceInput = components['schemas']['CreateServiceDto'];
export type ServiceChange = components['schemas']['UpdateServiceDto'];

/** The catalog as admins edit it: inactive doctors and services too. */
export function useAllDoctors() {
  return useQuery({
    queryKey: ['catalog', 'doctors', 'every'],
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/doctors', { params: { query: { limit: 200, cursor } } }))),
  });
}

export function useAllServices() {
  return useQuery({ queryKey: ['catalog', 'services', 'every'], queryFn: async () => (await unwrap(api.GET('/api/v1/services'))).data });
}

function useCatalogRefresh() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['catalog'] });
}

export function useSaveBranch() {
  const refresh = useCatalogRefresh();
  return useMutation({
    mutationFn: ({ id, ...body }: BranchChange & { id?: string }) =>
      id ? unwrap(api.PATCH('/api/v1/branches/{id}', { params: { path: { id } }, body })) : unwrap(api.POST('/api/v1/branches', { body })),
    onSuccess: refresh,
  });
}

export function useSaveDoctor() {
  const refresh = useCatalogRefresh();
  return useMutation({
    mutationFn: ({ id, ...body }: DoctorChange & { id?: string }) =>
      id ? unwrap(api.PATCH('/api/v1/doctors/{id}', { params: { path: { id } }, body })) : unwrap(api.POST('/api/v1/doctors', { body: body as DoctorInput })),
    onSuccess: refresh,
  });
}

export function useSaveService() {
  const refresh = useCatalogRefresh();
  return useMutation({
    mutationFn: ({ id, ...body }: ServiceChange & { id?: string }) =>
      id
        ? unwrap(api.PATCH('/api/v1/services/{id}', { params: { path: { id } }, body }))
        : unwrap(api.POST('/api/v1/services', { body: body as ServiceInput })),
    onSuccess: refresh,
  });
}

export function useSaveSpecialty() {
  const refresh = useCatalogRefresh();
  return useMutation({
    mutationFn: ({ id, ...body }: { id?: string; name?: string; active?: boolean }) =>
      id
        ? unwrap(api.PATCH('/api/v1/specialties/{id}', { params: { path: { id } }, body }))
        : unwrap(api.POST('/api/v1/specialties', { body: { name: body.name! } })),
    onSuccess: refresh,
  });
}
