/** The dashboard (and its chart library) loads when first opened: operators and receptionists never download it. */
export const loadDashboardPage = () => import('./components/dashboard-page').then((m) => m.DashboardPage);
