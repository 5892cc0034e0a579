import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

type Work = (items: never[]) => void;

/**
 * Runs work once the caller's transaction has committed (nothing when it rolls back): what must not happen inside
 * a business transaction, such as waking the real-time relay, happens right after it instead.
 */
@Injectable()
export class AfterCommit implements OnModuleInit {
  private readonly pending = new WeakMap<QueryRunner, Map<Work, unknown[]>>();

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event: TransactionCommitEvent) => this.settle(event.queryRunner, true),
      afterTransactionRollback: (event: TransactionRollbackEvent) => this.settle(event.queryRunner, false),
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /**
   * `work` runs after `em`'s transaction commits; at once when `em` is not in a transaction. Handed over several
   * times in one transaction, it runs once, with every item it was handed.
   */
  run<T>(em: EntityManager, work: (items: T[]) => void, items: readonly T[] = []): void {
    const runner = em.queryRunner;
    if (!runner?.isTransactionActive) {
      work([...items]);
      return;
    }
    let works = this.pending.get(runner);
    if (!works) this.pending.set(runner, (works = new Map()));
    const held = works.get(work as Work);
    if (held) held.push(...items);
    else works.set(work as Work, [...items]);
  }

  private settle(runner: QueryRunner, committed: boolean): void {
    // A savepoint released or rolled back: the transaction goes on (work of a rolled-back savepoint still runs;
    // what is registered here must allow for that).
    if (runner.isTransactionActive) return;
    const works = this.pending.get(runner);
    if (!works) return;
    this.pending.delete(runner);
    if (committed) for (const [work, items] of works) work(items as never[]);
  }
}
