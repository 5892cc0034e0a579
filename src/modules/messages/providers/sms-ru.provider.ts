import type { MessagingConfig } from '../../../config/config.js';
import { type ChannelProvider, type Envelope, httpFailure, jsonOf, networkFailure, postForm, type SendResult, short } from './provider.js';

/** SMS.ru codes of a whole request worth retrying: the service is temporarily unavailable. */
const RETRY_CODES = new Set([220]);

/** SMS.ru delivery statuses (status callback and `sms/status`): delivered, or failed for good. */
export const SMSRU_DELIVERED = 103;
export const SMSRU_FAILED = new Set([104, 105, 106, 107, 108, 150]);

/** SMS.ru's number format: digits only, no plus. */
export const smsRuNumber = (phone: string) => phone.replace(/\D/g, '');

/**
 * SMS through SMS.ru's HTTP API (`sms/send`, JSON answers): up to 100 messages per request with `multi[number]=text`;
 * each number gets its own answer and `sms_id`, and later a status callback.
 */
export class SmsRuProvider implements ChannelProvider {
  readonly channels = ['sms'] as const;
  readonly idempotent = false;
  readonly maxBatch = 100;

  constructor(private readonly config: MessagingConfig) {}

  unavailable(): string | null {
    return this.config.smsRu.apiId ? null : 'not_configured: SMSRU_API_ID is not set';
  }

  async send(envelopes: Envelope[]): Promise<SendResult[]> {
    // One number once per request: SMS.ru answers per number.
    const results = new Array<SendResult>(envelopes.length);
    let rest = envelopes.map((e, i) => ({ e, i }));
    while (rest.length) {
      const seen = new Set<string>();
      const now = rest.filter(({ e }) => !seen.has(smsRuNumber(e.address)) && seen.add(smsRuNumber(e.address)));
      rest = rest.filter((item) => !now.includes(item));
      const answers = await this.request(now.map(({ e }) => e));
      now.forEach(({ i }, k) => (results[i] = answers[k]!));
    }
    return results;
  }

  private async request(envelopes: Envelope[]): Promise<SendResult[]> {
    const { apiId, from, test, baseUrl } = this.config.smsRu;
    const form = new URLSearchParams({ api_id: apiId!, json: '1' });
    if (from) form.set('from', from);
    if (test) form.set('test', '1');
    for (const e of envelopes) form.set(`multi[${smsRuNumber(e.address)}]`, e.body);
    let response: Response;
    try {
      response = await postForm(`${baseUrl}/sms/send`, form, this.config.requestTimeoutMs);
    } catch (error) {
      return envelopes.map(() => networkFailure(error));
    }
    if (response.status >= 400) return envelopes.map(() => httpFailure(response.status, response.headers.get('retry-after'), 'sms.ru'));
    const json = await jsonOf(response);
    if (!json) return envelopes.map(() => ({ ok: false, retry: true, reason: 'sms.ru: unreadable answer', maybeSent: true }));
    if (json.status !== 'OK') {
      const code = Number(json.status_code);
      return envelopes.map(() => ({ ok: false, retry: RETRY_CODES.has(code), reason: `sms.ru: ${code} ${short(json.status_text)}`.trim() }));
    }
    const sms = (json.sms ?? {}) as Record<string, { status?: unknown; status_code?: unknown; sms_id?: unknown; status_text?: unknown }>;
    return envelopes.map((e): SendResult => {
      const answer = sms[smsRuNumber(e.address)];
      if (!answer) return { ok: false, retry: false, reason: 'sms.ru: no answer for the number', maybeSent: true };
      if (answer.status === 'OK') return { ok: true, providerMessageId: answer.sms_id === undefined ? null : String(answer.sms_id) };
      return {
        ok: false,
        retry: RETRY_CODES.has(Number(answer.status_code)),
        reason: `sms.ru: ${Number(answer.status_code)} ${short(answer.status_text)}`.trim(),
      };
    });
  }
}

/** One line of SMS.ru's status callback (`data[]`): "sms_status\n<sms_id>\n<status code>\n<unix time>"; other kinds are null. */
export function parseSmsRuCallbackEntry(entry: unknown): { smsId: string; status: number } | null {
  if (typeof entry !== 'string') return null;
  const [kind, smsId, status] = entry.split('\n').map((line) => line.trim());
  if (kind !== 'sms_status' || !smsId || !/^\d+$/.test(status ?? '') || smsId.length > 200) return null;
  return { smsId, status: Number(status) };
}
