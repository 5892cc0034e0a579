import { Injectable } from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';
import { type Audience, roomsFor } from '../common/access/event-audience.js';
import { AfterCommit } from '../database/after-commit.js';
import { EventsRepository, type NewEvent } from './events.repository.js';
import { OutboxRelay } from './outbox-relay.js';
import type { StoredEvent } from './realtime.types.js';
import type { RealtimeEventMap } from './realtime-events.js';

export type { Audience };

export type { RealtimeEventMap } from './realtime-events.js';

/**
 * Writes a real-time event into the `events` outbox inside the caller's transaction, so an event exists
 * exactly when its change committed. Delivery to sockets (and replay on reconnect) reads from there; once the
 * transaction commits, this instance's relay is woken and the other instances are told (never from inside the
 * transaction: a notification there would make every commit wait for the others).
 */
@Injectable()
export class Outbox {
  private readonly batches = new WeakMap<QueryRunner, NewEvent[]>();
  /** After a commit, with every event the transaction wrote; `null` stands for events written inside a savepoint. */
  private readonly announce = (written: Array<StoredEvent | null>) => this.relay.announce(written.includes(null) ? [] : (written as StoredEvent[]));

  constructor(
    private readonly relay: OutboxRelay,
    private readonly afterCommit: AfterCommit,
    private readonly events: EventsRepository,
  ) {}

  /**
   * Returns the event's id; inside `collect` the event is written with the others at its end, in the order
   * published, and the id is not known yet (an empty string).
   */
  async publish<K extends keyof RealtimeEventMap>(em: EntityManager, type: K, audience: Audience, data: RealtimeEventMap[K]): Promise<string> {
    const batch = em.queryRunner && this.batches.get(em.queryRunner);
    if (batch) {
      batch.push({ type, rooms: roomsFor(audience), payload: data });
      return '';
    }
    const event = await this.events.insert({ type, rooms: roomsFor(audience), payload: data }, em);
    this.announceAfterCommit(em, [event]);
    return event.id;
  }

  /**
   * Runs `work` with every event published on `em` held back, then writes them all with one statement, in the
   * order they were published (for work on many rows at once: one statement instead of one per event).
   */
  async collect<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
    const runner = em.queryRunner;
    if (!runner || this.batches.has(runner)) return work();
    const batch: NewEvent[] = [];
    this.batches.set(runner, batch);
    try {
      const result = await work();
      this.batches.delete(runner);
      if (batch.length) this.announceAfterCommit(em, await this.events.insertMany(batch, em));
      return result;
    } finally {
      this.batches.delete(runner);
    }
  }

  /**
   * Once `em`'s transaction commits, the relay gets the events it wrote, all at once: it may send them on without
   * reading them back. Not when some were written inside a savepoint, which a rollback to it takes away while the
   * transaction commits: the relay then reads what is there.
   */
  private announceAfterCommit(em: EntityManager, events: StoredEvent[]): void {
    const depth = (em.queryRunner as unknown as { transactionDepth?: number } | undefined)?.transactionDepth ?? 0;
    this.afterCommit.run(em, this.announce, depth <= 1 ? events : [null]);
  }
}
