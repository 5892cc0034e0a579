import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/**
 * Runs work once the caller's transaction has committed (nothing when it rolls back): what must not happen inside
 * a business transaction, such as waking the real-time relay, happens right after it instead.
 */
@Injectable()
export class AfterCommit implements OnModuleInit {
  private readonly pending = new WeakMap<QueryRunner, Array<() => void>>();

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event: TransactionCommitEvent) => this.settle(event.queryRunner, true),
      afterTransactionRollback: (event: TransactionRollbackEvent) => this.settle(event.queryRunner, false),
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /** `work` runs after `em`'s transaction commits; at once when `em` is not in a transaction. Same work twice runs once. */
  run(em: EntityManager, work: () => void): void {
    const runner = em.queryRunner;
    if (!runner?.isTransactionActive) {
      work();
      return;
    }
    const list = this.pending.get(runner);
    if (!list) this.pending.set(runner, [work]);
    else if (!list.includes(work)) list.push(work);
  }

  private settle(runner: QueryRunner, committed: boolean): void {
    // A savepoint released or rolled back: the transaction goes on (work of a rolled-back savepoint still runs;
    // everything registered here only wakes readers, which then find nothing new).
    if (runner.isTransactionActive) return;
    const list = this.pending.get(runner);
    if (!list) return;
    this.pending.delete(runner);
    if (committed) for (const work of list) work();
  }
}
