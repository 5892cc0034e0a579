/** A VK Callback API event, reduced to what becomes a lead. */
export type VkEvent =
  | { kind: 'confirmation'; groupId: string | null }
  | { kind: 'message'; deliveryId: string; userId: string; text: string | null }
  | {
      kind: 'lead_form';
      deliveryId: string;
      userId: string | null;
      lastName: string | null;
      firstName: string | null;
      middleName: string | null;
      phone: string | null;
      email: string | null;
      message: string | null;
      formName: string | null;
    }
  | {
      kind: 'comment';
      deliveryId: string;
      userId: string;
      text: string | null;
      target: { kind: 'wall' | 'photo' | 'board'; ownerId: string; itemId: string; commentId: string };
    }
  | { kind: 'ignored'; type: string };

/** Comment events of a community: the field holding the owner and the item (post, photo, topic) each one names. */
const COMMENTS: Record<string, { kind: 'wall' | 'photo' | 'board'; owner: string; item: string }> = {
  wall_reply_new: { kind: 'wall', owner: 'post_owner_id', item: 'post_id' },
  photo_comment_new: { kind: 'photo', owner: 'photo_owner_id', item: 'photo_id' },
  board_post_new: { kind: 'board', owner: 'topic_owner_id', item: 'topic_id' },
};

interface VkBody {
  type?: unknown;
  group_id?: unknown;
  event_id?: unknown;
  object?: Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);

export function parseVk(body: VkBody): VkEvent {
  const type = str(body?.type) ?? '';
  const object = (body?.object ?? {}) as Record<string, unknown>;
  if (type === 'confirmation') return { kind: 'confirmation', groupId: str(body.group_id) };
  if (type === 'message_new') {
    // API 5.103+ wraps the message: { message: {...}, client_info }; older versions send the message itself.
    const message = (object.message ?? object) as Record<string, unknown>;
    const userId = str(message.from_id);
    if (!userId) return { kind: 'ignored', type };
    return {
      kind: 'message',
      deliveryId: str(body.event_id) ?? `message:${str(message.id) ?? str(message.conversation_message_id)}:${userId}`,
      userId,
      text: str(message.text),
    };
  }
  const comment = COMMENTS[type];
  if (comment) {
    const userId = str(object.from_id);
    const ownerId = str(object[comment.owner]);
    const itemId = str(object[comment.item]);
    const commentId = str(object.id);
    // The community's own comments (a negative from_id) are its answers, not a person asking.
    if (!userId || userId.startsWith('-') || !ownerId || !itemId || !commentId) return { kind: 'ignored', type };
    return {
      kind: 'comment',
      deliveryId: str(body.event_id) ?? `${type}:${ownerId}:${itemId}:${commentId}`,
      userId,
      text: str(object.text),
      target: { kind: comment.kind, ownerId, itemId, commentId },
    };
  }
  if (type === 'lead_forms_new') {
    const answers = Array.isArray(object.answers) ? (object.answers as { key?: unknown; answer?: unknown; question?: unknown }[]) : [];
    const answer = (...keys: string[]) => str(answers.find((a) => keys.includes(String(a.key)))?.answer);
    const other = answers
      .filter((a) => !['first_name', 'last_name', 'patronymic', 'phone_number', 'email'].includes(String(a.key)))
      .map((a) => `${str(a.question) ?? str(a.key)}: ${str(a.answer) ?? ''}`);
    // The form asks for the name parts separately: they are kept apart as sent.
    return {
      kind: 'lead_form',
      deliveryId: str(body.event_id) ?? `lead:${str(object.lead_id)}`,
      userId: str(object.user_id),
      lastName: answer('last_name'),
      firstName: answer('first_name'),
      middleName: answer('patronymic'),
      phone: answer('phone_number'),
      email: answer('email'),
      message: other.length ? other.join('\n') : null,
      formName: str(object.form_name),
    };
  }
  return { kind: 'ignored', type };
}
