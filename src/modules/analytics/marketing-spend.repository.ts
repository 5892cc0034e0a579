import { Injectable } from '@nestjs/common';
import type { BranchScope } from '../../common/access/access-policy.js';
import { NO_BRANCH_ID } from '../leads/funnel-definitions.js';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cursor } from '../../common/http/pagination.js';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import type { MarketingSpendView } from './dto/marketing-spend.dto.js';
import type { SpendEntry } from './spend-proration.js';

const COLUMNS = `id, channel, campaign, branch_id AS "branchId", period_start::text AS "periodStart", period_end::text AS "periodEnd",
  amount::float8 AS amount, currency, created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface SpendValues {
  channel: string;
  campaign: string | null;
  branchId: string | null;
  periodStart: string;
  periodEnd: string;
  amount: number;
  currency: string;
}

@Injectable()
export class MarketingSpendRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(values: SpendValues, createdBy: string, em: EntityManager): Promise<string> {
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO marketing_spend (channel, campaign, branch_id, period_start, period_end, amount, currency, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [values.channel, values.campaign, values.branchId, values.periodStart, values.periodEnd, values.amount, values.currency, createdBy],
    );
    return row!.id;
  }

  async update(id: string, values: SpendValues, em: EntityManager): Promise<void> {
    await execute(
      em,
      `UPDATE marketing_spend SET channel = $2, campaign = $3, branch_id = $4, period_start = $5, period_end = $6, amount = $7, currency = $8, updated_at = now()
        WHERE id = $1`,
      [id, values.channel, values.campaign, values.branchId, values.periodStart, values.periodEnd, values.amount, values.currency],
    );
  }

  async delete(id: string, em: EntityManager): Promise<boolean> {
    return (await affected(em, `DELETE FROM marketing_spend WHERE id = $1`, [id])) > 0;
  }

  async findById(id: string, em?: EntityManager): Promise<MarketingSpendView | undefined> {
    return one<MarketingSpendView>(em ?? this.dataSource, `SELECT ${COLUMNS} FROM marketing_spend WHERE id = $1`, [id]);
  }

  /** The entry, locked until the transaction ends (changed or deleted next). */
  async lockById(id: string, em: EntityManager): Promise<MarketingSpendView | undefined> {
    return one<MarketingSpendView>(em, `SELECT ${COLUMNS} FROM marketing_spend WHERE id = $1 FOR UPDATE`, [id]);
  }

  async list(filter: { channel?: string; from?: string; to?: string; scope: BranchScope; after?: Cursor; limit: number }): Promise<MarketingSpendView[]> {
    return rows<MarketingSpendView>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM marketing_spend
        WHERE ($1::text IS NULL OR channel = $1) AND ($2::date IS NULL OR period_end >= $2::date) AND ($3::date IS NULL OR period_start <= $3::date)
          AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
          AND ($7::uuid[] IS NULL OR branch_id IS NULL OR branch_id = ANY($7::uuid[]))
        ORDER BY created_at DESC, id DESC LIMIT $6`,
      [
        filter.channel ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        filter.limit,
        filter.scope.branchIds ?? null,
      ],
    );
  }

  /** Currencies of recorded spend other than `currency`. */
  async currenciesOtherThan(currency: string, em?: EntityManager): Promise<string[]> {
    const found = await rows<{ currency: string }>(em ?? this.dataSource, `SELECT DISTINCT currency FROM marketing_spend WHERE currency <> $1 ORDER BY 1`, [
      currency,
    ]);
    return found.map((r) => r.currency);
  }

  /**
   * Entries sharing at least one day with from..to, of the report's branches when it has some (NO_BRANCH_ID: the
   * clinic-wide spend, which cannot be split between branches), in `currency` (entries in another one, recorded
   * before the clinic kept one currency, are left out rather than added to it).
   */
  async overlapping(from: string, to: string, currency: string, branchKeys?: readonly string[]): Promise<SpendEntry[]> {
    return rows<SpendEntry>(
      this.dataSource,
      `SELECT channel, campaign, branch_id AS "branchId", period_start::text AS "periodStart", period_end::text AS "periodEnd", amount::float8 AS amount
         FROM marketing_spend
        WHERE period_start <= $2::date AND period_end >= $1::date AND currency = $5
          AND ($3::uuid[] IS NULL OR COALESCE(branch_id, $4::uuid) = ANY($3::uuid[]))`,
      [from, to, branchKeys ?? null, NO_BRANCH_ID, currency],
    );
  }
}
