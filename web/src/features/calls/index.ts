export { CallOutcomeForm, type CallLead } from './components/call-outcome-form';
export { CallbacksPage } from './components/callbacks-page';
export { CallbackAlerts } from './components/callback-alerts';
export { IncomingCallPop } from './components/incoming-call-pop';
