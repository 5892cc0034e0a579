import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Domain events announced by services; other modules (auth, realtime, audit) listen. Extended per module. */
export interface DomainEventMap {
  'staff.access_changed': { userId: string; reason: 'deactivated' | 'role_changed' | 'password_changed' };
  'auth.logged_out': { userId: string; sessionId: string };
}

type Handler<K extends keyof DomainEventMap> = (payload: DomainEventMap[K], em?: EntityManager) => Promise<void> | void;

/**
 * In-process publish/subscribe. Listeners run in order and are awaited; given a transaction's manager they
 * run inside it, so their writes commit or roll back with the change they react to.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<keyof DomainEventMap, Handler<never>[]>();

  on<K extends keyof DomainEventMap>(type: K, handler: Handler<K>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as Handler<never>);
    this.handlers.set(type, list);
  }

  async emit<K extends keyof DomainEventMap>(type: K, payload: DomainEventMap[K], em?: EntityManager): Promise<void> {
    for (const handler of (this.handlers.get(type) ?? []) as Handler<K>[]) await handler(payload, em);
  }
}
