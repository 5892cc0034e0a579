/** Intake sources (settings) load when first opened. */
export const loadSourcesAdminPage = () => import('./components/sources-admin-page').then((m) => m.SourcesAdminPage);
