export const MESSAGE_CHANNELS = ['telegram', 'vk', 'vk_comment', 'sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** Channels staff can choose to write on; a comment is answered with a reply to it. */
export const WRITABLE_CHANNELS = ['telegram', 'vk', 'sms', 'email'] as const;
export type WritableChannel = (typeof WRITABLE_CHANNELS)[number];

export const MESSAGE_PURPOSES = ['reply', 'confirmation', 'reminder', 'feedback', 'recall', 'marketing'] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

export const TEMPLATE_PURPOSES = ['confirmation', 'reminder', 'feedback', 'recall'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

export const MESSAGE_STATUSES = ['received', 'queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type MessageDirection = 'in' | 'out';

/** Where a comment a reply must go under lives: a wall post, a photo or a discussion topic of the community. */
export interface CommentRef {
  kind: 'wall' | 'photo' | 'board';
  ownerId: string;
  /** The post, photo or topic id. */
  itemId: string;
  commentId: string;
}

/** The consent a purpose needs: service messages the personal-data one, recall and marketing the separate marketing one. */
export function consentFor(purpose: MessagePurpose): 'personal_data' | 'marketing' | null {
  if (purpose === 'recall' || purpose === 'marketing') return 'marketing';
  if (purpose === 'reply') return null;
  return 'personal_data';
}

/** Automatic messages stay quiet at night and stop for someone who opted out; a reply to the person's own message does not. */
export function isAutomatic(purpose: MessagePurpose): boolean {
  return purpose !== 'reply';
}

/** Whether quiet hours hold a message back: a confirmation answers the person's own booking at once. */
export function waitsForDaytime(purpose: MessagePurpose): boolean {
  return purpose === 'reminder' || purpose === 'feedback' || purpose === 'recall' || purpose === 'marketing';
}
