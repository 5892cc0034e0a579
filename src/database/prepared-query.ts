import type { Pool, PoolClient, QueryResult } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

/**
 * A statement each pooled connection parses only the first time it runs it (and, once PostgreSQL settles on a generic
 * plan, plans only then): worth it for small statements run on every request or every intake, where parsing and
 * planning cost more than executing. Each name must always go with the same text. Not for queries whose best plan
 * depends on the values (a generic plan ignores them).
 */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

export function named(name: string, text: string): NamedStatement {
  return { name, text };
}

/** Where a statement runs: a transaction's entity manager (its connection), or the data source (any pooled connection). */
type Runner = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/**
 * Runs a named statement on the transaction's connection, or outside a transaction on a pooled one. Failures come as
 * TypeORM's `QueryFailedError`, like every other query's.
 *
 * A migration that changes the type of a column the statement returns (during a rolling upgrade, say) makes the
 * connection's copy stale. Outside a transaction the pool drops that connection and this call runs unprepared; inside
 * one the transaction has failed and cannot go on, so the connection leaves the pool when the transaction ends and
 * the caller's retry runs on a fresh one.
 */
export async function runNamed(runner: Runner, statement: NamedStatement, values: unknown[]): Promise<QueryResult> {
  const query = { name: statement.name, text: statement.text, values };
  const queryRunner = runner instanceof EntityManager ? runner.queryRunner : undefined;
  try {
    if (queryRunner) return await ((await queryRunner.connect()) as PoolClient).query(query);
    const pool = (dataSourceOf(runner).driver as unknown as { master: Pool }).master;
    try {
      return await pool.query(query);
    } catch (error) {
      if (!isStalePreparedStatement(error)) throw error;
      return await pool.query(statement.text, values);
    }
  } catch (error) {
    if (queryRunner && isStalePreparedStatement(error)) {
      await (queryRunner as unknown as { releasePostgresConnection(error: unknown): Promise<void> }).releasePostgresConnection(error);
    }
    throw new QueryFailedError(statement.text, values, error as Error);
  }
}

function dataSourceOf(runner: Runner): DataSource {
  if (runner instanceof DataSource) return runner;
  if (runner instanceof EntityManager) return runner.dataSource;
  throw new Error('a named statement needs a data source or an entity manager');
}

function isStalePreparedStatement(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}
