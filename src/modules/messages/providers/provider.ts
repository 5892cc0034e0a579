import type { CommentRef, MessageChannel } from '../message-types.js';

/** A messenger account messages go out from: the Telegram bot or VK community of an intake source. */
export interface ChannelAccount {
  sourceId: string;
  kind: 'telegram' | 'vk';
  botToken?: string;
  accessToken?: string;
  groupId?: string;
}

/** One message as a provider needs it. */
export interface Envelope {
  id: string;
  channel: MessageChannel;
  /** Phone (E.164), e-mail address or messenger chat id. */
  address: string;
  body: string;
  subject?: string;
  /** Telegram inline keyboard: rows of buttons, each answering with `data`. */
  buttons?: { text: string; data: string }[][];
  comment?: CommentRef;
  account?: ChannelAccount;
  unsubscribeUrl?: string | null;
}

export type SendResult =
  | { ok: true; providerMessageId: string | null }
  /**
   * `retry`: worth trying again (network, 5xx, 429); `retryAfterSec`: what the provider asked for; `maybeSent`: the
   * request went out but no answer came, so the provider may have taken it.
   */
  | { ok: false; retry: boolean; reason: string; retryAfterSec?: number; maybeSent?: boolean };

/** One delivery channel behind one interface; base URLs come from configuration, so tests talk to local fakes. */
export interface ChannelProvider {
  readonly channels: readonly MessageChannel[];
  /** The provider recognises a repeated request by our key (VK random_id / guid): a retry can never send twice. */
  readonly idempotent: boolean;
  /** How many messages one request may carry. */
  readonly maxBatch: number;
  /** Why this provider cannot send at all (not configured), or null. */
  unavailable(envelope: Envelope): string | null;
  /** Sends; one result per envelope, in order. Never throws for a provider's answer. */
  send(envelopes: Envelope[]): Promise<SendResult[]>;
}

/** Failures of the request itself: before a connection was made nothing was sent, after it the outcome is unknown. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ECONNECTION']);

export function networkFailure(error: unknown): SendResult {
  const cause = (error as { cause?: { code?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code ?? (error as Error)?.name ?? 'error';
  const notConnected = NOT_CONNECTED.has(code);
  return { ok: false, retry: true, reason: `network: ${code}`.slice(0, 200), maybeSent: !notConnected };
}

/** 429 and 5xx are worth another try; `Retry-After` (seconds or an HTTP date) says when. */
export function httpFailure(status: number, retryAfter: string | null, what: string): SendResult {
  const retry = status === 429 || status >= 500;
  return { ok: false, retry, reason: `${what}: HTTP ${status}`, retryAfterSec: parseRetryAfter(retryAfter) };
}

export function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export async function postForm(url: string, form: URLSearchParams, timeoutMs: number): Promise<Response> {
  return fetch(url, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal: AbortSignal.timeout(timeoutMs) });
}

export async function postJson(url: string, body: unknown, timeoutMs: number): Promise<Response> {
  return fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
}

/** The body as JSON, or undefined when it is not JSON (a proxy's HTML error page, say). */
export async function jsonOf(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const value = await response.json();
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Provider error texts are short codes and phrases; cut them anyway, they end up on the card. */
export const short = (text: unknown) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, 160);
