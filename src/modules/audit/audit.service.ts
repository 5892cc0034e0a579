import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, RequestMeta } from '../../common/auth/actor.js';
import { AuditRepository, type AuditEventView } from './audit.repository.js';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  /** Names of the fields read or changed, never their values. */
  fields?: string[];
}

/** The audit trail other modules write to. Rows are insert-only in the database. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /** Records an action by a signed-in staff member; pass the transaction's manager to commit it with the change. */
  async record(actor: Actor, entry: AuditEntry, em?: EntityManager): Promise<void> {
    await this.audit.insert(
      [{ actorId: actor.id, actorRole: actor.role, requestId: actor.requestId, ip: actor.ip, ...this.row(entry) }],
      em,
    );
  }

  /** Records an action with no signed-in actor (a public form, a failed login, a background job); several in one INSERT. */
  async recordAnonymous(meta: Partial<RequestMeta> & { actorId?: string; actorRole?: string }, entries: AuditEntry | AuditEntry[], em?: EntityManager): Promise<void> {
    const by = { actorId: meta.actorId ?? null, actorRole: meta.actorRole ?? null, requestId: meta.requestId ?? null, ip: meta.ip ?? null };
    await this.audit.insert([entries].flat().map((entry) => ({ ...by, ...this.row(entry) })), em);
  }

  /** Entries of several public requests (an intake batch), each with its own request's id and address, in one INSERT. */
  async recordAnonymousMany(items: Array<{ meta: Partial<RequestMeta>; entry: AuditEntry }>, em?: EntityManager): Promise<void> {
    await this.audit.insert(items.map(({ meta, entry }) => ({ actorId: null, actorRole: null, requestId: meta.requestId ?? null, ip: meta.ip ?? null, ...this.row(entry) })), em);
  }

  loginFailures(by: { accountId: string } | { ip: string }, windowSec: number) {
    return this.audit.loginFailures(by, windowSec);
  }

  list(filter: { entity?: string; entityId?: string; actorId?: string; limit: number; beforeId?: string }): Promise<AuditEventView[]> {
    return this.audit.list(filter);
  }

  private row(entry: AuditEntry) {
    return { action: entry.action, entity: entry.entity, entityId: entry.entityId ?? null, fields: entry.fields ?? [] };
  }
}
