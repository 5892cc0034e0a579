import type { DataSource, EntityManager } from 'typeorm';

/** Where a query runs: a transaction's entity manager, or the data source for reads outside one. */
export type SqlRunner = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/**
 * Typed results for repositories' SQL. TypeORM answers a SELECT (and an INSERT ... RETURNING) with its rows, but an
 * UPDATE or DELETE with `[rows, affectedCount]`; these helpers give the rows either way, typed by the caller.
 */
export async function rows<T>(runner: SqlRunner, sql: string, params: unknown[] = []): Promise<T[]> {
  return rowsOf<T>(await runner.query(sql, params));
}

/** The first row, or undefined. */
export async function one<T>(runner: SqlRunner, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(runner, sql, params))[0];
}

/** The rows an UPDATE/DELETE/INSERT ... RETURNING gave back. */
export const returning = rows;

/** How many rows an UPDATE or DELETE changed. */
export async function affected(runner: SqlRunner, sql: string, params: unknown[] = []): Promise<number> {
  const result: unknown = await runner.query(sql, params);
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

function rowsOf<T>(result: unknown): T[] {
  if (!Array.isArray(result)) return [];
  return (Array.isArray(result[0]) && result.length === 2 && typeof result[1] === 'number' ? result[0] : result) as T[];
}
