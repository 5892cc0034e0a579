import nodemailer, { type Transporter } from 'nodemailer';
import type { MessagingConfig } from '../../../config/config.js';
import type { ChannelProvider, Envelope, SendResult } from './provider.js';

/** E-mail through an SMTP server (nodemailer, pooled connections). */
export class SmtpProvider implements ChannelProvider {
  readonly channels = ['email'] as const;
  readonly idempotent = false;
  readonly maxBatch = 1;
  private transport: Transporter | undefined;

  constructor(private readonly config: MessagingConfig) {}

  unavailable(): string | null {
    return this.config.smtp.url ? null : 'not_configured: SMTP_URL is not set';
  }

  async send([envelope]: Envelope[]): Promise<SendResult[]> {
    const e = envelope!;
    this.transport ??= nodemailer.createTransport(this.config.smtp.url!, { pool: true, maxConnections: 4 } as never);
    const headers: Record<string, string> = {};
    if (e.unsubscribeUrl) {
      // RFC 8058 one-click unsubscribe: the mail client POSTs to the link.
      headers['List-Unsubscribe'] = `<${e.unsubscribeUrl}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    try {
      const info = await this.transport.sendMail({
        from: this.config.smtp.from,
        to: e.address,
        subject: e.subject ?? '',
        text: e.body,
        headers,
        // The same Message-ID on every attempt: mail clients show a repeated delivery once.
        messageId: `<${e.id}@clinicdesk>`,
      });
      return [{ ok: true, providerMessageId: String(info.messageId ?? '') || null }];
    } catch (error) {
      const { responseCode, code } = error as { responseCode?: number; code?: string };
      if (typeof responseCode === 'number' && responseCode >= 500) return [{ ok: false, retry: false, reason: `smtp: ${responseCode}` }];
      if (code === 'EAUTH' || code === 'EENVELOPE') return [{ ok: false, retry: false, reason: `smtp: ${code}` }];
      return [{ ok: false, retry: true, reason: `smtp: ${responseCode ?? code ?? 'error'}` }];
    }
  }

  close(): void {
    this.transport?.close();
  }
}
