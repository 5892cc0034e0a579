import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, one, returning } from '../../database/sql.js';

/** Provider deliveries taken so far: the same delivery twice (even at once) is recognised and answered from here. */
@Injectable()
export class IntakeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims a delivery id for this source inside the transaction. When another transaction holds it, this waits
   * for it to finish; returns null when claimed, or the earlier delivery's lead id when it was taken already.
   */
  async claimDelivery(sourceId: string, deliveryId: string, em: EntityManager): Promise<{ leadId: string | null } | null> {
    const inserted = await returning<{ claimed: number }>(
      em,
      `INSERT INTO intake_deliveries (source_id, delivery_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1 AS claimed`,
      [sourceId, deliveryId],
    );
    if (inserted.length) return null;
    const row = await one<{ leadId: string | null }>(em, `SELECT lead_id AS "leadId" FROM intake_deliveries WHERE source_id = $1 AND delivery_id = $2`, [
      sourceId,
      deliveryId,
    ]);
    return { leadId: row?.leadId ?? null };
  }

  async linkDelivery(sourceId: string, deliveryId: string, leadId: string, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE intake_deliveries SET lead_id = $3 WHERE source_id = $1 AND delivery_id = $2`, [sourceId, deliveryId, leadId]);
  }

  /** The lead a provider's delivery made (or joined), once it was taken. */
  async leadOfDelivery(sourceId: string, deliveryId: string): Promise<string | null> {
    const row = await one<{ leadId: string | null }>(
      this.dataSource,
      `SELECT lead_id AS "leadId" FROM intake_deliveries WHERE source_id = $1 AND delivery_id = $2`,
      [sourceId, deliveryId],
    );
    return row?.leadId ?? null;
  }
}
