export { OperatorDesk } from './components/operator-desk';
export { LeadCard } from './components/lead-card';
export { LeadAlerts } from './components/lead-alerts';
export { applyLeadEvent } from './api/lead-events';
export { ChannelBadge } from './components/channel-badge';
export { leadQueryOptions, useLead } from './api/get-lead';
