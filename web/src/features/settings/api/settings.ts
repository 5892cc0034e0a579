import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type ClinicSettings = components['schemas']['ClinicSettings'];
export type SettingsChange = components['schemas']['UpdateSettingsDto'];

export const settingsQueryOptions = () => queryOptions({ queryKey: ['settings'], queryFn: () => unwrap(api.GET('/api/v1/settings')), staleTime: 60_000 });

export function useSettings(enabled = true) {
  return useQuery({ ...settingsQueryOptions(), enabled });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SettingsChange) => unwrap(api.PATCH('/api/v1/settings', { body })),
    onSuccess: (settings) => queryClient.setQueryData(settingsQueryOptions().queryKey, settings),
  });
}
