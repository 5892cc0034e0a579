export const PRESENCE_STATUSES = ['available', 'busy', 'break', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];
