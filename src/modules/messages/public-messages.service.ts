import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestMeta } from '../../common/auth/actor.js';
import { AppError, notFound } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { secretMatches } from './secret.js';
import { MessagesRepository } from './messages.repository.js';
import { MessageQueueRepository } from './message-queue.repository.js';
import { OptOutsRepository } from './opt-outs.repository.js';
import { hashToken, OutboundService } from './outbound.service.js';
import { parseSmsRuCallbackEntry, SMSRU_DELIVERED, SMSRU_FAILED } from './providers/sms-ru.provider.js';

/** What patients and providers send without signing in: the unsubscribe link, and SMS.ru's delivery reports. */
@Injectable()
export class PublicMessagesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly queue: MessageQueueRepository,
    private readonly optOuts: OptOutsRepository,
    private readonly outbound: OutboundService,
    private readonly audit: AuditService,
  ) {}

  /** The person's unsubscribe link (also RFC 8058 one-click from mail clients): no more automatic messages, at once. Repeating it is harmless. */
  async unsubscribe(token: string, meta: RequestMeta): Promise<{ unsubscribed: true }> {
    const message = token.length <= 200 ? await this.messages.findByUnsubscribeHash(hashToken(token)) : undefined;
    if (!message?.patientId) throw notFound('Subscription for this link');
    await this.dataSource.transaction(async (em) => {
      if (await this.optOuts.optOut(message.patientId!, 'unsubscribe_link', message.id, null, em)) {
        await this.audit.recordAnonymous(
          meta,
          { action: 'messages.opted_out', entity: 'patient', entityId: message.patientId, fields: ['unsubscribe_link'] },
          em,
        );
      }
    });
    return { unsubscribed: true };
  }

  /**
   * SMS.ru's status callback: `data[]` entries "sms_status\n<sms_id>\n<status>". Delivered and final failures update the
   * message; SMS.ru expects "100" back, or it calls again.
   */
  async smsRuCallback(secret: string, body: Record<string, unknown>): Promise<string> {
    if (!secretMatches(secret, this.config.messaging.smsRu.callbackSecret)) throw new AppError('UNAUTHENTICATED', 'Unknown callback address');
    // PHP-style `data[]=…` arrives as a key "data[]" (or "data[0]"), or as an array under "data".
    const entries = Object.entries(body && typeof body === 'object' ? body : {})
      .filter(([key]) => key === 'data' || /^data\[\d*\]$/.test(key))
      .flatMap(([, value]) => (Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [value]));
    for (const entry of entries.slice(0, 1000)) {
      const parsed = parseSmsRuCallbackEntry(entry);
      if (!parsed) continue;
      const status = parsed.status === SMSRU_DELIVERED ? 'delivered' : SMSRU_FAILED.has(parsed.status) ? 'failed' : null;
      if (!status) continue;
      await this.dataSource.transaction(async (em) => {
        const row = await this.queue.markDelivery('sms', parsed.smsId, status, status === 'failed' ? `sms.ru: not delivered (${parsed.status})` : null, em);
        if (row) await this.outbound.announce(em, row);
      });
    }
    return '100';
  }
}
