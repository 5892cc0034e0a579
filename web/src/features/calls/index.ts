export { CallOutcomeForm, type CallLead } from './components/call-outcome-form';
export { CallbacksPage } from './components/callbacks-page';
export { CallbackAlerts } from './components/callback-alerts';
export { IncomingCallPop } from './components/incoming-call-pop';
export { ReviewAlerts } from './components/review-alerts';
export { MyCallsPage } from './components/my-calls-page';
/** Managers' call review loads when first opened. */
export const loadCallReviewPage = () => import('./components/call-review-page').then((m) => m.CallReviewPage);
