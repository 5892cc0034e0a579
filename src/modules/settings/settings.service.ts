import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { DomainEvents } from '../../common/events/domain-events.js';
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

// Read on every inquiry; other instances see a change within this many milliseconds.
const CACHE_MS = 3000;

@Injectable()
export class SettingsService {
  private cached: { at: number; value: ClinicSettings } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Pass the transaction's manager when calling inside one: a second pool connection per transaction can starve the pool. */
  async get(em?: EntityManager): Promise<ClinicSettings> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.value;
    const stored = await this.settings.all(em);
    const value = { ...DEFAULT_SETTINGS, ...(stored as Partial<ClinicSettings>) };
    this.cached = { at: Date.now(), value };
    return value;
  }

  async update(actor: Actor, dto: UpdateSettingsDto): Promise<ClinicSettings> {
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    await this.dataSource.transaction(async (em) => {
      // Modules whose records depend on a setting may refuse the change (spend recorded in the old currency).
      await this.events.emit('settings.changing', { current: { ...(await this.get(em)) }, changes }, em);
      await this.settings.put(changes, actor.id, em);
      await this.audit.record(actor, { action: 'settings.updated', entity: 'settings', fields: Object.keys(changes) }, em);
    });
    this.cached = undefined;
    return this.get();
  }
}
