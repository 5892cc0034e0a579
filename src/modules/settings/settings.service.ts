import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { TtlCache } from '../../common/cache/ttl-cache.js';
import { AuditService } from '../audit/audit.service.js';
import type { ClinicSettings, UpdateSettingsDto } from './dto/settings.dto.js';
import { SettingsRepository } from './settings.repository.js';

export const DEFAULT_SETTINGS: ClinicSettings = {
  assignmentStrategy: 'broadcast',
  firstContactSlaMinutes: 5,
  offlineGraceSec: 120,
  messengerLeadWindowMin: 24 * 60,
  repeatVisitWindowDays: 180,
  arrivalLeadMinutes: 120,
  callReviewChecklist: [
    'Поздоровался, назвал клинику и себя',
    'Выяснил, что беспокоит и что нужно пациенту',
    'Рассказал о враче и стоимости приёма',
    'Предложил запись на конкретное время',
    'Договорился о следующем шаге',
  ],
  currency: 'RUB',
};

@Injectable()
export class SettingsService {
  // Read on every inquiry; other instances see a change within CACHE_TTL_MS.
  private readonly cache: TtlCache<ClinicSettings>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new TtlCache(config.cacheTtlMs);
  }

  /** Pass the transaction's manager when calling inside one: a second pool connection per transaction can starve the pool. */
  get(em?: EntityManager): Promise<ClinicSettings> {
    return this.cache.get('settings', async () => ({ ...DEFAULT_SETTINGS, ...((await this.settings.all(em)) as Partial<ClinicSettings>) }));
  }

  async update(actor: Actor, dto: UpdateSettingsDto): Promise<ClinicSettings> {
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    await this.dataSource.transaction(async (em) => {
      // Modules whose records depend on a setting may refuse the change (spend recorded in the old currency).
      await this.events.emit('settings.changing', { current: { ...(await this.get(em)) }, changes }, em);
      await this.settings.put(changes, actor.id, em);
      await this.audit.record(actor, { action: 'settings.updated', entity: 'settings', fields: Object.keys(changes) }, em);
    });
    this.cache.clear();
    return this.get();
  }
}
