import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, returning, rows } from '../../database/sql.js';

/** Opt-outs: a row means the person asked for no more automatic messages. */
@Injectable()
export class OptOutsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async optOut(
    patientId: string,
    method: 'reply_word' | 'unsubscribe_link' | 'staff',
    messageId: string | null,
    actorId: string | null,
    em: EntityManager,
  ): Promise<boolean> {
    const inserted = await returning<{ id: string }>(
      em,
      `INSERT INTO message_opt_outs (patient_id, method, message_id, actor_id) SELECT $1, $2, $3, $4
       WHERE NOT EXISTS (SELECT 1 FROM message_opt_outs WHERE patient_id = $1) RETURNING id`,
      [patientId, method, messageId, actorId],
    );
    return inserted.length > 0;
  }

  async optIn(patientId: string, em: EntityManager): Promise<boolean> {
    return (await affected(em, `DELETE FROM message_opt_outs WHERE patient_id = $1`, [patientId])) > 0;
  }

  async optedOutAmong(patientIds: string[], em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (!patientIds.length) return new Set();
    const found = await rows<{ id: string }>(em, `SELECT DISTINCT patient_id AS id FROM message_opt_outs WHERE patient_id = ANY($1::uuid[])`, [patientIds]);
    return new Set(found.map((r) => r.id));
  }
}
