import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Outbox } from '../outbox.js';
import type { PresenceView } from './dto/presence.dto.js';
import { type AvailableOperator, PresenceRepository } from './presence.repository.js';
import type { PresenceStatus } from './presence.types.js';

/**
 * Whether a staff member takes work now. Set explicitly: a dropped socket does not change it (a flaky network
 * must not bounce an operator's leads); what happens to the leads of someone who went offline is up to assignment.
 */
@Injectable()
export class PresenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly presence: PresenceRepository,
    private readonly outbox: Outbox,
  ) {}

  set(actor: Actor, status: PresenceStatus): Promise<PresenceView> {
    return this.dataSource.transaction((em) => this.change(actor.id, status, em));
  }

  /** Changes someone's status inside the caller's transaction; managers (and the person's other tabs) are told. */
  async change(userId: string, status: PresenceStatus, em: EntityManager): Promise<PresenceView> {
    const current = await this.presence.lockById(userId, em);
    if ((current?.status ?? 'offline') === status) return toView(current);
    const saved = await this.presence.save(userId, status, em);
    const changedAt = saved.changedAt.toISOString();
    await this.outbox.publish(em, 'presence.changed', { roles: ['manager', 'admin'], users: [userId] }, { userId, status, changedAt });
    return { status, changedAt };
  }

  async get(userId: string, em?: EntityManager): Promise<PresenceView> {
    return toView(await this.presence.find(userId, em));
  }

  /** Each staff member's status and since when (offline, since never, for those who never set one). */
  async statusesOf(staffIds: string[]): Promise<Map<string, PresenceView>> {
    const rows = await this.presence.statuses(staffIds);
    return new Map(staffIds.map((id) => [id, toView(rows.find((r) => r.staffId === id) ?? null)]));
  }

  /**
   * Operators who take leads now, longest available first: active, role operator, status available, and working
   * in `branchId` when given (a clinic-wide lead, without a branch, may go to any of them).
   */
  availableOperators(branchId?: string, em?: EntityManager): Promise<AvailableOperator[]> {
    return this.presence.availableOperators(branchId, em);
  }
}

function toView(row: { status: PresenceStatus; changedAt: Date } | null): PresenceView {
  return row ? { status: row.status, changedAt: row.changedAt.toISOString() } : { status: 'offline', changedAt: null };
}
