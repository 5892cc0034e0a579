import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { TtlCache } from '../../common/cache/ttl-cache.js';
import { conflict, notFound, unprocessable } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { bodySha256, type ConsentKind, missingForPublication } from './consent-document.rules.js';
import { type ConsentDocumentRow, ConsentDocumentsRepository } from './consent-documents.repository.js';
import type { ConsentDocumentView, CreateConsentDocumentDto, PublicConsentDocumentView, UpdateConsentDocumentDto } from './dto/consent-document.dto.js';
import { ConsentRequiredError } from './consent-errors.js';

/** The published document a consent refers to: what a consent record copies as its proof. */
export interface PublishedDocumentRef {
  id: string;
  kind: ConsentKind;
  version: string;
  sha256: string;
}

/** Versioned consent documents: drafts are edited, publication freezes the text and stores its SHA-256. */
@Injectable()
export class ConsentDocumentsService {
  // Every form submission asks for the current version; a version published elsewhere is seen within CACHE_TTL_MS.
  private readonly currentRefs: TtlCache<PublishedDocumentRef | null>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly documents: ConsentDocumentsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.currentRefs = new TtlCache(config.cacheTtlMs);
  }

  async create(actor: Actor, dto: CreateConsentDocumentDto): Promise<ConsentDocumentView> {
    return this.dataSource.transaction(async (em) => {
      const id = await this.documents.insert(dto, actor.id, em);
      await this.audit.record(actor, { action: 'consent_document.created', entity: 'consent_document', entityId: id, fields: fieldsOf(dto) }, em);
      return toView((await this.documents.findById(id, em))!);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateConsentDocumentDto): Promise<ConsentDocumentView> {
    return this.dataSource.transaction(async (em) => {
      const existing = await this.documents.lockById(id, em);
      if (!existing) throw notFound('Consent document');
      if (existing.publishedAt) throw conflict('A published consent document cannot be changed; create a new version');
      await this.documents.updateDraft(id, dto, em);
      await this.audit.record(actor, { action: 'consent_document.updated', entity: 'consent_document', entityId: id, fields: fieldsOf(dto) }, em);
      return toView((await this.documents.findById(id, em))!);
    });
  }

  async list(kind?: ConsentKind): Promise<ConsentDocumentView[]> {
    return (await this.documents.list(kind)).map(toView);
  }

  async get(id: string): Promise<ConsentDocumentView> {
    const row = await this.documents.findById(id);
    if (!row) throw notFound('Consent document');
    return toView(row);
  }

  /** Publishes a complete draft; it becomes the current version of its kind. 422 lists what is missing. */
  async publish(actor: Actor, id: string): Promise<ConsentDocumentView> {
    this.currentRefs.clear();
    return this.dataSource.transaction(async (em) => {
      const draft = await this.documents.lockById(id, em);
      if (!draft) throw notFound('Consent document');
      if (draft.publishedAt) throw conflict('This consent document is already published');
      const missing = missingForPublication(draft);
      if (missing.length) throw unprocessable('The document lacks contents the law requires', { missing });
      await this.documents.lockKind(draft.kind, em);
      await this.documents.markPublished(id, bodySha256(draft.body), em);
      await this.audit.record(actor, { action: 'consent_document.published', entity: 'consent_document', entityId: id }, em);
      return toView((await this.documents.findById(id, em))!);
    });
  }

  async current(kind: ConsentKind): Promise<PublicConsentDocumentView> {
    const row = await this.documents.current(kind);
    if (!row) throw notFound('Published consent document');
    return toPublicView(row);
  }

  /**
   * The document if it is the currently published version of `kind` and the person accepted it;
   * otherwise 422 CONSENT_REQUIRED. Callers check this before writing anything.
   */
  async requireCurrent(
    kind: ConsentKind,
    documentId: string | undefined | null,
    accepted: boolean | undefined | null,
    em?: EntityManager,
  ): Promise<PublishedDocumentRef> {
    if (accepted !== true) throw new ConsentRequiredError(`Consent (${kind}) must be accepted`, { kind, reason: 'not_accepted' });
    // A recent answer for the same document is reused; anything else is read afresh.
    const load = async () => {
      const current = await this.documents.current(kind, em);
      return current && { id: current.id, kind: current.kind, version: current.version, sha256: current.sha256! };
    };
    let current = await this.currentRefs.get(kind, load);
    if (current?.id !== documentId) {
      this.currentRefs.delete(kind);
      current = await this.currentRefs.get(kind, load);
    }
    if (!current || !documentId || current.id !== documentId) {
      throw new ConsentRequiredError(`Consent must be given to the current ${kind} document`, {
        kind,
        reason: 'not_current',
        currentDocumentId: current?.id ?? null,
      });
    }
    return current;
  }

  /** A published document of any version (for recording a consent given on paper to an earlier text). */
  async findPublished(documentId: string, em?: EntityManager): Promise<PublishedDocumentRef | null> {
    const row = await this.documents.findById(documentId, em);
    return row?.publishedAt ? { id: row.id, kind: row.kind, version: row.version, sha256: row.sha256! } : null;
  }

  /** Current documents of every kind: what an access export states about purposes, retention and recipients. */
  async currentOfEveryKind(em?: EntityManager): Promise<PublicConsentDocumentView[]> {
    const rows: (ConsentDocumentRow | null)[] = [];
    for (const kind of ['personal_data', 'health_data', 'marketing'] as const) rows.push(await this.documents.current(kind, em));
    return rows.filter((r): r is ConsentDocumentRow => r !== null).map(toPublicView);
  }
}

function fieldsOf(dto: object): string[] {
  return Object.entries(dto)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}

function toView(row: ConsentDocumentRow): ConsentDocumentView {
  const { current, ...rest } = row;
  return { ...rest, status: !row.publishedAt ? 'draft' : current ? 'current' : 'superseded' };
}

function toPublicView(row: ConsentDocumentRow): PublicConsentDocumentView {
  return {
    id: row.id,
    kind: row.kind,
    version: row.version,
    title: row.title,
    body: row.body,
    sha256: row.sha256!,
    publishedAt: row.publishedAt!,
    operatorName: row.operatorName!,
    operatorAddress: row.operatorAddress!,
    purposes: row.purposes,
    dataCategories: row.dataCategories,
    actions: row.actions,
    recipients: row.recipients,
    retention: row.retention!,
    withdrawalMethod: row.withdrawalMethod!,
  };
}
