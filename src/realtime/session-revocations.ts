import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events.js';
import { Outbox, type RealtimeEventMap } from './outbox.js';

/**
 * Turns the end of a session (or a change of what its sockets may receive) into a control event in the outbox, in
 * the same transaction, so every instance (not only the one that handled the change) disconnects the sockets
 * concerned once it commits.
 */
@Injectable()
export class SessionRevocations implements OnModuleInit {
  constructor(
    private readonly domainEvents: DomainEvents,
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // A change announced outside a transaction writes its event on its own (one statement, committed at once).
    const manager = (em: EntityManager | undefined) => em ?? this.dataSource.manager;
    this.domainEvents.on('auth.logged_out', ({ userId, sessionId }, em) => this.publish({ userId, sessionId, reason: 'logged_out' }, manager(em)));
    this.domainEvents.on('staff.access_changed', ({ userId, reason }, em) => this.publish({ userId, reason }, manager(em)));
    // The sessions stay valid: the sockets reconnect with their token and join the rooms of the new branches.
    this.domainEvents.on('staff.branches_changed', ({ userId }, em) => this.publish({ userId, reason: 'branches_changed' }, manager(em)));
  }

  private async publish(data: RealtimeEventMap['session.revoked'], em: EntityManager): Promise<void> {
    await this.outbox.publish(em, 'session.revoked', { users: [data.userId] }, data);
  }
}
