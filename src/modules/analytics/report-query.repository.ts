import type { DataSource } from 'typeorm';
import { execute, rows } from '../../database/sql.js';

/**
 * The rows of a report query, run read-only on one snapshot, with memory enough to sort and hash a year of leads
 * without spilling to disk (the server default of 4 MB is sized for OLTP statements).
 */
export async function reportRows<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  return dataSource.transaction('REPEATABLE READ', async (em) => {
    await execute(em, `SET TRANSACTION READ ONLY`);
    await execute(em, `SET LOCAL work_mem = '64MB'`);
    return rows<T>(em, sql, params);
  });
}
