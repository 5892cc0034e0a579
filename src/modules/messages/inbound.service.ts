import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { JobRunner } from '../../jobs/job-runner.js';
import { Outbox } from '../../realtime/outbox.js';
import type { LeadRow } from '../leads/leads.repository.js';
import { AppointmentsService } from '../schedules/appointments.service.js';
import { ChannelAccounts } from './channel-accounts.js';
import { FeedbackService } from './feedback.service.js';
import { ACKNOWLEDGEMENTS, buttonsFor, parseButton } from './message-extras.js';
import type { CommentRef } from './message-types.js';
import { type MessageRow, MessagesRepository } from './messages.repository.js';
import { OptOutsRepository } from './opt-outs.repository.js';
import { MessagingSettingsService } from './messaging-settings.service.js';
import { OutboundService } from './outbound.service.js';
import { Providers } from './providers/providers.js';
import { looksLikeQuestion } from './question.js';
import { confirmationAnswer, ratingAnswer, subscriptionWord } from './reply-words.js';
import type { Language } from './templates.js';

export const TELEGRAM_ANSWER_JOB = 'messages.telegram_answer';

/** A message a person sent through a messenger source, as intake parsed it. */
export interface InboundMessage {
  source: { id: string; branchId: string | null };
  channel: 'telegram' | 'vk' | 'vk_comment';
  externalUserId: string;
  /** The provider's id of the message (retried webhooks carry the same one). */
  providerMessageId: string | null;
  text: string | null;
  comment?: CommentRef;
  /** Makes or extends the person's lead (intake's rules); not called for answers, STOP words or remarks in public. */
  toLead: (em: EntityManager) => Promise<{ leadId: string; lead: LeadRow }>;
}

/** A pressed Telegram button (callback_query). */
export interface ButtonPress {
  source: { id: string; branchId: string | null };
  callbackQueryId: string;
  userId: string;
  data: string | null;
}

// How long after a message its answer is taken as one (a reminder a day ahead, a feedback request over a week).
const CONFIRMATION_ANSWER_HOURS = 72;
const FEEDBACK_ANSWER_HOURS = 7 * 24;

/**
 * Every message people send: into their thread, and what it means. A short answer to a reminder confirms or cancels
 * the visit, a digit rates a visit, STOP / START stop or resume automatic messages; anything else reaches the
 * operators as an inquiry (a public comment only when it asks something).
 */
@Injectable()
export class InboundService implements OnModuleInit {
  private readonly logger = new Logger(InboundService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly optOuts: OptOutsRepository,
    private readonly outbound: OutboundService,
    private readonly settings: MessagingSettingsService,
    private readonly appointments: AppointmentsService,
    private readonly feedback: FeedbackService,
    private readonly accounts: ChannelAccounts,
    private readonly providers: Providers,
    private readonly outbox: Outbox,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(TELEGRAM_ANSWER_JOB, async (payload) => {
      const account = await this.accounts.of(String(payload.sourceId));
      if (!account?.botToken) return;
      const result = await this.providers.telegram.answerCallbackQuery(account.botToken, String(payload.callbackQueryId), String(payload.text ?? ''));
      // Telegram forgets a query after a while; only network trouble and 5xx are worth another try.
      if (!result.ok && result.retry) throw new Error(result.reason);
    });
  }

  /** Inside intake's delivery transaction. Returns the lead the message went to, or nulls when it was an answer or a remark. */
  async receive(em: EntityManager, input: InboundMessage): Promise<{ leadId: string | null; lead: LeadRow | null; messageId: string | null }> {
    const patientId = await this.messages.patientOfChat(input.source.id, input.externalUserId, em);
    const base = {
      channel: input.channel,
      sourceId: input.source.id,
      externalUserId: input.externalUserId,
      providerMessageId: input.providerMessageId,
      body: input.text,
      externalRef: input.comment ?? null,
    };
    if (input.channel !== 'vk_comment' && patientId) {
      const handled = await this.answer(em, input, patientId);
      if (handled) return { leadId: null, lead: null, messageId: handled };
    }
    if (input.channel === 'vk_comment' && !looksLikeQuestion(input.text)) {
      // A remark in public ("thanks!"): into the person's thread, or the list of comments to look at; no inquiry.
      const row = await this.messages.insertInbound(
        { ...base, patientId: patientId ?? null, leadId: null, branchId: input.source.branchId, replyToId: null },
        em,
      );
      if (row) await this.outbound.announce(em, row, 'message.received');
      return { leadId: null, lead: null, messageId: row?.id ?? null };
    }
    const { leadId, lead } = await input.toLead(em);
    const row = await this.messages.insertInbound({ ...base, patientId: lead.patientId, leadId, branchId: lead.branchId, replyToId: null }, em);
    if (row) await this.outbound.announce(em, row, 'message.received');
    return { leadId, lead, messageId: row?.id ?? null };
  }

  /** A Telegram button under one of our messages: recorded in the thread, acted on, and answered so the button stops spinning. */
  async pressButton(press: ButtonPress): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const parsed = parseButton(press.data);
      const target = parsed ? await this.messages.lockById(parsed.messageId, em) : undefined;
      // Only the chat the message went to can answer it.
      const valid = parsed && target && target.sourceId === press.source.id && target.externalUserId === press.userId && target.patientId;
      const language = await this.languageOf(target?.branchId ?? press.source.branchId, em);
      const label = valid
        ? (buttonsFor(target, language)
            ?.flat()
            .find((b) => b.data === press.data)?.text ?? null)
        : null;
      const row = await this.messages.insertInbound(
        {
          channel: 'telegram',
          patientId: valid ? target.patientId : null,
          leadId: null,
          branchId: valid ? target.branchId : press.source.branchId,
          sourceId: press.source.id,
          replyToId: valid ? target.id : null,
          body: label,
          externalUserId: press.userId,
          externalRef: null,
          providerMessageId: `callback:${press.callbackQueryId}`,
        },
        em,
      );
      if (!row) return; // the same press delivered again
      await this.outbound.announce(em, row, 'message.received');
      let note: keyof (typeof ACKNOWLEDGEMENTS)['ru'] = 'unchanged';
      if (valid && parsed.kind === 'rate') {
        if (target.purpose === 'feedback' && !target.answer) note = (await this.feedback.record(em, target, parsed.rating, null)) ? 'rated' : 'unchanged';
      } else if (valid && (target.purpose === 'confirmation' || target.purpose === 'reminder')) {
        note = await this.answerVisit(em, target, parsed.kind === 'confirm' ? 'confirmed' : 'cancelled');
      }
      await this.jobs.enqueue(
        em,
        TELEGRAM_ANSWER_JOB,
        { sourceId: press.source.id, callbackQueryId: press.callbackQueryId, text: ACKNOWLEDGEMENTS[language][note] },
        { maxAttempts: 3 },
      );
    });
  }

  /** The message as an answer to what we asked, if it is one; returns the stored message's id then. */
  private async answer(em: EntityManager, input: InboundMessage, patientId: string): Promise<string | null> {
    const store = async (replyTo: MessageRow | null) => {
      const row = await this.messages.insertInbound(
        {
          channel: input.channel,
          patientId,
          leadId: null,
          branchId: replyTo?.branchId ?? input.source.branchId,
          sourceId: input.source.id,
          replyToId: replyTo?.id ?? null,
          body: input.text,
          externalUserId: input.externalUserId,
          externalRef: null,
          providerMessageId: input.providerMessageId,
        },
        em,
      );
      if (row) await this.outbound.announce(em, row, 'message.received');
      return row;
    };
    const word = subscriptionWord(input.text);
    if (word) {
      const row = await store(null);
      if (!row) return null;
      const changed = word === 'stop' ? await this.optOuts.optOut(patientId, 'reply_word', row.id, null, em) : await this.optOuts.optIn(patientId, em);
      if (changed) await this.acknowledge(em, row, word === 'stop' ? 'stopped' : 'started');
      return row.id;
    }
    const visit = await this.messages.lockAwaitingAnswer(input.source.id, input.externalUserId, ['confirmation', 'reminder'], CONFIRMATION_ANSWER_HOURS, em);
    const meaning = visit ? confirmationAnswer(input.text) : null;
    if (visit && meaning) {
      const row = await store(visit);
      if (!row) return null;
      await this.acknowledge(em, row, await this.answerVisit(em, visit, meaning === 'confirm' ? 'confirmed' : 'cancelled'));
      return row.id;
    }
    const request = await this.messages.lockAwaitingAnswer(input.source.id, input.externalUserId, ['feedback'], FEEDBACK_ANSWER_HOURS, em);
    const rating = request ? ratingAnswer(input.text) : null;
    if (request && rating) {
      const row = await store(request);
      if (!row) return null;
      if (await this.feedback.record(em, request, rating.rating, rating.comment)) await this.acknowledge(em, row, 'rated');
      return row.id;
    }
    if (input.text && !looksLikeQuestion(input.text) && (await this.feedback.takeComment(em, patientId, input.text))) return (await store(null))?.id ?? null;
    return null;
  }

  /** Confirms or cancels the visit a reminder was about, as the person answered; a cancellation frees the slot for the operators. */
  private async answerVisit(em: EntityManager, message: MessageRow, status: 'confirmed' | 'cancelled'): Promise<'confirmed' | 'cancelled' | 'unchanged'> {
    if (!message.appointmentId || message.answer) return 'unchanged';
    const { changed, appointment } = await this.appointments.answerByPatient(em, message.appointmentId, status);
    if (!changed || !appointment) return 'unchanged';
    await this.messages.setAnswer(message.id, status, em);
    if (status === 'cancelled') {
      await this.outbox.publish(
        em,
        'slot.freed',
        { roles: ['operator', 'receptionist', 'manager', 'admin'], branchId: appointment.branchId },
        {
          appointmentId: appointment.id,
          doctorId: appointment.doctorId,
          serviceId: appointment.serviceId,
          branchId: appointment.branchId,
          startsAt: appointment.startsAt.toISOString(),
          endsAt: appointment.endsAt.toISOString(),
          reason: 'cancelled_by_patient',
        },
      );
    }
    return status;
  }

  /** A short answer back on the same chat. */
  private async acknowledge(em: EntityManager, to: MessageRow, what: keyof (typeof ACKNOWLEDGEMENTS)['ru']): Promise<void> {
    const language = await this.languageOf(to.branchId, em);
    await this.outbound.queue(em, {
      route: { channel: to.channel, address: to.externalUserId!, sourceId: to.sourceId, externalUserId: to.externalUserId },
      purpose: 'reply',
      render: () => ACKNOWLEDGEMENTS[language][what],
      patientId: to.patientId,
      branchId: to.branchId,
      replyToId: to.id,
    });
  }

  private async languageOf(branchId: string | null, em: EntityManager): Promise<Language> {
    if (!branchId) return 'ru';
    return (await this.settings.forBranch(branchId, em).catch(() => undefined))?.language ?? 'ru';
  }
}
