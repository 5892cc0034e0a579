import type { DataSource, EntityManager } from 'typeorm';

/** Where a query runs: a transaction's entity manager, or the data source for reads outside one. */
export type SqlRunner = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/**
 * The rows an UPDATE/DELETE/INSERT ... RETURNING gave back, typed by the caller. TypeORM answers a SELECT (and an
 * INSERT ... RETURNING) with its rows, but an UPDATE or DELETE with `[rows, affectedCount]`; this gives the rows either way.
 */
export async function returning<T>(runner: SqlRunner, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await runner.query(sql, params);
  if (!Array.isArray(result)) return [];
  return (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}
