import { lazy } from 'react';

export { applyMessageEvent } from './api/message-events';
/** The conversation loads with the first card opened: the queue screen does not wait for it. */
export const ConversationPanel = lazy(() => import('./components/conversation-panel').then((m) => ({ default: m.ConversationPanel })));
/** Settings and managers' screens load when first opened. */
export const loadMessagingAdminPage = () => import('./components/messaging-admin-page').then((m) => m.MessagingAdminPage);
export const loadFeedbackPage = () => import('./components/feedback-page').then((m) => m.FeedbackPage);
