export { type ClinicSettings, settingsQueryOptions, useSettings, useUpdateSettings } from './api/settings';
/** The clinic's working rules (settings) load when first opened. */
export const loadSettingsPage = () => import('./components/settings-page').then((m) => m.SettingsPage);
