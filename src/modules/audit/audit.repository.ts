import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { named } from '../../database/prepared-query.js';
import { execute, rows as select } from '../../database/sql.js';

export interface AuditRow {
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  fields: string[];
  requestId: string | null;
  ip: string | null;
}

export interface AuditEventView extends AuditRow {
  id: string;
  at: Date;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  /** Events about any of these records (of whatever kind). */
  entityIds?: string[];
  actorId?: string;
  /** An action, or the beginning of one ending in a dot (`patient.`). */
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  beforeId?: string;
}

/** Rows from a JSON array: one text for any number of rows, so connections keep it prepared. */
const INSERT = named(
  'audit.insert',
  `INSERT INTO audit_events (actor_id, actor_role, action, entity, entity_id, fields, request_id, ip)
   SELECT actor_id, actor_role, action, entity, entity_id, fields, request_id, ip::inet
     FROM jsonb_to_recordset($1::jsonb) AS x(actor_id uuid, actor_role text, action text, entity text, entity_id text, fields text[], request_id text, ip text)`,
);

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** All rows in one statement: the entries of one request cost one round trip. */
  async insert(rows: AuditRow[], em: EntityManager): Promise<void> {
    if (!rows.length) return;
    await execute(em, INSERT, [
      JSON.stringify(
        rows.map((row) => ({
          actor_id: row.actorId,
          actor_role: row.actorRole,
          action: row.action,
          entity: row.entity,
          entity_id: row.entityId,
          fields: row.fields,
          request_id: row.requestId,
          ip: row.ip,
        })),
      ),
    ]);
  }

  list(filter: AuditFilter, em: EntityManager = this.dataSource.manager): Promise<AuditEventView[]> {
    return select<AuditEventView>(
      em,
      `SELECT id::text, at, actor_id AS "actorId", actor_role AS "actorRole", action, entity, entity_id AS "entityId",
              fields, request_id AS "requestId", host(ip) AS ip
       FROM audit_events
       WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)
         AND ($3::uuid IS NULL OR actor_id = $3) AND ($4::bigint IS NULL OR id < $4) AND ($6::text[] IS NULL OR entity_id = ANY($6::text[]))
         AND ($7::text IS NULL OR action = $7 OR (right($7, 1) = '.' AND starts_with(action, $7)))
         AND ($8::timestamptz IS NULL OR at >= $8) AND ($9::timestamptz IS NULL OR at < $9)
       ORDER BY audit_events.id DESC LIMIT $5`,
      [
        filter.entity ?? null,
        filter.entityId ?? null,
        filter.actorId ?? null,
        filter.beforeId ?? null,
        filter.limit,
        filter.entityIds ?? null,
        filter.action ?? null,
        filter.from ?? null,
        filter.to ?? null,
      ],
    );
  }
}
