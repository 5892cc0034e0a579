import type { DataSource, EntityManager } from 'typeorm';

// Every hand-written query goes through these helpers, which type the answer instead of leaving it `any`. TypeORM
// answers a SELECT or INSERT with its rows, but an UPDATE or DELETE with `[rows, affectedCount]`; the helpers hide that.

/** Where a query runs: a transaction's entity manager, or the data source for reads outside one. */
export type SqlRunner = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/** The rows of a SELECT (or of an INSERT ... RETURNING), typed by the caller. */
export async function rows<T>(runner: SqlRunner, sql: string, params: unknown[] = []): Promise<T[]> {
  return unwrap<T>(await runner.query(sql, params));
}

/** The first row of a SELECT (or of a statement with RETURNING), or undefined when there is none. */
export async function one<T>(runner: SqlRunner, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(runner, sql, params))[0];
}

/** The rows an UPDATE/DELETE/INSERT ... RETURNING gave back, typed by the caller. */
export const returning = rows;

/** A statement whose answer is not needed (DDL, an INSERT or UPDATE without RETURNING, a lock, a NOTIFY). */
export async function execute(runner: SqlRunner, sql: string, params: unknown[] = []): Promise<void> {
  await runner.query(sql, params);
}

/** The number of rows an UPDATE or DELETE changed. */
export async function affected(runner: SqlRunner, sql: string, params: unknown[] = []): Promise<number> {
  const result: unknown = await runner.query(sql, params);
  return isUpdateAnswer(result) ? result[1] : Array.isArray(result) ? result.length : 0;
}

function unwrap<T>(result: unknown): T[] {
  if (!Array.isArray(result)) return [];
  return (isUpdateAnswer(result) ? result[0] : result) as T[];
}

function isUpdateAnswer(result: unknown): result is [unknown[], number] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}
