import type { MessagingConfig } from '../../../config/config.js';
import { type ChannelProvider, type Envelope, httpFailure, jsonOf, networkFailure, parseRetryAfter, postJson, type SendResult, short } from './provider.js';

/** Telegram Bot API: `sendMessage` (with inline buttons) to a chat that wrote to the bot; `answerCallbackQuery` for button presses. */
export class TelegramProvider implements ChannelProvider {
  readonly channels = ['telegram'] as const;
  readonly idempotent = false;
  readonly maxBatch = 1;

  constructor(private readonly config: MessagingConfig) {}

  unavailable(envelope: Envelope): string | null {
    return envelope.account?.botToken ? null : 'not_configured: the Telegram source has no bot token';
  }

  async send([envelope]: Envelope[]): Promise<SendResult[]> {
    const body: Record<string, unknown> = { chat_id: envelope!.address, text: envelope!.body };
    if (envelope!.buttons?.length) {
      body.reply_markup = { inline_keyboard: envelope!.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) };
    }
    const result = await this.call(envelope!.account!.botToken!, 'sendMessage', body);
    if (!result.ok) return [result];
    const messageId = (result.value as { message_id?: unknown } | undefined)?.message_id;
    return [{ ok: true, providerMessageId: messageId === undefined ? null : String(messageId) }];
  }

  /** Stops the spinner on the pressed button and shows a short note. */
  async answerCallbackQuery(botToken: string, callbackQueryId: string, text: string): Promise<SendResult> {
    const result = await this.call(botToken, 'answerCallbackQuery', { callback_query_id: callbackQueryId, text });
    return result.ok ? { ok: true, providerMessageId: null } : result;
  }

  private async call(token: string, method: string, body: unknown): Promise<(SendResult & { ok: false }) | { ok: true; value: unknown }> {
    let response: Response;
    try {
      response = await postJson(`${this.config.telegramApiBaseUrl}/bot${token}/${method}`, body, this.config.requestTimeoutMs);
    } catch (error) {
      return networkFailure(error) as SendResult & { ok: false };
    }
    const json = await jsonOf(response);
    if (json?.ok === true) return { ok: true, value: json.result };
    const code = typeof json?.error_code === 'number' ? json.error_code : response.status;
    const parameters = json?.parameters as { retry_after?: unknown } | undefined;
    if (code === 429 || response.status === 429) {
      const retryAfterSec = typeof parameters?.retry_after === 'number' ? parameters.retry_after : parseRetryAfter(response.headers.get('retry-after'));
      return { ok: false, retry: true, reason: `telegram ${method}: 429 ${short(json?.description)}`.trim(), retryAfterSec };
    }
    if (response.status >= 500 || !json)
      return httpFailure(response.status, response.headers.get('retry-after'), `telegram ${method}`) as SendResult & { ok: false };
    return { ok: false, retry: false, reason: `telegram ${method}: ${code} ${short(json.description)}`.trim() };
  }
}
