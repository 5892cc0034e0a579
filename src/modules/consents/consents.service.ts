import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, RequestMeta } from '../../common/auth/actor.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { notFound, validationFailed } from '../../common/errors/app-error.js';
import { type AuditEntry, AuditService } from '../audit/audit.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { type ConsentChannel, type ConsentKind } from './consent-document.rules.js';
import { ConsentRequiredError } from './consent-errors.js';
import { ConsentDocumentsService, type PublishedDocumentRef } from './consent-documents.service.js';
import { type ConsentRow, ConsentsRepository } from './consents.repository.js';
import type {
  ConsentView,
  RecordConsentDto,
  RecordedConsentView,
  WithdrawConsentDto,
  WithdrawalMethod,
  WithdrawalPreviewView,
  WithdrawalView,
} from './dto/consent.dto.js';

/** Proof of how consent was given: a web form's IP, user agent and page, or the operator and call for verbal consent. */
export interface ConsentEvidence {
  ip?: string | null;
  userAgent?: string | null;
  formUrl?: string | null;
  operatorId?: string | null;
  callId?: string | null;
  note?: string | null;
}

export interface RecordConsentInput {
  /** A published consent document (check it is the current one with requireCurrent… before writing anything). */
  documentId: string;
  /** What requireCurrent… returned for it, to spare reading the document again. */
  document?: PublishedDocumentRef;
  /** `newPatient`: the patient was created in the caller's transaction (an intake from a first-time person). */
  subject: { patientId?: string | null; leadId?: string | null; newPatient?: boolean };
  channel: ConsentChannel;
  evidence: ConsentEvidence;
  /** The staff member recording it, or the public request it came with (for the audit trail). */
  actor?: Actor;
  meta?: Partial<RequestMeta>;
}

export interface RecordedConsent extends ConsentView {
  /** Give this to the person once (confirmation page, message): it withdraws the consent without signing in. */
  withdrawalToken: string;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * Random bytes for withdrawal tokens, drawn from the system 128 tokens at a time (as Node does for UUIDs): every
 * website form gets a token, and a call to the system's generator per form showed as 5 % of the app's CPU under load.
 */
const TOKEN_BYTES = 32;
const tokenPool = { bytes: Buffer.alloc(0), next: 0 };

function tokenBytes(): Buffer {
  if (tokenPool.next + TOKEN_BYTES > tokenPool.bytes.length) {
    tokenPool.bytes = randomBytes(TOKEN_BYTES * 128);
    tokenPool.next = 0;
  }
  const bytes = tokenPool.bytes.subarray(tokenPool.next, tokenPool.next + TOKEN_BYTES);
  tokenPool.next += TOKEN_BYTES;
  return bytes;
}

/** A new consent withdrawal token (given to the person once) and the hash kept with the consent. */
export function issueWithdrawalToken(): { token: string; hash: Buffer } {
  const bytes = tokenBytes();
  const token = bytes.toString('base64url');
  // Used once: the pool keeps no copy of a token given out.
  bytes.fill(0);
  return { token, hash: hashToken(token) };
}

/** Consent records: append-only proof of who agreed to which text, when and how; withdrawals are new events. */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consents: ConsentsRepository,
    private readonly documents: ConsentDocumentsService,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * For public forms and intake: resolves when `documentId` is the currently published personal-data document and
   * `accepted` is true; otherwise throws 422 CONSENT_REQUIRED. Call it before writing anything.
   */
  requireCurrentPersonalDataConsent(
    documentId: string | undefined | null,
    accepted: boolean | undefined | null,
    em?: EntityManager,
  ): Promise<PublishedDocumentRef> {
    return this.documents.requireCurrent('personal_data', documentId, accepted, em);
  }

  /** The same check for another kind (marketing, health_data): a separate document and a separate checkbox. */
  requireCurrentConsent(
    kind: ConsentKind,
    documentId: string | undefined | null,
    accepted: boolean | undefined | null,
    em?: EntityManager,
  ): Promise<PublishedDocumentRef> {
    return this.documents.requireCurrent(kind, documentId, accepted, em);
  }

  /**
   * Records one consent inside the caller's transaction (intake, booking, a call). One document per record:
   * marketing consent is recorded by a second call with the marketing document.
   */
  async recordConsent(em: EntityManager, input: RecordConsentInput): Promise<RecordedConsent> {
    const { consent, audit } = await this.recordConsentAuditedByCaller(em, input);
    if (input.actor) await this.audit.record(input.actor, audit, em);
    else await this.audit.recordAnonymous(input.meta ?? {}, audit, em);
    return consent;
  }

  /** The same, but the caller writes the audit entry, together with its own entries of the request (one INSERT). */
  async recordConsentAuditedByCaller(em: EntityManager, input: RecordConsentInput): Promise<{ consent: RecordedConsent; audit: AuditEntry }> {
    const [recorded] = await this.recordConsentsAuditedByCaller(em, [input]);
    await recorded!.announce();
    return { consent: { ...recorded!.consent, withdrawalToken: recorded!.consent.withdrawalToken! }, audit: recorded!.audit };
  }

  /**
   * Several consents with one statement (an intake batch). The other modules hear of each (`consent.recorded`) only
   * when the caller runs its `announce`, so that it can interleave them with its own steps in the order of the
   * requests. With `withdrawalTokenHash` (a token handed out when the request was accepted) no new token is made
   * and `withdrawalToken` is null; `grantedAt` is when the person consented, when that was before now.
   */
  async recordConsentsAuditedByCaller(
    em: EntityManager,
    inputs: Array<RecordConsentInput & { withdrawalTokenHash?: Buffer; grantedAt?: Date }>,
  ): Promise<Array<{ consent: ConsentView & { withdrawalToken: string | null }; audit: AuditEntry; announce: () => Promise<void> }>> {
    const documents = new Map<string, PublishedDocumentRef | null>();
    const prepared = [];
    for (const input of inputs) {
      if (input.document?.id === input.documentId) documents.set(input.documentId, input.document);
      if (!documents.has(input.documentId)) documents.set(input.documentId, await this.documents.findPublished(input.documentId, em));
      const document = documents.get(input.documentId);
      if (!document) throw new ConsentRequiredError('Consent can only be given to a published document', { reason: 'not_published' });
      const patientId = input.subject.patientId ?? null;
      const leadId = input.subject.leadId ?? null;
      if (!patientId && !leadId) throw validationFailed('A consent needs a patient or a lead');
      const operatorId = input.evidence.operatorId ?? (input.channel === 'phone' || input.channel === 'in_person' ? input.actor?.id : undefined) ?? null;
      if ((input.channel === 'phone' || input.channel === 'in_person') && !operatorId)
        throw validationFailed('Verbal or in-person consent needs the operator who took it');
      const issued = input.withdrawalTokenHash ? null : issueWithdrawalToken();
      prepared.push({
        input,
        document,
        issued,
        values: {
          id: randomUUID(),
          document,
          patientId,
          leadId,
          channel: input.channel,
          ip: input.evidence.ip ?? null,
          userAgent: input.evidence.userAgent?.slice(0, 500) ?? null,
          formUrl: input.evidence.formUrl?.slice(0, 2000) ?? null,
          operatorId,
          callId: input.evidence.callId ?? null,
          note: input.evidence.note ?? null,
          withdrawalTokenHash: input.withdrawalTokenHash ?? issued!.hash,
          grantedAt: input.grantedAt,
        },
      });
    }
    const rows = await this.consents.insertMany(
      prepared.map((p) => p.values),
      em,
    );
    return prepared.map(({ input, document, issued }, i) => {
      const row = rows[i]!;
      return {
        consent: { ...toView(row), withdrawalToken: issued?.token ?? null },
        audit: { action: 'consent.recorded', entity: 'consent', entityId: row.id, fields: [document.kind, input.channel] },
        announce: () =>
          this.events.emit(
            'consent.recorded',
            {
              consentId: row.id,
              kind: document.kind,
              channel: input.channel,
              patientId: row.patientId,
              leadId: row.leadId,
              newPatient: input.subject.newPatient ?? false,
            },
            em,
          ),
      };
    });
  }

  /** Staff record consent given by phone, in person or in a messenger, to the current document of its kind. */
  async recordForPatient(actor: Actor, patientId: string, dto: RecordConsentDto): Promise<RecordedConsentView> {
    const published = await this.documents.findPublished(dto.documentId);
    if (!published) throw new ConsentRequiredError('Consent can only be given to a published document', { reason: 'not_published' });
    return this.dataSource.transaction(async (em) => {
      await this.documents.requireCurrent(published.kind, dto.documentId, true, em);
      const patient = await this.patients.findVisible(actor, patientId, em);
      if (patient.anonymizedAt) throw validationFailed('This person’s data was erased');
      return this.recordConsent(em, {
        documentId: dto.documentId,
        subject: { patientId },
        channel: dto.channel,
        actor,
        evidence: { operatorId: actor.id, callId: dto.callId, note: dto.note },
      });
    });
  }

  async listForPatient(actor: Actor, patientId: string): Promise<ConsentView[]> {
    await this.patients.findVisible(actor, patientId);
    const rows = await this.consents.listForPatient(patientId);
    await this.audit.record(actor, { action: 'consent.listed', entity: 'patient', entityId: patientId }, this.dataSource.manager);
    return rows.map(toView);
  }

  /** Whether the patient has a consent of this kind that was not withdrawn (outreach checks marketing). */
  hasActiveConsent(patientId: string, kind: ConsentKind, em?: EntityManager): Promise<boolean> {
    return this.consents.hasActive(patientId, kind, em);
  }

  /** Of these patients, those with a consent of this kind that was not withdrawn (outreach to many at once). */
  /** People whose personal-data consent was withdrawn before `cutoff` and who are not erased yet (for the privacy purge). */
  patientsDueForPurge(cutoff: Date, limit: number): Promise<string[]> {
    return this.consents.patientsDueForPurge(cutoff, limit);
  }

  withActiveConsent(patientIds: string[], kind: ConsentKind, em?: EntityManager): Promise<Set<string>> {
    return this.consents.activeAmong(patientIds, kind, em);
  }

  /** Staff record a withdrawal received by phone, letter, email or in person. */
  async withdraw(actor: Actor, consentId: string, dto: WithdrawConsentDto): Promise<WithdrawalView> {
    return this.dataSource.transaction(async (em) => {
      const consent = await this.consents.findById(consentId, em);
      if (!consent) throw notFound('Consent');
      if (consent.patientId) await this.patients.findVisible(actor, consent.patientId, em);
      const { at, restricted } = await this.applyWithdrawal(em, consent, {
        method: dto.method,
        actorId: actor.id,
        ip: null,
        userAgent: null,
        note: dto.note ?? null,
      });
      await this.audit.record(actor, { action: 'consent.withdrawn', entity: 'consent', entityId: consent.id, fields: [consent.kind, dto.method] }, em);
      if (restricted)
        await this.audit.record(actor, { action: 'patient.restricted', entity: 'patient', entityId: restricted, fields: ['consent_withdrawn'] }, em);
      return { withdrawn: true, withdrawnAt: at };
    });
  }

  /** What a withdrawal link withdraws, for the page that asks the person to confirm (the same answer once withdrawn). */
  async withdrawalPreview(token: string, meta: RequestMeta): Promise<WithdrawalPreviewView> {
    const consent = await this.consents.findByTokenHash(hashToken(token), this.dataSource.manager);
    if (!consent) throw notFound('Consent for this withdrawal link');
    const document = await this.documents.get(consent.documentId);
    await this.audit.recordAnonymous(
      meta,
      { action: 'consent.withdrawal_viewed', entity: 'consent', entityId: consent.id, fields: [consent.kind] },
      this.dataSource.manager,
    );
    return {
      kind: consent.kind,
      documentTitle: document.title,
      documentVersion: consent.documentVersion,
      grantedAt: consent.grantedAt,
      withdrawnAt: consent.withdrawnAt,
    };
  }

  /** The person withdraws with the token they got when consenting; no sign-in. Repeating it is harmless. */
  async withdrawByToken(token: string, meta: RequestMeta): Promise<WithdrawalView> {
    return this.dataSource.transaction(async (em) => {
      const consent = await this.consents.findByTokenHash(hashToken(token), em);
      if (!consent) throw notFound('Consent for this withdrawal link');
      // After erasure the withdrawal is still recorded, but no new personal evidence is collected.
      const evidence = consent.anonymizedAt ? { ip: null, userAgent: null } : { ip: meta.ip, userAgent: meta.userAgent ?? null };
      const { at, restricted } = await this.applyWithdrawal(em, consent, { method: 'public_link', actorId: null, ...evidence, note: null });
      await this.audit.recordAnonymous(
        meta,
        { action: 'consent.withdrawn', entity: 'consent', entityId: consent.id, fields: [consent.kind, 'public_link'] },
        em,
      );
      if (restricted)
        await this.audit.recordAnonymous(meta, { action: 'patient.restricted', entity: 'patient', entityId: restricted, fields: ['consent_withdrawn'] }, em);
      return { withdrawn: true, withdrawnAt: at };
    });
  }

  /** Writes the withdrawal event and, for personal data, restricts the person at once. */
  private async applyWithdrawal(
    em: EntityManager,
    consent: ConsentRow,
    values: { method: WithdrawalMethod; actorId: string | null; ip: string | null; userAgent: string | null; note: string | null },
  ): Promise<{ at: Date; restricted: string | null }> {
    const inserted = await this.consents.insertWithdrawal({ consentId: consent.id, ...values }, em);
    if (!inserted) return { at: consent.withdrawnAt!, restricted: null };
    const restrict = consent.kind === 'personal_data' && consent.patientId ? consent.patientId : null;
    if (restrict) await this.patients.setRestricted(em, restrict, true);
    await this.events.emit('consent.withdrawn', { consentId: consent.id, kind: consent.kind, patientId: consent.patientId, leadId: consent.leadId }, em);
    return { at: inserted.at, restricted: restrict };
  }
}

export function toView(row: ConsentRow): ConsentView {
  const { anonymizedAt: _anonymizedAt, ...view } = row;
  return view;
}
