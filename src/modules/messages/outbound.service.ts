import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { personAudience } from '../../common/access/event-audience.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Outbox } from '../../realtime/outbox.js';
import type { Patient } from '../patients/patient.entity.js';
import { messageEventData } from './message-view.js';
import type { CommentRef, MessageChannel, MessagePurpose, WritableChannel } from './message-types.js';
import { type MessageRow, MessagesRepository } from './messages.repository.js';

/** Where a message to a person goes: a channel, an address there, and the messenger account for messengers. */
export interface Route {
  channel: MessageChannel;
  address: string;
  sourceId: string | null;
  externalUserId: string | null;
  comment?: CommentRef;
}

export interface QueueInput {
  route: Route;
  purpose: MessagePurpose;
  /** The text; `{unsubscribe}` in it becomes the person's unsubscribe link. */
  render: (unsubscribeUrl: string | null) => string;
  patientId: string | null;
  leadId?: string | null;
  branchId: string | null;
  appointmentId?: string | null;
  replyToId?: string | null;
  scheduleKey?: string | null;
  sendAt?: Date;
  expiresAt?: Date | null;
  createdBy?: string | null;
  restricted?: boolean;
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Writes outbound messages into the queue inside the business transaction; the dispatcher sends them. */
@Injectable()
export class OutboundService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly messages: MessagesRepository,
    private readonly outbox: Outbox,
  ) {}

  /**
   * The person's channels, the default first: the messenger they wrote from, else SMS, else e-mail. `wanted` picks
   * one of them (null when the person cannot be reached there).
   */
  async routesOf(patient: Patient, em?: EntityManager): Promise<Route[]> {
    if (patient.anonymizedAt) return [];
    const routes: Route[] = [];
    const messenger = await this.messages.lastMessengerOf(patient.id, em);
    if (messenger)
      routes.push({ channel: messenger.channel, address: messenger.externalUserId, sourceId: messenger.sourceId, externalUserId: messenger.externalUserId });
    if (patient.phone) routes.push({ channel: 'sms', address: patient.phone, sourceId: null, externalUserId: null });
    if (patient.email) routes.push({ channel: 'email', address: patient.email, sourceId: null, externalUserId: null });
    return routes;
  }

  async routeOf(patient: Patient, wanted?: WritableChannel, em?: EntityManager): Promise<Route | null> {
    const routes = await this.routesOf(patient, em);
    return (wanted ? routes.find((r) => r.channel === wanted) : routes[0]) ?? null;
  }

  /** Queues one message; with a schedule key, a second one of the same kind for the same appointment is skipped (null). */
  async queue(em: EntityManager, input: QueueInput): Promise<MessageRow | null> {
    const linkable = (input.purpose === 'recall' || input.purpose === 'marketing') && (input.route.channel === 'sms' || input.route.channel === 'email');
    const token = linkable && this.config.messaging.publicBaseUrl ? randomBytes(24).toString('base64url') : null;
    const url = token ? `${this.config.messaging.publicBaseUrl}/api/v1/public/messages/unsubscribe/${token}` : null;
    const row = await this.messages.insertOutbound(
      {
        channel: input.route.channel,
        purpose: input.purpose,
        patientId: input.patientId,
        leadId: input.leadId ?? null,
        branchId: input.branchId,
        appointmentId: input.appointmentId ?? null,
        sourceId: input.route.sourceId,
        replyToId: input.replyToId ?? null,
        scheduleKey: input.scheduleKey ?? null,
        body: input.render(url).slice(0, 10000),
        address: input.route.address,
        externalUserId: input.route.externalUserId,
        externalRef: input.route.comment ?? null,
        sendAt: input.sendAt ?? new Date(),
        expiresAt: input.expiresAt ?? null,
        maxAttempts: this.config.messaging.maxAttempts,
        createdBy: input.createdBy ?? null,
        unsubscribeTokenHash: token ? hashToken(token) : null,
      },
      em,
    );
    // Staff see their own message appear at once on every open card; automatic ones show when they go.
    if (row && input.createdBy) await this.announce(em, row);
    return row;
  }

  /** `message.status` to the people who see the person's card; a restricted person's reaches managers only, without text. */
  async announce(em: EntityManager, row: MessageRow, type: 'message.status' | 'message.received' = 'message.status'): Promise<void> {
    await this.outbox.publish(
      em,
      type,
      personAudience(['operator', 'receptionist'], row.branchId, row.restricted),
      messageEventData(row, type === 'message.received'),
    );
  }
}
