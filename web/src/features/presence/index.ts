export { PresenceSwitch } from './components/presence-switch';
export { usePresence } from './api/get-presence';
export { applyPresenceEvent } from './api/presence-events';
