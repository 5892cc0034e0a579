import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events.js';
import { Outbox, type RealtimeEventMap } from './outbox.js';

/**
 * Turns the end of a session into a control event in the outbox, in the same transaction, so every instance
 * (not only the one that handled the logout) disconnects the sockets concerned once it commits.
 */
@Injectable()
export class SessionRevocations implements OnModuleInit {
  constructor(
    private readonly domainEvents: DomainEvents,
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.domainEvents.on('auth.logged_out', ({ userId, sessionId }, em) => this.publish({ userId, sessionId, reason: 'logged_out' }, em));
    this.domainEvents.on('staff.access_changed', ({ userId, reason }, em) => this.publish({ userId, reason }, em));
  }

  private async publish(data: RealtimeEventMap['session.revoked'], em?: EntityManager): Promise<void> {
    if (em) await this.outbox.publish(em, 'session.revoked', { users: [data.userId] }, data);
    else await this.dataSource.transaction((tx) => this.outbox.publish(tx, 'session.revoked', { users: [data.userId] }, data));
  }
}
