/** Personal-data requests (settings) load when first opened. */
export const loadSubjectRequestsPage = () => import('./components/subject-requests-page').then((m) => m.SubjectRequestsPage);
