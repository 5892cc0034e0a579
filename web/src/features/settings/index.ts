export { type ClinicSettings, settingsQueryOptions, useSettings, useUpdateSettings } from './api/settings';
