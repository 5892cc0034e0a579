import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, RequestMeta } from '../../common/auth/actor.js';
import { validationFailed } from '../../common/errors/app-error.js';
import type { AuditEventPage, ListAuditEventsQuery } from './dto/audit.dto.js';
import { type AuditEventView, type AuditFilter, AuditRepository } from './audit.repository.js';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  /** Names of the fields read or changed, never their values. */
  fields?: string[];
}

/** Who did something without signing in: the request's id and address, and the person or system role when known. */
type AnonymousActor = Partial<RequestMeta> & { actorId?: string; actorRole?: string };

/** The audit trail other modules write to. Rows are insert-only in the database. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  /** Records an action by a signed-in staff member in the transaction `em`, to commit it with the change. */
  async record(actor: Actor, entry: AuditEntry, em: EntityManager): Promise<void> {
    await this.audit.insert([{ actorId: actor.id, actorRole: actor.role, requestId: actor.requestId, ip: actor.ip, ...this.row(entry) }], em);
  }

  /** Records an action that has no transaction to join (a read, or a step whose own writes already committed). */
  recordOutsideTransaction(actor: Actor, entry: AuditEntry): Promise<void> {
    return this.record(actor, entry, this.dataSource.manager);
  }

  /** Records an action with no signed-in actor (a public form, a failed login, a background job); several in one INSERT. */
  async recordAnonymous(meta: AnonymousActor, entries: AuditEntry | AuditEntry[], em: EntityManager): Promise<void> {
    const by = { actorId: meta.actorId ?? null, actorRole: meta.actorRole ?? null, requestId: meta.requestId ?? null, ip: meta.ip ?? null };
    await this.audit.insert(
      [entries].flat().map((entry) => ({ ...by, ...this.row(entry) })),
      em,
    );
  }

  list(filter: AuditFilter): Promise<AuditEventView[]> {
    return this.audit.list(filter);
  }

  /** Entries of several public requests (an intake batch), each with its own request's id and address, in one INSERT. */
  async recordAnonymousMany(items: Array<{ meta: Partial<RequestMeta>; entry: AuditEntry }>, em: EntityManager): Promise<void> {
    await this.audit.insert(
      items.map(({ meta, entry }) => ({ actorId: null, actorRole: null, requestId: meta.requestId ?? null, ip: meta.ip ?? null, ...this.row(entry) })),
      em,
    );
  }

  /** The trail for admins, newest first, page by page (the cursor is the last id seen); looking is itself recorded. */
  async browse(actor: Actor, query: ListAuditEventsQuery): Promise<AuditEventPage> {
    const limit = query.limit ?? 50;
    const beforeId = query.cursor ? decodeIdCursor(query.cursor) : undefined;
    const rows = await this.audit.list({
      actorId: query.actorId,
      entity: query.entity,
      entityId: query.entityId,
      action: query.action,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      beforeId,
      limit: limit + 1,
    });
    await this.record(
      actor,
      { action: 'audit.viewed', entity: 'audit_event', fields: Object.keys(query).filter((k) => k !== 'cursor' && k !== 'limit') },
      this.dataSource.manager,
    );
    const more = rows.length > limit;
    const data = rows.slice(0, limit);
    return { data, nextCursor: more ? Buffer.from(data[data.length - 1]!.id).toString('base64url') : null };
  }

  private row(entry: AuditEntry) {
    return { action: entry.action, entity: entry.entity, entityId: entry.entityId ?? null, fields: entry.fields ?? [] };
  }
}

function decodeIdCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,18}$/.test(id)) throw validationFailed('cursor is not one this API issued');
  return id;
}
