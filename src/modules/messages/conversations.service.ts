import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertInScope, assertMayProcess, branchScope, restrictedPerson, seesRestrictedRecords } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { AppError, conflict, notFound } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { ConsentsService } from '../consents/consents.service.js';
import { LeadsService } from '../leads/leads.service.js';
import type { Patient } from '../patients/patient.entity.js';
import { PatientsService } from '../patients/patients.service.js';
import type {
  ListMessagesQuery,
  MessageConsentDto,
  MessageConsentView,
  MessagePage,
  MessageView,
  OptOutDto,
  OptOutView,
  ReplyDto,
  SendMessageDto,
  ThreadQuery,
  ThreadView,
} from './dto/message.dto.js';
import { toMessageView } from './message-view.js';
import type { WritableChannel } from './message-types.js';
import { type MessageRow, MessagesRepository } from './messages.repository.js';
import { MessageQueueRepository } from './message-queue.repository.js';
import { OptOutsRepository } from './opt-outs.repository.js';
import { OutboundService, type Route } from './outbound.service.js';
import { ConsentRequiredError } from '../consents/consent-errors.js';

/** Conversations as staff see them on the lead and patient card: the thread, writing and answering, consent, opt-out. */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly queue: MessageQueueRepository,
    private readonly optOuts: OptOutsRepository,
    private readonly outbound: OutboundService,
    private readonly patients: PatientsService,
    private readonly leads: LeadsService,
    private readonly consents: ConsentsService,
    private readonly audit: AuditService,
  ) {}

  async patientThread(actor: Actor, patientId: string, query: ThreadQuery): Promise<ThreadView> {
    const patient = await this.patients.findVisible(actor, patientId);
    return this.thread(actor, patient, query);
  }

  /** A lead's thread is its person's: every message of theirs, whichever inquiry it belonged to. */
  async leadThread(actor: Actor, leadId: string, query: ThreadQuery): Promise<ThreadView> {
    const lead = await this.leads.visible(actor, leadId);
    const patient = await this.patients.findRow(lead.patientId);
    if (!patient) throw notFound('Patient');
    return this.thread(actor, patient, query);
  }

  async sendToPatient(actor: Actor, patientId: string, dto: SendMessageDto): Promise<MessageView> {
    return this.view(
      await this.dataSource.transaction(async (em) => {
        const patient = await this.patients.findVisible(actor, patientId, em);
        // The message belongs to a branch of the person the writer works at (its events reach that branch only).
        const scope = branchScope(actor);
        const branchId = (await this.patients.branchesOf(patientId, em)).find((b) => !scope.branchIds || scope.branchIds.includes(b)) ?? null;
        return this.write(em, actor, patient, null, dto, branchId);
      }),
    );
  }

  /** From the lead card: operators write on the leads they hold. */
  async sendOnLead(actor: Actor, leadId: string, dto: SendMessageDto): Promise<MessageView> {
    return this.view(
      await this.dataSource.transaction(async (em) => {
        const lead = await this.leads.workable(actor, leadId, em);
        const patient = await this.patients.findRow(lead.patientId, em);
        if (!patient) throw notFound('Patient');
        return this.write(em, actor, patient, lead.id, dto, lead.branchId);
      }),
    );
  }

  /** Answers a message where it came from: the same chat, or under the same public comment. */
  async reply(actor: Actor, messageId: string, dto: ReplyDto): Promise<MessageView> {
    return this.view(
      await this.dataSource.transaction(async (em) => {
        const original = await this.lockReachable(actor, messageId, em);
        if (original.direction !== 'in') throw conflict('Only a message the person sent can be answered; write on the card instead');
        if (original.restricted) throw restrictedPerson();
        if (!original.externalUserId || !original.sourceId)
          throw new AppError('UNPROCESSABLE', 'This message can no longer be answered (the person’s data was erased)');
        const route: Route =
          original.channel === 'vk_comment'
            ? {
                channel: 'vk_comment',
                address: original.externalUserId,
                sourceId: original.sourceId,
                externalUserId: original.externalUserId,
                comment: original.externalRef ?? undefined,
              }
            : { channel: original.channel, address: original.externalUserId, sourceId: original.sourceId, externalUserId: original.externalUserId };
        const row = await this.outbound.queue(em, {
          route,
          purpose: 'reply',
          render: () => dto.text,
          patientId: original.patientId,
          leadId: original.leadId,
          branchId: original.branchId,
          replyToId: original.id,
          createdBy: actor.id,
          restricted: false,
        });
        await this.audit.record(actor, { action: 'message.queued', entity: 'message', entityId: row!.id, fields: ['text', route.channel] }, em);
        return row!;
      }),
    );
  }

  async get(actor: Actor, id: string): Promise<MessageView> {
    const row = await this.reachable(actor, id);
    await this.audit.recordOutsideTransaction(actor, { action: 'message.viewed', entity: 'message', entityId: id, fields: ['text'] });
    return toMessageView(row);
  }

  /** Messages across the clinic (the branches of the asker): failed deliveries to look at, public comments nobody answered. */
  async list(actor: Actor, query: ListMessagesQuery): Promise<MessagePage> {
    const limit = query.limit ?? 50;
    const rows = await this.messages.list({
      status: query.status,
      channel: query.channel,
      direction: query.direction,
      unlinked: query.unlinked,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      scope: branchScope(actor),
      hideRestricted: !seesRestrictedRecords(actor.role),
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    await this.audit.recordOutsideTransaction(actor, { action: 'message.listed', entity: 'message', fields: ['text'] });
    const page = toPage(rows, limit, (m) => ({ at: m.createdAt.toISOString(), id: m.id }));
    return { data: page.data.map(toMessageView), nextCursor: page.nextCursor };
  }

  /** A failed or withdrawn message goes again (the checks at sending apply again). */
  async retry(actor: Actor, id: string): Promise<MessageView> {
    await this.dataSource.transaction(async (em) => {
      const row = await this.lockReachable(actor, id, em);
      if (row.restricted) throw restrictedPerson();
      if (row.direction !== 'out' || !(await this.queue.retry(id, em))) throw conflict('Only a failed or withdrawn outbound message can be sent again');
      await this.audit.record(actor, { action: 'message.retried', entity: 'message', entityId: id }, em);
      await this.outbound.announce(em, (await this.messages.findById(id, em))!);
    });
    return toMessageView((await this.messages.findById(id))!);
  }

  /** Consent the person gave in the conversation, recorded with their message as the evidence. */
  async consent(actor: Actor, id: string, dto: MessageConsentDto): Promise<MessageConsentView> {
    const published = await this.consents
      .requireCurrentConsent('personal_data', dto.documentId, true)
      .catch(async () => this.consents.requireCurrentConsent('marketing', dto.documentId, true));
    return this.dataSource.transaction(async (em) => {
      const message = await this.reachable(actor, id, em);
      if (message.direction !== 'in' || !message.patientId) throw conflict('Consent is recorded from a message the person sent, in their thread');
      if (message.restricted) throw restrictedPerson();
      const note = `Given in the conversation: ${message.channel} message ${message.id} of ${message.createdAt.toISOString()}`;
      const consent = await this.consents.recordConsent(em, {
        documentId: published.id,
        document: published,
        subject: { patientId: message.patientId, leadId: message.leadId },
        channel: 'messenger',
        actor,
        evidence: { operatorId: actor.id, note },
      });
      return { consentId: consent.id, messageId: message.id, kind: published.kind };
    });
  }

  async setOptOut(actor: Actor, patientId: string, dto: OptOutDto): Promise<OptOutView> {
    await this.dataSource.transaction(async (em) => {
      await this.patients.findVisible(actor, patientId, em);
      const changed = dto.optedOut ? await this.optOuts.optOut(patientId, 'staff', null, actor.id, em) : await this.optOuts.optIn(patientId, em);
      if (changed)
        await this.audit.record(actor, { action: dto.optedOut ? 'messages.opted_out' : 'messages.opted_in', entity: 'patient', entityId: patientId }, em);
    });
    return { patientId, optedOut: dto.optedOut };
  }

  private async thread(actor: Actor, patient: Patient, query: ThreadQuery): Promise<ThreadView> {
    const limit = query.limit ?? 50;
    const rows = await this.messages.list({ patientId: patient.id, scope: {}, hideRestricted: false, after: decodeCursor(query.cursor), limit: limit + 1 });
    await this.audit.recordOutsideTransaction(actor, { action: 'message.thread_viewed', entity: 'patient', entityId: patient.id, fields: ['text'] });
    const page = toPage(rows, limit, (m) => ({ at: m.createdAt.toISOString(), id: m.id }));
    const channels = patient.restrictedAt ? [] : (await this.outbound.routesOf(patient)).map((r) => r.channel as WritableChannel);
    return {
      patientId: patient.id,
      optedOut: (await this.optOuts.optedOutAmong([patient.id])).size > 0,
      channels,
      data: page.data.map(toMessageView),
      nextCursor: page.nextCursor,
    };
  }

  private async write(
    em: EntityManager,
    actor: Actor,
    patient: Patient,
    leadId: string | null,
    dto: SendMessageDto,
    branchId?: string | null,
  ): Promise<MessageRow> {
    if (patient.restrictedAt) throw restrictedPerson();
    if (patient.anonymizedAt) throw new AppError('UNPROCESSABLE', 'This person’s data was erased');
    const purpose = dto.purpose ?? 'reply';
    if (purpose === 'marketing' && !(await this.consents.hasActiveConsent(patient.id, 'marketing', em))) {
      throw new ConsentRequiredError('Marketing messages need the person’s marketing consent');
    }
    const route = await this.outbound.routeOf(patient, dto.channel, em);
    if (!route)
      throw new AppError(
        'UNPROCESSABLE',
        dto.channel ? `This person cannot be reached by ${dto.channel}` : 'This person has no messenger, phone or e-mail to write to',
      );
    const row = await this.outbound.queue(em, {
      route,
      purpose,
      render: () => dto.text,
      patientId: patient.id,
      leadId,
      branchId: branchId ?? null,
      createdBy: actor.id,
    });
    await this.audit.record(actor, { action: 'message.queued', entity: 'message', entityId: row!.id, fields: ['text', route.channel] }, em);
    return row!;
  }

  /** The message if this staff member may reach it: by its person (or lead), else by its branch (public comments of strangers). */
  private async reachable(actor: Actor, id: string, em?: EntityManager): Promise<MessageRow> {
    return this.mayReach(actor, await this.messages.findById(id, em), em);
  }

  /** As `reachable`, with the message locked until the transaction ends. */
  private async lockReachable(actor: Actor, id: string, em: EntityManager): Promise<MessageRow> {
    return this.mayReach(actor, await this.messages.lockById(id, em), em);
  }

  private async mayReach(actor: Actor, row: MessageRow | undefined, em?: EntityManager): Promise<MessageRow> {
    if (!row) throw notFound('Message');
    if (row.leadId) await this.leads.visible(actor, row.leadId, em);
    else if (row.patientId) await this.patients.findVisible(actor, row.patientId, em);
    else assertInScope(actor, row.branchId, 'Message');
    assertMayProcess(actor, row.restricted);
    return row;
  }

  private view(row: MessageRow): MessageView {
    return toMessageView(row);
  }
}
