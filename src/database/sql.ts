import type { DataSource, EntityManager } from 'typeorm';
import { type NamedStatement, runNamed } from './prepared-query.js';

// Every hand-written query goes through these helpers, which type the answer instead of leaving it `any`. TypeORM
// answers a SELECT or INSERT with its rows, but an UPDATE or DELETE with `[rows, affectedCount]`; the helpers hide that.

/** Where a query runs: a transaction's entity manager, or the data source for reads outside one. */
export type SqlRunner = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/** A statement's text, or a statement that connections keep prepared under its name (`named`). */
export type Sql = string | NamedStatement;

/** The rows of a SELECT (or of an INSERT ... RETURNING), typed by the caller. */
export async function rows<T>(runner: SqlRunner, sql: Sql, params: unknown[] = []): Promise<T[]> {
  return unwrap<T>(await run(runner, sql, params));
}

/** The first row of a SELECT (or of a statement with RETURNING), or undefined when there is none. */
export async function one<T>(runner: SqlRunner, sql: Sql, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(runner, sql, params))[0];
}

/** The rows an UPDATE/DELETE/INSERT ... RETURNING gave back, typed by the caller. */
export const returning = rows;

/** A statement whose answer is not needed (DDL, an INSERT or UPDATE without RETURNING, a lock, a NOTIFY). */
export async function execute(runner: SqlRunner, sql: Sql, params: unknown[] = []): Promise<void> {
  await run(runner, sql, params);
}

/** The number of rows an UPDATE or DELETE changed. */
export async function affected(runner: SqlRunner, sql: Sql, params: unknown[] = []): Promise<number> {
  const result = await run(runner, sql, params);
  return isUpdateAnswer(result) ? result[1] : Array.isArray(result) ? result.length : 0;
}

/** The answer in TypeORM's shape: rows, or `[rows, affectedCount]` for an UPDATE or DELETE. */
async function run(runner: SqlRunner, sql: Sql, params: unknown[]): Promise<unknown> {
  if (typeof sql === 'string') return runner.query(sql, params);
  const result = await runNamed(runner, sql, params);
  return result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount ?? 0] : result.rows;
}

function unwrap<T>(result: unknown): T[] {
  if (!Array.isArray(result)) return [];
  return (isUpdateAnswer(result) ? result[0] : result) as T[];
}

function isUpdateAnswer(result: unknown): result is [unknown[], number] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}
