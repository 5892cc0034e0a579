import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/actor.js';
import { AppError, validationFailed } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { FixedWindowCounter } from '../../common/http/rate-limit.js';
import { normalizePhone } from '../../common/phone/phone.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { type AuditEntry, AuditService } from '../audit/audit.service.js';
import { ConsentDocumentsService } from '../consents/consent-documents.service.js';
import { ConsentsService, issueWithdrawalToken } from '../consents/consents.service.js';
import type { LeadRow } from '../leads/leads.repository.js';
import { type IncomingLead, LeadsService } from '../leads/leads.service.js';
import { ChannelAccounts } from '../messages/channel-accounts.js';
import { InboundService } from '../messages/inbound.service.js';
import type { AppointmentRow } from '../schedules/appointments.repository.js';
import { AppointmentsService } from '../schedules/appointments.service.js';
import type { OnlineBookingDto, OnlineBookingView } from './dto/online-booking.dto.js';
import type { IntakeAccepted, WebFormDto } from './dto/web-form.dto.js';
import type { IntakeKind } from './dto/intake-source.dto.js';
import type { IntakeSource } from './intake-sources.repository.js';
import { IntakeSourcesService, secretMatches } from './intake-sources.service.js';
import { IntakeInboxRepository } from './intake-inbox.repository.js';
import { IntakeInboxWorker } from './intake-inbox.worker.js';
import { IntakeRepository } from './intake.repository.js';
import { parseTelegram } from './providers/telegram.js';
import { parseTilda } from './providers/tilda.js';
import { parseVk } from './providers/vk.js';

function bookingView(appointment: AppointmentRow): OnlineBookingView {
  return {
    appointmentId: appointment.id,
    leadId: appointment.leadId!,
    startsAt: appointment.startsAt.toISOString(),
    endsAt: appointment.endsAt.toISOString(),
    status: appointment.status,
  };
}

export interface Accepted extends IntakeAccepted {
  /** false when this delivery was seen before and answered from the first one. */
  created: boolean;
}

/** Starts the line of a lead's message that holds a phone as the person typed it, when it could not be read as a number. */
export const UNREAD_PHONE_NOTE = 'Phone as entered, not a valid number (check it with the person):';

const unknownSource = () => new AppError('UNAUTHENTICATED', 'Unknown or inactive intake source, or a wrong secret');
describeConstraint('intake_inbox_source_external_id_key', { code: 'CONFLICT', message: 'A lead with this external id already came from this source' });
const externalIdTaken = () => new AppError('CONFLICT', 'A lead with this external id already came from this source');

/**
 * Turns deliveries from every channel into leads. Each delivery is taken once per source (the provider's own id,
 * the form's Idempotency-Key or externalId), so retries and concurrent duplicates give one lead and one push.
 */
@Injectable()
export class IntakeService implements OnModuleInit {
  private readonly perSource = new FixedWindowCounter();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly sources: IntakeSourcesService,
    private readonly deliveries: IntakeRepository,
    private readonly leads: LeadsService,
    private readonly consents: ConsentsService,
    private readonly consentDocuments: ConsentDocumentsService,
    private readonly audit: AuditService,
    private readonly appointments: AppointmentsService,
    private readonly inbound: InboundService,
    private readonly accounts: ChannelAccounts,
    private readonly inbox: IntakeInboxRepository,
    private readonly inboxWorker: IntakeInboxWorker,
  ) {}

  onModuleInit(): void {
    // Replies go out from the bot or community a person wrote to: messages look its tokens up here.
    this.accounts.use(async (id) => {
      const source = await this.sources.byId(id);
      if (!source || (source.kind !== 'telegram' && source.kind !== 'vk')) return undefined;
      return {
        sourceId: source.id,
        kind: source.kind,
        botToken: source.settings.botToken,
        accessToken: source.settings.accessToken,
        groupId: source.settings.groupId,
      };
    });
  }

  /**
   * A website form: checked, then accepted with one row in the inbox (its lead id and withdrawal token are decided
   * here) and answered; the inbox worker makes its lead at once (until then the lead's card answers 404). With
   * INTAKE_ANSWER_WAIT_MS the answer waits that long at most for the lead. A repeated delivery id answers with the
   * first lead.
   */
  async webForm(key: string | undefined, idempotencyKey: string | undefined, dto: WebFormDto, meta: RequestMeta): Promise<Accepted> {
    const source = this.limited(this.expectKind(await this.sources.byKey(key), 'web_form'));
    const phone = this.phone(dto.phone);
    // Consent is checked before anything is written: without it nothing at all is stored.
    const document = await this.consents.requireCurrentPersonalDataConsent(dto.consent?.documentId, dto.consent?.accepted);
    const marketing = dto.marketingConsent?.accepted
      ? await this.consents.requireCurrentConsent('marketing', dto.marketingConsent.documentId, true)
      : undefined;
    const deliveryId = idempotencyKey ? `idempotency:${idempotencyKey.slice(0, 200)}` : dto.externalId ? `external:${dto.externalId}` : null;
    // An external id sent again under another delivery id is refused, as the lead's unique key would refuse it.
    if (idempotencyKey && dto.externalId && (await this.externalIdSeen(source.id, dto.externalId))) throw externalIdTaken();
    const leadId = randomUUID();
    const withdrawal = issueWithdrawalToken();
    const stored = await this.inbox.accept({
      leadId,
      sourceId: source.id,
      channel: source.channel,
      branchId: source.branchId,
      deliveryId,
      acceptedBy: this.inboxWorker.instanceId,
      inquiry: {
        name: dto.name ?? null,
        lastName: dto.lastName ?? null,
        firstName: dto.firstName ?? null,
        middleName: dto.middleName ?? null,
        phone,
        email: dto.email?.toLowerCase() ?? null,
        message: dto.message ?? null,
        utm: dto.utm ?? null,
        pageUrl: dto.pageUrl ?? null,
        referrer: dto.referrer ?? null,
        requestedServiceId: dto.requestedServiceId ?? null,
        requestedDoctorId: dto.requestedDoctorId ?? null,
        externalId: dto.externalId ?? null,
      },
      request: { ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, requestId: meta.requestId ?? null },
      consentDocumentId: document.id,
      marketingDocumentId: marketing?.id ?? null,
      withdrawalTokenHash: withdrawal.hash,
    });
    if (!stored) {
      const earlier = await this.inbox.earlierDelivery(source.id, deliveryId!);
      const lead = earlier ? await this.leads.findRow(earlier) : undefined;
      return { id: earlier ?? '', status: lead?.status ?? 'new', created: false };
    }
    const status = await this.inboxWorker.accepted(leadId, this.config.intakeInbox.answerWaitMs);
    return { id: leadId, status: status ?? 'new', created: true, consentWithdrawalToken: withdrawal.token };
  }

  /**
   * Online booking from the clinic's website: the lead, its consent and the appointment are written in one
   * transaction (a taken slot leaves nothing behind). Repeating a request with the same Idempotency-Key answers
   * with the first booking.
   */
  async onlineBooking(
    key: string | undefined,
    idempotencyKey: string | undefined,
    dto: OnlineBookingDto,
    meta: RequestMeta,
  ): Promise<{ created: boolean; booking: OnlineBookingView }> {
    const source = this.limited(this.expectKind(await this.sources.byKey(key), 'web_form'));
    const phone = this.phone(dto.patient.phone);
    await this.consents.requireCurrentPersonalDataConsent(dto.consent?.documentId, dto.consent?.accepted);
    if (dto.marketingConsent?.accepted) await this.consents.requireCurrentConsent('marketing', dto.marketingConsent.documentId, true);
    const deliveryId = idempotencyKey ? `booking:${idempotencyKey.slice(0, 200)}` : null;
    return this.dataSource.transaction(async (em) => {
      if (deliveryId) {
        const earlier = await this.deliveries.claimDelivery(source.id, deliveryId, em);
        const appointment = earlier?.leadId ? await this.appointments.firstForLead(earlier.leadId, em) : null;
        if (earlier) {
          if (!appointment) throw new AppError('CONFLICT', 'This request was already received');
          return { created: false, booking: bookingView(appointment) };
        }
      }
      const { leadId, lead } = await this.leads.receive(em, {
        ...this.fromSource(source),
        contact: { lastName: dto.patient.lastName, firstName: dto.patient.firstName, phone, email: dto.patient.email?.toLowerCase() },
        utm: dto.utm,
        landingUrl: dto.pageUrl,
        message: dto.comment,
        requestedServiceId: dto.serviceId,
        requestedDoctorId: dto.doctorId,
        consentStatus: 'given',
      });
      const patientId = lead.patientId;
      const subject = { patientId, leadId, newPatient: !lead.returningPatient };
      const evidence = { ip: meta.ip, userAgent: meta.userAgent, formUrl: dto.pageUrl ?? null };
      const consent = await this.consents.recordConsent(em, { documentId: dto.consent.documentId, subject, channel: 'web_form', evidence, meta });
      if (dto.marketingConsent?.accepted) {
        await this.consents.recordConsent(em, { documentId: dto.marketingConsent.documentId, subject, channel: 'web_form', evidence, meta });
      }
      const appointment = await this.appointments.bookIn(em, {
        patientId,
        doctorId: dto.doctorId,
        serviceId: dto.serviceId,
        branchId: dto.branchId,
        startsAt: new Date(dto.startsAt),
        leadId,
        bookedBy: null,
        channel: source.channel,
        note: null,
      });
      if (deliveryId) await this.deliveries.linkDelivery(source.id, deliveryId, leadId, em);
      await this.audit.recordAnonymous(
        meta,
        { action: 'appointment.created', entity: 'appointment', entityId: appointment.id, fields: ['online_booking'] },
        em,
      );
      return { created: true, booking: { ...bookingView(appointment), consentWithdrawalToken: consent.withdrawalToken } };
    });
  }

  /** Tilda's form webhook. Its connection test gets "ok"; a ticked consent checkbox records consent to the current document. */
  async tilda(key: string, body: Record<string, unknown>, meta: RequestMeta): Promise<'ok'> {
    const source = this.limited(this.expectKind(await this.sources.byKey(key), 'tilda'));
    const form = parseTilda(body);
    if (form.test) return 'ok';
    const phone = this.phone(form.phone ?? '');
    const document = form.consent ? await this.consentDocuments.current('personal_data').catch(() => undefined) : undefined;
    await this.deliver(source, form.tranId ? `tranid:${form.tranId}` : null, meta, async (em) => {
      const { leadId, lead } = await this.leads.receive(em, {
        ...this.fromSource(source),
        contact: { name: form.name, lastName: form.lastName, firstName: form.firstName, middleName: form.middleName, phone, email: form.email?.toLowerCase() },
        utm: form.utm,
        referrer: form.referrer,
        landingUrl: form.pageUrl,
        message: form.message,
        externalId: form.tranId,
        consentStatus: document ? 'given' : 'pending',
      });
      if (document) {
        await this.consents.recordConsent(em, {
          documentId: document.id,
          subject: { patientId: lead.patientId, leadId, newPatient: !lead.returningPatient },
          channel: 'web_form',
          evidence: { formUrl: form.pageUrl, note: `Tilda form ${form.formId ?? ''}`.trim() },
          meta,
        });
      }
      return { leadId, lead };
    });
    return 'ok';
  }

  /** VK Callback API: the confirmation string for `confirmation`, otherwise "ok" (VK retries anything else). */
  async vk(sourceId: string, body: Record<string, unknown>, meta: RequestMeta): Promise<string> {
    const source = this.expectKind(await this.sources.byId(sourceId), 'vk');
    // VK signs every request with the secret set in its Callback API settings; a source without one accepts nothing.
    if (!secretMatches(body?.secret, source.settings.secret)) throw unknownSource();
    const event = parseVk(body);
    if (event.kind === 'confirmation') {
      if (source.settings.groupId && event.groupId !== source.settings.groupId) throw unknownSource();
      if (!source.settings.confirmationCode) throw new AppError('UNPROCESSABLE', 'Set the confirmation string of this VK source first');
      return source.settings.confirmationCode;
    }
    if (event.kind === 'ignored') return 'ok';
    this.limited(source);
    if (event.kind === 'comment') {
      await this.deliver(source, event.deliveryId, meta, (em) =>
        this.inbound.receive(em, {
          source,
          channel: 'vk_comment',
          externalUserId: event.userId,
          providerMessageId: event.deliveryId,
          text: event.text,
          comment: event.target,
          toLead: (tx) =>
            this.leads.receive(tx, { ...this.fromSource(source), contact: {}, messengerUserId: event.userId, message: event.text, consentStatus: 'pending' }),
        }),
      );
      return 'ok';
    }
    // A phone typed into a VK form that is not a number is still an inquiry: it is kept, raw, for the operator to
    // check with the person (refusing it would make VK retry the delivery for ever, and the inquiry would be lost).
    const phone = event.kind === 'lead_form' && event.phone ? normalizePhone(event.phone, this.config.defaultPhoneRegion) : null;
    const unreadPhone = event.kind === 'lead_form' && event.phone && !phone ? `${UNREAD_PHONE_NOTE} ${event.phone.slice(0, 100)}` : null;
    const lead: IncomingLead =
      event.kind === 'message'
        ? { ...this.fromSource(source), contact: {}, messengerUserId: event.userId, message: event.text, consentStatus: 'pending' }
        : {
            ...this.fromSource(source),
            contact: { lastName: event.lastName, firstName: event.firstName, middleName: event.middleName, phone, email: event.email },
            messengerUserId: event.userId,
            message: [event.formName, event.message, unreadPhone].filter(Boolean).join('\n') || null,
            consentStatus: 'pending',
          };
    await this.deliver(source, event.deliveryId, meta, (em) =>
      event.kind === 'message'
        ? this.inbound.receive(em, {
            source,
            channel: 'vk',
            externalUserId: event.userId,
            providerMessageId: event.deliveryId,
            text: event.text,
            toLead: (tx) => this.leads.receive(tx, lead),
          })
        : this.leads.receive(em, lead),
    );
    return 'ok';
  }

  /** Telegram Bot API webhook, checked by the secret token given to setWebhook. */
  async telegram(sourceId: string, secretToken: string | undefined, body: Record<string, unknown>, meta: RequestMeta): Promise<void> {
    const source = this.expectKind(await this.sources.byId(sourceId), 'telegram');
    if (!secretMatches(secretToken, source.settings.secretToken)) throw unknownSource();
    const update = parseTelegram(body);
    if (update.kind === 'ignored') return;
    this.limited(source);
    if (update.kind === 'button') {
      await this.inbound.pressButton({ source, callbackQueryId: update.callbackQueryId, userId: update.userId, data: update.data });
      return;
    }
    await this.deliver(source, update.deliveryId, meta, (em) =>
      this.inbound.receive(em, {
        source,
        channel: 'telegram',
        externalUserId: update.userId,
        providerMessageId: update.deliveryId,
        text: update.text,
        toLead: (tx) =>
          this.leads.receive(tx, {
            ...this.fromSource(source),
            contact: {
              firstName: update.firstName,
              lastName: update.lastName,
              phone: update.phone ? normalizePhone(update.phone, this.config.defaultPhoneRegion) : null,
            },
            messengerUserId: update.userId,
            messengerUsername: update.username,
            message: update.text,
            consentStatus: 'pending',
          }),
      }),
    );
  }

  /**
   * `work` stores the lead (none when a message answered one of ours); audit entries it returns are written with the
   * delivery's own, in one INSERT.
   */
  private async deliver(
    source: IntakeSource,
    deliveryId: string | null,
    meta: RequestMeta,
    work: (em: EntityManager) => Promise<{ leadId: string | null; lead: LeadRow | null; consentWithdrawalToken?: string; audit?: AuditEntry[] }>,
  ): Promise<Accepted> {
    return this.dataSource.transaction(async (em) => {
      if (deliveryId) {
        const earlier = await this.deliveries.claimDelivery(source.id, deliveryId, em);
        if (earlier) {
          const lead = earlier.leadId ? await this.leads.findRow(earlier.leadId, em) : undefined;
          return { id: earlier.leadId ?? '', status: lead?.status ?? 'new', created: false };
        }
      }
      const result = await work(em);
      if (deliveryId && result.leadId) await this.deliveries.linkDelivery(source.id, deliveryId, result.leadId, em);
      const received = result.leadId
        ? { action: 'lead.received', entity: 'lead', entityId: result.leadId, fields: [source.kind] }
        : { action: 'message.received', entity: 'intake_source', entityId: source.id, fields: [source.kind] };
      await this.audit.recordAnonymous(meta, [...(result.audit ?? []), received], em);
      return { id: result.leadId ?? '', status: result.lead?.status ?? 'new', created: true, consentWithdrawalToken: result.consentWithdrawalToken };
    });
  }

  /** Whether a lead with this external id came from this source already, or one waits in the inbox to become it. */
  private async externalIdSeen(sourceId: string, externalId: string): Promise<boolean> {
    return (await this.leads.externalIdTaken(sourceId, externalId)) || (await this.inbox.externalIdWaiting(sourceId, externalId));
  }

  private expectKind(source: IntakeSource | undefined, kind: IntakeKind): IntakeSource {
    if (!source || source.kind !== kind) throw unknownSource();
    return source;
  }

  private limited(source: IntakeSource): IntakeSource {
    const { limit, windowSec } = this.config.intakeSourceRateLimit;
    const retryAfter = this.perSource.hit(source.id, limit, windowSec);
    if (retryAfter)
      throw new AppError(
        'RATE_LIMITED',
        'Too many submissions for this intake source; try again later',
        { retryAfterSec: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    return source;
  }

  private fromSource(source: IntakeSource): Pick<IncomingLead, 'channel' | 'sourceId' | 'branchId'> {
    return { channel: source.channel, sourceId: source.id, branchId: source.branchId };
  }

  private phone(raw: string): string {
    const phone = normalizePhone(raw, this.config.defaultPhoneRegion);
    if (!phone) throw validationFailed('The phone number is not valid', [{ field: 'phone', messages: ['phone must be a valid phone number'] }]);
    return phone;
  }
}
