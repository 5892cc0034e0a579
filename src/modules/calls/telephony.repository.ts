import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, returning } from '../../database/sql.js';
import type { TelephonyEventType } from './telephony-events.js';

/** PBX events taken so far, one per (source, call, type). */
@Injectable()
export class TelephonyRepository {
  /** Events of one call are handled one after another, whatever order and instance they arrive at. */
  async lockCall(sourceId: string, externalCallId: string, em: EntityManager): Promise<void> {
    await execute(em, `SELECT pg_advisory_xact_lock(hashtext('telephony-call'), hashtext($1 || ':' || $2))`, [sourceId, externalCallId]);
  }

  /** True when this event is new; false when it was taken before. */
  async claimEvent(sourceId: string, externalCallId: string, type: TelephonyEventType, em: EntityManager): Promise<boolean> {
    const inserted = await returning<{ found: number }>(
      em,
      `INSERT INTO telephony_events (source_id, external_call_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS found`,
      [sourceId, externalCallId, type],
    );
    return inserted.length > 0;
  }

  async linkEvent(sourceId: string, externalCallId: string, type: TelephonyEventType, callId: string, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE telephony_events SET call_id = $4 WHERE source_id = $1 AND external_call_id = $2 AND type = $3`, [
      sourceId,
      externalCallId,
      type,
      callId,
    ]);
  }
}
