import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Outbox } from '../../realtime/outbox.js';
import { type AuditEntry, AuditService } from '../audit/audit.service.js';
import { ConsentDocumentsService, type PublishedDocumentRef } from '../consents/consent-documents.service.js';
import { ConsentsService, type RecordConsentInput } from '../consents/consents.service.js';
import type { LeadStatus } from '../leads/lead-lifecycle.js';
import type { LeadRow } from '../leads/leads.repository.js';
import { LeadsService } from '../leads/leads.service.js';
import { type InboxRow, IntakeInboxRepository, type TakeBy } from './intake-inbox.repository.js';

const RETRY_MS = 1000;

interface Waiter {
  done: (status: LeadStatus | undefined) => void;
}

/**
 * Turns accepted web-form submissions into leads, many per transaction, exactly as a submission taken on its own
 * would be (patients matched by phone in the order of arrival, their numbers locked together in one fixed order;
 * leads, consents, audit rows and real-time events in that order). Each instance takes what it accepted itself,
 * woken the moment it is accepted, so the answer can wait for its lead; what an instance left behind (it stopped or
 * died) is taken by any instance after INTAKE_ORPHAN_AFTER_SEC. Several instances never take the same submission
 * (FOR UPDATE SKIP LOCKED), and a submission leaves the inbox in the transaction that makes its lead.
 *
 * Its own loop rather than a background job: jobs are polled about once a second, an inquiry must reach the
 * operators within milliseconds.
 */
@Injectable()
export class IntakeInboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IntakeInboxWorker.name);
  readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly waiters = new Map<string, Waiter>();
  private running?: Promise<void>;
  private again = false;
  /** Published consent documents by id: publication freezes them, so each is read once. */
  private readonly documents = new Map<string, PublishedDocumentRef>();
  private stopped = false;
  private sweepTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly inbox: IntakeInboxRepository,
    private readonly leads: LeadsService,
    private readonly consents: ConsentsService,
    private readonly consentDocuments: ConsentDocumentsService,
    private readonly audit: AuditService,
    private readonly outbox: Outbox,
  ) {}

  get enabled(): boolean {
    return this.config.intakeInbox.drainEnabled;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.intakeInbox.orphanAfterSec * 1000);
    this.sweepTimer.unref();
    void this.sweep();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.retryTimer);
    await this.running;
    for (const waiter of this.waiters.values()) waiter.done(undefined);
  }

  /**
   * Wakes the worker for a submission this instance just accepted; resolves with its lead's status once the lead
   * exists, or undefined after `timeoutMs` (the submission stays safely in the inbox).
   */
  accepted(leadId: string, timeoutMs: number): Promise<LeadStatus | undefined> {
    if (!this.enabled || this.stopped) return Promise.resolve(undefined);
    const answer =
      timeoutMs > 0
        ? new Promise<LeadStatus | undefined>((resolve) => {
            const timer = setTimeout(() => waiter.done(undefined), timeoutMs);
            const waiter: Waiter = {
              done: (status) => {
                clearTimeout(timer);
                this.waiters.delete(leadId);
                resolve(status);
              },
            };
            this.waiters.set(leadId, waiter);
          })
        : Promise.resolve(undefined);
    this.wake();
    return answer;
  }

  /** Takes this instance's waiting submissions until none is left; calls while it runs make it look once more. */
  wake(): void {
    if (!this.enabled || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drainOwn()
      .catch((error: unknown) => {
        this.logger.error(`taking web-form submissions failed: ${describe(error)}; trying again shortly`);
        this.retryLater();
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) this.wake();
      });
  }

  /** Takes what other instances left behind (and anything of this one the loop has not reached). */
  async sweep(): Promise<number> {
    if (!this.enabled || this.stopped) return 0;
    try {
      let taken = 0;
      for (;;) {
        const n = await this.takeBatch({ orphansAfterSec: this.config.intakeInbox.orphanAfterSec });
        taken += n;
        if (n < this.config.intakeInbox.batchSize) return taken;
      }
    } catch (error) {
      this.logger.error(`taking web-form submissions left behind failed: ${describe(error)}`);
      return 0;
    }
  }

  private async drainOwn(): Promise<void> {
    do {
      this.again = false;
      while (!this.stopped && (await this.takeBatch({ acceptedBy: this.instanceId })) === this.config.intakeInbox.batchSize);
    } while (this.again && !this.stopped);
  }

  private retryLater(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, RETRY_MS);
    this.retryTimer.unref();
  }

  /**
   * One transaction: takes a batch and makes its leads. When the batch fails, each submission is tried on its own,
   * and one that fails alone for a reason in its data is set aside with the reason; anything else is retried.
   * Returns how many submissions were taken.
   */
  private async takeBatch(by: TakeBy): Promise<number> {
    let taken: InboxRow[] = [];
    try {
      const leads = await this.dataSource.transaction(async (em) => {
        taken = await this.inbox.take(this.config.intakeInbox.batchSize, by, em);
        return taken.length ? this.process(em, taken) : [];
      });
      this.answer(leads);
      return taken.length;
    } catch (error) {
      if (!taken.length || !isDataError(error)) throw error;
      for (const row of taken) await this.takeAlone(row.id);
      return taken.length;
    }
  }

  private async takeAlone(id: string): Promise<void> {
    let taken: InboxRow[] = [];
    try {
      this.answer(
        await this.dataSource.transaction(async (em) => {
          taken = await this.inbox.take(1, { id }, em);
          return taken.length ? this.process(em, taken) : [];
        }),
      );
    } catch (error) {
      if (!taken.length || !isDataError(error)) throw error;
      this.logger.warn(`a web-form submission cannot become a lead (${describe(error)}); it stays in intake_inbox`);
      await this.inbox.markFailed(id, describe(error), this.dataSource.manager);
      this.waiters.get(taken[0]!.leadId)?.done(undefined);
    }
  }

  private async process(em: EntityManager, rows: InboxRow[]): Promise<LeadRow[]> {
    await this.readDocuments(
      rows.flatMap((r) => [r.consentDocumentId, r.marketingDocumentId ?? []].flat()),
      em,
    );
    return this.outbox.collect(em, () => this.makeLeads(em, rows));
  }

  private async readDocuments(ids: string[], em: EntityManager): Promise<void> {
    for (const id of new Set(ids)) {
      if (this.documents.has(id)) continue;
      const document = await this.consentDocuments.findPublished(id, em);
      if (document) this.documents.set(id, document);
    }
  }

  private answer(leads: LeadRow[]): void {
    for (const lead of leads) this.waiters.get(lead.id)?.done(lead.status);
  }

  /** The leads of a batch, in order, with everything the intake of one submission writes. */
  private async makeLeads(em: EntityManager, rows: InboxRow[]): Promise<LeadRow[]> {
    const leads = await this.leads.receiveMany(
      em,
      rows.map((r) => ({
        id: r.leadId,
        receivedAt: r.acceptedAt,
        channel: r.channel,
        sourceId: r.sourceId,
        branchId: r.branchId,
        contact: {
          name: r.inquiry.name,
          lastName: r.inquiry.lastName,
          firstName: r.inquiry.firstName,
          middleName: r.inquiry.middleName,
          phone: r.inquiry.phone,
          email: r.inquiry.email,
        },
        utm: r.inquiry.utm ?? undefined,
        referrer: r.inquiry.referrer,
        landingUrl: r.inquiry.pageUrl,
        message: r.inquiry.message,
        requestedServiceId: r.inquiry.requestedServiceId,
        requestedDoctorId: r.inquiry.requestedDoctorId,
        externalId: r.inquiry.externalId,
        consentStatus: 'given' as const,
      })),
      { announce: false },
    );
    const consentsOf: number[][] = [];
    const inputs: Array<RecordConsentInput & { withdrawalTokenHash?: Buffer; grantedAt?: Date }> = [];
    for (const [i, r] of rows.entries()) {
      const subject = { patientId: leads[i]!.patientId, leadId: r.leadId, newPatient: !leads[i]!.returningPatient };
      const evidence = { ip: r.request.ip, userAgent: r.request.userAgent, formUrl: r.inquiry.pageUrl ?? r.inquiry.referrer ?? null };
      // Consent was given when the form was sent, a moment before it is recorded here.
      const mine = [
        inputs.push({
          documentId: r.consentDocumentId,
          document: this.documents.get(r.consentDocumentId),
          subject,
          channel: 'web_form',
          evidence,
          withdrawalTokenHash: r.withdrawalTokenHash,
          grantedAt: r.acceptedAt,
        }) - 1,
      ];
      if (r.marketingDocumentId)
        mine.push(
          inputs.push({
            documentId: r.marketingDocumentId,
            document: this.documents.get(r.marketingDocumentId),
            subject,
            channel: 'web_form',
            evidence,
            grantedAt: r.acceptedAt,
          }) - 1,
        );
      consentsOf.push(mine);
    }
    const recorded = await this.consents.recordConsentsAuditedByCaller(em, inputs);
    // As one submission after another: its lead's events, what its consent changes, then the next submission.
    const audit: Array<{ meta: Partial<RequestMeta>; entry: AuditEntry }> = [];
    for (const [i, row] of rows.entries()) {
      await this.leads.announceReceived(em, leads[i]!);
      const meta = { requestId: row.request.requestId ?? undefined, ip: row.request.ip ?? undefined };
      for (const c of consentsOf[i]!) {
        await recorded[c]!.announce();
        audit.push({ meta, entry: recorded[c]!.audit });
      }
      audit.push({ meta, entry: { action: 'lead.received', entity: 'lead', entityId: row.leadId, fields: ['web_form'] } });
    }
    await this.audit.recordAnonymousMany(audit, em);
    return leads;
  }
}

/** A failure in the submission's data (a constraint, a value), as opposed to the database being away or busy. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** Error class and database code (and constraint), never a message: messages can quote personal values. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const driver = (error as { driverError?: { code?: unknown; constraint?: unknown } }).driverError ?? (error as { code?: unknown; constraint?: unknown });
  return [error.name, driver.code, driver.constraint]
    .filter((p) => typeof p === 'string')
    .join(' ')
    .slice(0, 200);
}
