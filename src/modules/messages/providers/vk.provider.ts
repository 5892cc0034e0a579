import { createHash } from 'node:crypto';
import type { MessagingConfig } from '../../../config/config.js';
import { type ChannelProvider, type Envelope, httpFailure, jsonOf, networkFailure, postForm, type SendResult, short } from './provider.js';

/** VK error codes worth another try: unknown error, too many requests, flood control, internal error. */
const VK_RETRY = new Set([1, 6, 9, 10]);

/**
 * The VK key of a message: the same for every attempt, so VK drops a repeated `messages.send` (random_id) or comment
 * (guid) instead of showing it twice. random_id is a 32-bit integer.
 */
export function vkRandomId(messageId: string): number {
  return createHash('sha256').update(messageId).digest().readUInt32BE(0) & 0x7fffffff;
}

/**
 * VK API with the community's token: `messages.send` to a person who wrote to the community, and replies under a
 * comment: `wall.createComment`, `photos.createComment`, `board.createComment`.
 */
export class VkProvider implements ChannelProvider {
  readonly channels = ['vk', 'vk_comment'] as const;
  readonly idempotent = true;
  readonly maxBatch = 1;

  constructor(private readonly config: MessagingConfig) {}

  unavailable(envelope: Envelope): string | null {
    if (!envelope.account?.accessToken) return 'not_configured: the VK source has no community access token';
    if (envelope.channel === 'vk_comment' && (!envelope.comment || !envelope.account.groupId)) return 'not_configured: the VK source has no community id';
    return null;
  }

  async send([envelope]: Envelope[]): Promise<SendResult[]> {
    const e = envelope!;
    const params = new URLSearchParams({ access_token: e.account!.accessToken!, v: this.config.vkApiVersion, message: e.body });
    let method: string;
    if (e.channel === 'vk') {
      method = 'messages.send';
      params.set('peer_id', e.address);
      params.set('random_id', String(vkRandomId(e.id)));
    } else {
      const c = e.comment!;
      params.set('guid', e.id);
      params.set('from_group', e.account!.groupId!);
      if (c.kind === 'board') {
        method = 'board.createComment';
        params.set('group_id', c.ownerId.replace(/^-/, ''));
        params.set('topic_id', c.itemId);
      } else {
        method = c.kind === 'wall' ? 'wall.createComment' : 'photos.createComment';
        params.set('owner_id', c.ownerId);
        params.set(c.kind === 'wall' ? 'post_id' : 'photo_id', c.itemId);
        params.set('reply_to_comment', c.commentId);
      }
    }
    let response: Response;
    try {
      response = await postForm(`${this.config.vkApiBaseUrl}/method/${method}`, params, this.config.requestTimeoutMs);
    } catch (error) {
      return [networkFailure(error)];
    }
    if (response.status >= 400) return [httpFailure(response.status, response.headers.get('retry-after'), `vk ${method}`)];
    const json = await jsonOf(response);
    const error = json?.error as { error_code?: unknown; error_msg?: unknown } | undefined;
    if (error) {
      const code = Number(error.error_code);
      return [{ ok: false, retry: VK_RETRY.has(code), reason: `vk ${method}: ${code} ${short(error.error_msg)}`.trim() }];
    }
    if (!json || !('response' in json)) return [{ ok: false, retry: true, reason: `vk ${method}: unreadable answer`, maybeSent: true }];
    return [{ ok: true, providerMessageId: vkMessageId(json.response) }];
  }
}

function vkMessageId(response: unknown): string | null {
  if (typeof response === 'number' || typeof response === 'string') return String(response);
  if (Array.isArray(response)) return vkMessageId((response[0] as { message_id?: unknown; conversation_message_id?: unknown })?.message_id);
  const commentId = (response as { comment_id?: unknown } | null)?.comment_id;
  return commentId === undefined ? null : String(commentId);
}
