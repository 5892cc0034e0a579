/**
 * A Telegram Bot API update, reduced to what Clinicdesk takes: a message (or a shared contact with the phone), or a
 * press of one of our inline buttons (`callback_query`).
 */
export type TelegramInquiry =
  | {
      kind: 'message';
      deliveryId: string;
      userId: string;
      username: string | null;
      firstName: string | null;
      lastName: string | null;
      phone: string | null;
      text: string | null;
    }
  | { kind: 'button'; deliveryId: string; callbackQueryId: string; userId: string; data: string | null }
  | { kind: 'ignored' };

interface TelegramUser {
  id?: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
}

interface TelegramUpdate {
  update_id?: number;
  callback_query?: { id?: unknown; from?: TelegramUser; data?: unknown };
  message?: {
    from?: TelegramUser;
    text?: string;
    caption?: string;
    contact?: { phone_number?: string; first_name?: string; last_name?: string; user_id?: number };
  };
}

/** Updates come from the network: a field of another type than documented is treated as absent. */
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const namePart = (value: unknown) => text(value)?.trim() || null;
const joinName = (first: unknown, last: unknown) =>
  [text(first), text(last)]
    .filter((p) => p && p.trim())
    .join(' ')
    .trim() || null;

export function parseTelegram(update: TelegramUpdate): TelegramInquiry {
  const query = update?.callback_query;
  if (typeof update?.update_id === 'number' && query && typeof query.id === 'string' && query.from?.id && !query.from.is_bot) {
    return {
      kind: 'button',
      deliveryId: `update:${update.update_id}`,
      callbackQueryId: query.id.slice(0, 200),
      userId: String(query.from.id),
      data: text(query.data)?.slice(0, 64) ?? null,
    };
  }
  const message = update?.message;
  const from = message?.from;
  if (typeof update?.update_id !== 'number' || !message || !from?.id || from.is_bot) return { kind: 'ignored' };
  const contact = message.contact;
  // Only the sender's own contact is their phone; a forwarded card of someone else is just a message.
  const ownContact = contact && (contact.user_id === undefined || contact.user_id === from.id) ? contact : undefined;
  return {
    kind: 'message',
    deliveryId: `update:${update.update_id}`,
    userId: String(from.id),
    username: text(from.username) ?? null,
    // Telegram has first and last name apart (the last is optional): kept apart as sent.
    firstName: namePart(ownContact?.first_name ?? from.first_name),
    lastName: namePart(ownContact?.last_name ?? from.last_name),
    phone: text(ownContact?.phone_number) ?? null,
    text:
      text(message.text) ??
      text(message.caption) ??
      (contact && !ownContact ? `Contact: ${joinName(contact.first_name, contact.last_name) ?? ''} ${text(contact.phone_number) ?? ''}`.trim() : null),
  };
}
