import type PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * pg-boss runs its SQL through these executors instead of a pool of its own: the queue shares the app's
 * connections (and their shutdown), and a job can be written inside the transaction of the change that needs it.
 */
export function poolExecutor(dataSource: DataSource): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const runner = dataSource.createQueryRunner();
      try {
        return { rows: (await runner.query(text, values, true)).records };
      } catch (error) {
        // pg-boss's upkeep statements open their own transaction: never hand a connection back inside a failed one.
        if (/^\s*BEGIN\b/i.test(text)) await runner.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        await runner.release();
      }
    },
  };
}

/** Runs pg-boss's SQL in the caller's transaction, so what it writes commits or rolls back with the caller's change. */
export function transactionExecutor(em: EntityManager): PgBoss.Db {
  const runner = em.queryRunner;
  if (!runner?.isTransactionActive) {
    throw new Error('A job is enqueued inside a transaction: pass the EntityManager that dataSource.transaction() gives');
  }
  return {
    async executeSql(text: string, values?: unknown[]) {
      return { rows: (await runner.query(text, values, true)).records };
    },
  };
}
