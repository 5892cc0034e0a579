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
  return (await pool.query({ name, text, values })).rows as T[];
}
