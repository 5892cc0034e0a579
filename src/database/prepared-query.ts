import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs a read outside any transaction as a named prepared statement: each pooled connection parses (and, once
 * PostgreSQL settles on a generic plan, plans) it only the first time. Worth it for small queries run on every
 * request, where parsing and planning cost more than executing; each name must always go with the same text.
 * Not for queries whose best plan depends on the values (a generic plan ignores them).
 */
export async function preparedQuery<T>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  try {
    return (await pool.query({ name, text, values })).rows as T[];
  } catch (error) {
    // A migration changed the type of a column the statement returns (during a rolling upgrade, say). The pool has
    // dropped that connection with its statement; this call runs unprepared, later ones prepare afresh.
    if (!isStalePreparedStatement(error)) throw error;
    return (await pool.query(text, values)).rows as T[];
  }
}

function isStalePreparedStatement(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}
