import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { JobRunner } from '../../jobs/job-runner.js';
import { AuditService } from '../audit/audit.service.js';
import { ConsentsService } from '../consents/consents.service.js';
import { LeadsService } from '../leads/leads.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { ChannelAccounts } from './channel-accounts.js';
import { buttonsFor, subjectFor } from './message-extras.js';
import { consentFor, isAutomatic, type MessageChannel, waitsForDaytime } from './message-types.js';
import { type MessageRow, MessagesRepository } from './messages.repository.js';
import { MessageQueueRepository } from './message-queue.repository.js';
import { OptOutsRepository } from './opt-outs.repository.js';
import { MessagingSettingsService } from './messaging-settings.service.js';
import { OutboundService } from './outbound.service.js';
import type { Envelope, SendResult } from './providers/provider.js';
import { Providers } from './providers/providers.js';
import { isQuiet, nextAllowed } from './quiet-hours.js';

export const DISPATCH_JOB = 'messages.dispatch';
// Longer than a batch takes at the slowest provider rate; a message of an instance that died waits this long.
const LEASE_SEC = 300;
// A provider asking to wait longer than this (Retry-After) gets the rest of the batch back in the queue instead.
const MAX_WAIT_MS = 5000;

export interface DispatchStats {
  claimed: number;
  sent: number;
  failed: number;
  retried: number;
  cancelled: number;
  held: number;
}

/** Seconds before attempt `attempt + 1`: the base, doubled per attempt, at most an hour. */
export function backoffSec(attempt: number, baseSec: number): number {
  return Math.min(3600, baseSec * 2 ** Math.max(0, Math.min(attempt - 1, 20)));
}

interface Outcomes {
  sent: { id: string; providerMessageId: string | null }[];
  failed: { id: string; reason: string }[];
  cancelled: { id: string; reason: string }[];
  requeued: { id: string; at: Date; reason: string | null; keepAttempt: boolean }[];
}

/**
 * The one delivery path of every outbound message. A periodic job claims due messages (FOR UPDATE SKIP LOCKED under
 * a lease, so with several instances each message is taken once), checks at that moment that the person may still
 * get it (restriction, consent, opt-out, quiet hours), sends through the channel's provider at its rate, and records
 * the outcome: sent, a retry with backoff (network errors, 5xx, 429 with its Retry-After), or failed with the reason.
 * A message is never sent twice: a retry goes only when the provider surely did not take it, or recognises repeats.
 */
@Injectable()
export class MessageDispatcher implements OnModuleInit {
  private readonly logger = new Logger(MessageDispatcher.name);
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly queue: MessageQueueRepository,
    private readonly optOuts: OptOutsRepository,
    private readonly providers: Providers,
    private readonly accounts: ChannelAccounts,
    private readonly settings: MessagingSettingsService,
    private readonly patients: PatientsService,
    private readonly consents: ConsentsService,
    private readonly leads: LeadsService,
    private readonly outbound: OutboundService,
    private readonly jobs: JobRunner,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.jobs.every(DISPATCH_JOB, this.config.messaging.dispatchEverySec, async () => {
      await this.dispatch();
    });
  }

  /** Sends what is due, batch after batch, until none is left or the run's time is up. */
  async dispatch(budgetMs = this.config.messaging.dispatchBudgetMs): Promise<DispatchStats> {
    const until = Date.now() + budgetMs;
    const stats: DispatchStats = { claimed: 0, sent: 0, failed: 0, retried: 0, cancelled: 0, held: 0 };
    await this.recoverStale();
    while (Date.now() < until) {
      const batch = await this.queue.claimDue(this.owner, LEASE_SEC, this.config.messaging.dispatchBatch, this.dataSource.manager);
      if (!batch.length) break;
      stats.claimed += batch.length;
      const outcomes = await this.process(batch);
      await this.record(batch, outcomes);
      stats.sent += outcomes.sent.length;
      stats.failed += outcomes.failed.length;
      stats.cancelled += outcomes.cancelled.length;
      stats.retried += outcomes.requeued.filter((r) => r.keepAttempt).length;
      stats.held += outcomes.requeued.filter((r) => !r.keepAttempt).length;
    }
    return stats;
  }

  private async recoverStale(): Promise<void> {
    const idempotent = (['telegram', 'vk', 'vk_comment', 'sms', 'email'] as MessageChannel[]).filter((c) => this.providers.of(c).idempotent);
    const { failed } = await this.queue.recoverStale(idempotent, this.dataSource.manager);
    if (failed.length) {
      this.logger.warn({ messages: failed.length }, 'messages interrupted while sending were marked failed (their outcome is unknown)');
      await this.dataSource.transaction(async (em) => {
        for (const row of failed) await this.outbound.announce(em, row);
      });
    }
  }

  private async process(batch: MessageRow[]): Promise<Outcomes> {
    const out: Outcomes = { sent: [], failed: [], cancelled: [], requeued: [] };
    const now = Date.now();
    const patientIds = [...new Set(batch.map((m) => m.patientId).filter((id): id is string => !!id))];
    const [restricted, optedOut, personal, marketing, wrote] = await Promise.all([
      this.patients.restrictedAmong(patientIds),
      this.optOuts.optedOutAmong(patientIds),
      this.consents.withActiveConsent(patientIds, 'personal_data'),
      this.consents.withActiveConsent(patientIds, 'marketing'),
      this.messages.wroteToUs(patientIds),
    ]);
    const sendable: { message: MessageRow; envelope: Envelope }[] = [];
    for (const m of batch) {
      const purpose = m.purpose!;
      const needed = consentFor(purpose);
      const cancel = (reason: string) => out.cancelled.push({ id: m.id, reason });
      if (m.expiresAt && m.expiresAt.getTime() < now) cancel('expired: its time passed before it could go');
      else if (m.patientId && restricted.has(m.patientId)) cancel('restricted: processing of this person’s data is restricted');
      else if (!m.body || !m.address) cancel('erased');
      else if (m.patientId && isAutomatic(purpose) && optedOut.has(m.patientId)) cancel('opted_out: the person asked for no more messages');
      else if (m.patientId && needed === 'marketing' && !marketing.has(m.patientId)) cancel('no_consent: no marketing consent');
      else if (m.patientId && needed === 'personal_data' && !personal.has(m.patientId)) cancel('no_consent: no consent to personal-data processing');
      else if (m.patientId && purpose === 'reply' && !personal.has(m.patientId) && !wrote.has(m.patientId))
        cancel('no_consent: the person never wrote and gave no consent');
      else {
        const branch = m.branchId ? await this.settings.forBranch(m.branchId).catch(() => undefined) : undefined;
        if (branch && waitsForDaytime(purpose) && isQuiet(branch.timezone, now, branch.quiet)) {
          const at = nextAllowed(branch.timezone, now, branch.quiet);
          if (m.expiresAt && at > m.expiresAt.getTime()) cancel('expired: quiet hours last until after the visit');
          else out.requeued.push({ id: m.id, at: new Date(at), reason: null, keepAttempt: false });
          continue;
        }
        const language = branch?.language ?? 'ru';
        const envelope: Envelope = {
          id: m.id,
          channel: m.channel,
          address: m.address,
          body: m.body,
          comment: m.externalRef ?? undefined,
          account: await this.accounts.of(m.sourceId),
          subject: subjectFor(purpose, language, branch?.clinic ?? null),
          buttons: m.channel === 'telegram' ? buttonsFor(m, language) : undefined,
        };
        const unavailable = this.providers.of(m.channel).unavailable(envelope);
        if (unavailable) out.failed.push({ id: m.id, reason: unavailable });
        else sendable.push({ message: m, envelope });
      }
    }
    await this.send(sendable, out);
    return out;
  }

  /** Sends per provider account at its rate, up to the configured number of requests at once. */
  private async send(items: { message: MessageRow; envelope: Envelope }[], out: Outcomes): Promise<void> {
    const chunks: { key: string; channel: MessageChannel; items: typeof items }[] = [];
    const byKey = new Map<string, typeof items>();
    for (const item of items) {
      const channel = item.message.channel;
      const key = `${channel === 'vk_comment' ? 'vk' : channel}:${item.message.sourceId ?? ''}`;
      byKey.set(key, [...(byKey.get(key) ?? []), item]);
    }
    for (const [key, group] of byKey) {
      const channel = group[0]!.message.channel;
      const size = this.providers.of(channel).maxBatch;
      for (let i = 0; i < group.length; i += size) chunks.push({ key, channel, items: group.slice(i, i + size) });
    }
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        if (this.providers.waitOf(chunk.key) > MAX_WAIT_MS) {
          const at = new Date(Date.now() + this.providers.waitOf(chunk.key));
          for (const { message } of chunk.items) out.requeued.push({ id: message.id, at, reason: null, keepAttempt: false });
          continue;
        }
        await this.providers.slot(chunk.key, this.providers.rateOf(chunk.channel));
        const provider = this.providers.of(chunk.channel);
        let results: SendResult[];
        try {
          results = await provider.send(chunk.items.map((i) => i.envelope));
        } catch (error) {
          results = chunk.items.map(() => ({ ok: false, retry: true, reason: `error: ${(error as Error)?.name ?? 'unknown'}`, maybeSent: true }));
        }
        chunk.items.forEach(({ message }, k) => this.outcome(message, results[k]!, provider.idempotent, chunk.key, out));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.messaging.dispatchConcurrency, chunks.length) }, worker));
  }

  private outcome(m: MessageRow, result: SendResult, idempotent: boolean, key: string, out: Outcomes): void {
    if (result.ok) {
      out.sent.push({ id: m.id, providerMessageId: result.providerMessageId });
      return;
    }
    if (result.retry && result.maybeSent && !idempotent) {
      // The provider may have taken it, and would not recognise a repeat: a second copy is worse than none.
      out.failed.push({ id: m.id, reason: `outcome_unknown: ${result.reason}` });
      return;
    }
    if (!result.retry || m.attempts >= m.maxAttempts) {
      out.failed.push({ id: m.id, reason: result.retry ? `${result.reason} (after ${m.attempts} attempts)` : result.reason });
      return;
    }
    if (result.retryAfterSec) this.providers.pause(key, result.retryAfterSec);
    const delaySec = Math.max(backoffSec(m.attempts, this.config.messaging.retryBaseSec), result.retryAfterSec ?? 0);
    const at = new Date(Date.now() + delaySec * 1000);
    if (m.expiresAt && at > m.expiresAt) out.failed.push({ id: m.id, reason: `${result.reason} (no time left to retry)` });
    else out.requeued.push({ id: m.id, at, reason: result.reason, keepAttempt: true });
  }

  /** Writes the outcomes of a batch in one transaction, with their events; a reply that went is a lead's first contact. */
  private async record(batch: MessageRow[], out: Outcomes): Promise<void> {
    const byId = new Map(batch.map((m) => [m.id, m]));
    await this.dataSource.transaction(async (em) => {
      const sent = await this.queue.markSent(this.owner, out.sent, em);
      const failed = await this.queue.markFailed(this.owner, out.failed, em);
      const cancelled = await this.queue.markCancelled(this.owner, out.cancelled, em);
      await this.queue.requeue(this.owner, out.requeued, em);
      const reasons = new Map([...out.failed, ...out.cancelled].map((f) => [f.id, f.reason]));
      // Every send is on the audit trail (by the system; fields name the channel and purpose, never the text).
      const audited = [...sent.map((id) => ['message.sent', id] as const), ...failed.map((id) => ['message.failed', id] as const)].map(([action, id]) => ({
        action,
        entity: 'message',
        entityId: id,
        fields: [byId.get(id)!.channel, byId.get(id)!.purpose!],
      }));
      if (audited.length) await this.audit.recordAnonymous({ actorRole: 'system' }, audited, em);
      const changes: [string[], 'sent' | 'failed' | 'cancelled'][] = [
        [sent, 'sent'],
        [failed, 'failed'],
        [cancelled, 'cancelled'],
      ];
      for (const [ids, status] of changes) {
        for (const id of ids) {
          const m = byId.get(id)!;
          if (status === 'sent' && m.purpose === 'reply' && m.leadId && m.createdBy) await this.leads.recordFirstContact(em, m.leadId, new Date());
          await this.outbound.announce(em, { ...m, status, failureReason: reasons.get(id) ?? null });
        }
      }
    });
  }
}
