import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertInScope, assertOwnBranch, branchScope } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { AppError, notFound, validationFailed } from '../../common/errors/app-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { decodeCursor, toPage } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type {
  CreateMarketingSpendDto,
  ListMarketingSpendQuery,
  MarketingSpendPage,
  MarketingSpendView,
  UpdateMarketingSpendDto,
} from './dto/marketing-spend.dto.js';
import { SettingsService } from '../settings/settings.service.js';
import { MarketingSpendRepository, type SpendValues } from './marketing-spend.repository.js';

describeConstraint('marketing_spend_branch_id_fkey', { code: 'NOT_FOUND', message: 'The branch does not exist' });
describeConstraint('marketing_spend_period_check', {
  code: 'VALIDATION_FAILED',
  message: 'periodEnd must be on or after periodStart, at most ten years later',
});

/**
 * Marketing budgets per channel and period, which the funnel prorates into cost per lead, visit and ROMI. Amounts
 * are in the clinic's currency (a setting): spend in another one is refused rather than added to it.
 */
@Injectable()
export class MarketingSpendService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly spend: MarketingSpendRepository,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    // The clinic's currency cannot change under spend recorded in it: the reports would add up two currencies.
    this.events.on('settings.changing', async ({ current, changes }, em) => {
      const next = changes.currency;
      if (typeof next !== 'string' || next === current.currency) return;
      const recorded = await this.spend.currenciesOtherThan(next, em);
      if (recorded.length) {
        throw new AppError(
          'CONFLICT',
          `Marketing spend is recorded in ${recorded.join(', ')}; the clinic's currency can change only when no spend is kept in another currency`,
          { currencies: recorded },
        );
      }
    });
  }

  async create(actor: Actor, dto: CreateMarketingSpendDto): Promise<MarketingSpendView> {
    if (dto.branchId) assertOwnBranch(actor, dto.branchId);
    const values = checked({
      channel: dto.channel,
      campaign: dto.campaign ?? null,
      branchId: dto.branchId ?? null,
      periodStart: dto.periodStart,
      periodEnd: dto.periodEnd,
      amount: dto.amount,
      currency: await this.currency(dto.currency),
    });
    const id = await this.dataSource.transaction(async (em) => {
      const newId = await this.spend.insert(values, actor.id, em);
      await this.audit.record(actor, { action: 'marketing_spend.created', entity: 'marketing_spend', entityId: newId, fields: Object.keys(dto) }, em);
      return newId;
    });
    return (await this.spend.findById(id))!;
  }

  async update(actor: Actor, id: string, dto: UpdateMarketingSpendDto): Promise<MarketingSpendView> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.spend.lockById(id, em);
      if (!current) throw notFound('Marketing spend');
      assertInScope(actor, current.branchId, 'Marketing spend');
      if (dto.branchId) assertOwnBranch(actor, dto.branchId);
      const values = checked({
        channel: dto.channel ?? current.channel,
        campaign: dto.campaign !== undefined ? dto.campaign : current.campaign,
        branchId: dto.branchId !== undefined ? dto.branchId : current.branchId,
        periodStart: dto.periodStart ?? current.periodStart,
        periodEnd: dto.periodEnd ?? current.periodEnd,
        amount: dto.amount ?? current.amount,
        currency: await this.currency(dto.currency ?? current.currency),
      });
      await this.spend.update(id, values, em);
      await this.audit.record(actor, { action: 'marketing_spend.updated', entity: 'marketing_spend', entityId: id, fields: Object.keys(dto) }, em);
    });
    return (await this.spend.findById(id))!;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.spend.lockById(id, em);
      if (!current) throw notFound('Marketing spend');
      assertInScope(actor, current.branchId, 'Marketing spend');
      await this.spend.delete(id, em);
      await this.audit.record(actor, { action: 'marketing_spend.deleted', entity: 'marketing_spend', entityId: id }, em);
    });
  }

  async get(actor: Actor, id: string): Promise<MarketingSpendView> {
    const row = await this.spend.findById(id);
    if (!row) throw notFound('Marketing spend');
    assertInScope(actor, row.branchId, 'Marketing spend');
    return row;
  }

  async list(actor: Actor, query: ListMarketingSpendQuery): Promise<MarketingSpendPage> {
    const limit = query.limit ?? 50;
    const rows = await this.spend.list({
      channel: query.channel,
      from: query.from,
      to: query.to,
      scope: branchScope(actor),
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    return toPage(rows, limit, (r) => ({ at: r.createdAt.toISOString(), id: r.id }));
  }

  /** The clinic's currency when `given` is it or absent; otherwise a 422 naming both. */
  private async currency(given: string | undefined): Promise<string> {
    const { currency } = await this.settings.get();
    if (given !== undefined && given !== currency) {
      throw new AppError('UNPROCESSABLE', `Marketing spend is entered in the clinic's currency, ${currency}; convert the amount from ${given} to ${currency}`, [
        { field: 'currency', messages: [`currency must be ${currency}, the clinic's currency`] },
      ]);
    }
    return currency;
  }
}

function checked(values: SpendValues): SpendValues {
  if (values.periodEnd < values.periodStart) {
    throw validationFailed('The period ends before it starts', [{ field: 'periodEnd', messages: ['periodEnd must be on or after periodStart'] }]);
  }
  return values;
}
