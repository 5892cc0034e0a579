import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertInScope } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { notFound, validationFailed } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { TtlCache } from '../../common/cache/ttl-cache.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { BranchesService } from '../branches/branches.service.js';
import { CatalogService } from '../doctors/catalog.service.js';
import type {
  BranchMessagingView,
  PutRecallRuleDto,
  PutTemplateDto,
  RecallRuleView,
  TemplatesQuery,
  TemplateView,
  UpdateBranchMessagingDto,
} from './dto/messaging-settings.dto.js';
import { TEMPLATE_PURPOSES, type TemplatePurpose } from './message-types.js';
import { type BranchMessagingRow, MessagingSettingsRepository } from './messaging-settings.repository.js';
import type { QuietHours } from './quiet-hours.js';
import { DEFAULT_TEMPLATES, LANGUAGES, type Language, unknownPlaceholders } from './templates.js';

describeConstraint('message_templates_branch_id_fkey', { code: 'NOT_FOUND', message: 'The branch does not exist' });

const DEFAULTS: Omit<BranchMessagingRow, 'branchId'> = {
  clinicName: null,
  language: 'ru',
  confirmations: true,
  reminderOffsetsMin: [1440, 120],
  quietStart: '21:00',
  quietEnd: '09:00',
  feedbackRequests: true,
  feedbackDelayMin: 180,
  lowRatingMax: 3,
};

/** What messages of a branch need: its settings with the branch's name, address, phone and time zone. */
export interface BranchMessaging extends Omit<BranchMessagingRow, 'branchId'> {
  branchId: string;
  clinic: string;
  address: string;
  phone: string | null;
  timezone: string;
  quiet: QuietHours;
}

/** Messaging settings per branch, templates per branch and language, and recall rules per service. */
@Injectable()
export class MessagingSettingsService {
  // Read for every message written and sent; a change reaches every instance within CACHE_TTL_MS.
  private readonly cache: TtlCache<BranchMessaging>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: MessagingSettingsRepository,
    private readonly branches: BranchesService,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new TtlCache(config.cacheTtlMs);
  }

  async get(actor: Actor, branchId: string): Promise<BranchMessagingView> {
    assertInScope(actor, branchId, 'Branch');
    return toView(await this.forBranch(branchId, undefined, true));
  }

  async update(actor: Actor, branchId: string, dto: UpdateBranchMessagingDto): Promise<BranchMessagingView> {
    await this.branches.get(branchId);
    await this.dataSource.transaction(async (em) => {
      await this.settings.putSettings(
        branchId,
        { ...dto, reminderOffsetsMin: dto.reminderOffsetsMin ? [...dto.reminderOffsetsMin].sort((a, b) => b - a) : undefined },
        actor.id,
        em,
      );
      await this.audit.record(actor, { action: 'messaging_settings.updated', entity: 'branch', entityId: branchId, fields: Object.keys(dto) }, em);
    });
    this.cache.delete(branchId);
    return toView(await this.forBranch(branchId, undefined, true));
  }

  /**
   * The effective settings of a branch (its own, or the defaults). Pass the transaction's manager inside one: a second
   * pool connection per transaction can starve the pool under load.
   */
  forBranch(branchId: string, em?: EntityManager, fresh = false): Promise<BranchMessaging> {
    if (fresh) this.cache.delete(branchId);
    return this.cache.get(branchId, async () => {
      const branch = await this.branches.get(branchId, em);
      const own = await this.settings.settingsOf(branchId, em);
      const merged = { ...DEFAULTS, ...(own ?? {}) };
      return {
        ...merged,
        branchId,
        clinic: merged.clinicName ?? branch.name,
        address: branch.address,
        phone: branch.phone,
        timezone: branch.timezone,
        quiet: { start: merged.quietStart, end: merged.quietEnd },
      };
    });
  }

  /** The text for a message: the branch's template, else the clinic-wide one, else the built-in default. */
  async template(branchId: string | null, language: Language, purpose: TemplatePurpose, em?: EntityManager): Promise<string> {
    return (await this.settings.templateFor(branchId, language, purpose, em)) ?? DEFAULT_TEMPLATES[language][purpose];
  }

  /** The clinic's templates (of a branch: its own and the clinic-wide ones), with the built-in defaults not yet replaced. */
  async templates(query: TemplatesQuery): Promise<TemplateView[]> {
    const saved = await this.settings.templates(query);
    const views: TemplateView[] = saved.map((t) => ({
      id: t.id,
      branchId: t.branchId,
      language: t.language,
      purpose: t.purpose,
      body: t.body,
      builtIn: false,
    }));
    for (const language of query.language ? [query.language] : LANGUAGES) {
      for (const purpose of TEMPLATE_PURPOSES) {
        if (!saved.some((t) => t.branchId === null && t.language === language && t.purpose === purpose)) {
          views.push({ id: null, branchId: null, language, purpose, body: DEFAULT_TEMPLATES[language][purpose], builtIn: true });
        }
      }
    }
    return views;
  }

  async putTemplate(actor: Actor, dto: PutTemplateDto): Promise<TemplateView> {
    const unknown = unknownPlaceholders(dto.body);
    if (unknown.length)
      throw validationFailed('The template uses unknown placeholders', [{ field: 'body', messages: unknown.map((p) => `{${p}} is not a placeholder`) }]);
    if (dto.branchId) await this.branches.get(dto.branchId);
    const row = await this.dataSource.transaction(async (em) => {
      const saved = await this.settings.putTemplate(
        { branchId: dto.branchId ?? null, language: dto.language, purpose: dto.purpose, body: dto.body },
        actor.id,
        em,
      );
      await this.audit.record(actor, { action: 'message_template.saved', entity: 'message_template', entityId: saved.id, fields: ['body'] }, em);
      return saved;
    });
    return { id: row.id, branchId: row.branchId, language: row.language, purpose: row.purpose, body: row.body, builtIn: false };
  }

  async deleteTemplate(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      if (!(await this.settings.deleteTemplate(id, em))) throw notFound('Template');
      await this.audit.record(actor, { action: 'message_template.deleted', entity: 'message_template', entityId: id }, em);
    });
  }

  async recallRules(): Promise<RecallRuleView[]> {
    return this.settings.recallRules();
  }

  recallRule(serviceId: string, em?: EntityManager) {
    return this.settings.recallRule(serviceId, em);
  }

  async putRecallRule(actor: Actor, serviceId: string, dto: PutRecallRuleDto): Promise<RecallRuleView> {
    await this.catalog.getService(serviceId);
    return this.dataSource.transaction(async (em) => {
      const rule = await this.settings.putRecallRule(serviceId, dto.intervalDays, dto.followUpDays ?? 7, actor.id, em);
      await this.audit.record(actor, { action: 'recall_rule.saved', entity: 'service', entityId: serviceId, fields: Object.keys(dto) }, em);
      return rule;
    });
  }

  async deleteRecallRule(actor: Actor, serviceId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      if (!(await this.settings.deleteRecallRule(serviceId, em))) throw notFound('Recall rule');
      await this.audit.record(actor, { action: 'recall_rule.deleted', entity: 'service', entityId: serviceId }, em);
    });
  }
}

function toView(s: BranchMessaging): BranchMessagingView {
  return {
    branchId: s.branchId,
    clinicName: s.clinicName,
    language: s.language,
    confirmations: s.confirmations,
    reminderOffsetsMin: s.reminderOffsetsMin,
    quietStart: s.quietStart,
    quietEnd: s.quietEnd,
    feedbackRequests: s.feedbackRequests,
    feedbackDelayMin: s.feedbackDelayMin,
    lowRatingMax: s.lowRatingMax,
    timezone: s.timezone,
  };
}
