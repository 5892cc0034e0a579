export { ConsentPanel } from './components/consent-panel';
/** Consent documents (settings) load when first opened. */
export const loadConsentDocumentsPage = () => import('./components/consent-documents-page').then((m) => m.ConsentDocumentsPage);
export { useCurrentDocument } from './api/get-current-document';
