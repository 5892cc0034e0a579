/** A Telegram Bot API update, reduced to what becomes a lead: a message, or a shared contact with the phone. */
export type TelegramInquiry =
  | { kind: 'message'; deliveryId: string; userId: string; username: string | null; name: string | null; phone: string | null; text: string | null }
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
  message?: {
    from?: TelegramUser;
    text?: string;
    caption?: string;
    contact?: { phone_number?: string; first_name?: string; last_name?: string; user_id?: number };
  };
}

/** Updates come from the network: a field of another type than documented is treated as absent. */
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const joinName = (first: unknown, last: unknown) => [text(first), text(last)].filter((p) => p && p.trim()).join(' ').trim() || null;

export function parseTelegram(update: TelegramUpdate): TelegramInquiry {
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
    name: joinName(ownContact?.first_name ?? from.first_name, ownContact?.last_name ?? from.last_name),
    phone: text(ownContact?.phone_number) ?? null,
    text: text(message.text) ?? text(message.caption) ?? (contact && !ownContact ? `Contact: ${joinName(contact.first_name, contact.last_name) ?? ''} ${text(contact.phone_number) ?? ''}`.trim() : null),
  };
}
