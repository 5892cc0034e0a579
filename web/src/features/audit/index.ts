/** The activity log (settings) loads when first opened. */
export const loadAuditPage = () => import('./components/audit-page').then((m) => m.AuditPage);
