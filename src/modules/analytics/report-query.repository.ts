import type { DataSource } from 'typeorm';

/**
 * Runs a report query read-only, with memory enough to sort and hash a year of leads without spilling to disk
 * (the server default of 4 MB is sized for OLTP statements).
 */
export async function reportQuery<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  return dataSource.transaction('REPEATABLE READ', async (em) => {
    await em.query(`SET TRANSACTION READ ONLY`);
    await em.query(`SET LOCAL work_mem = '64MB'`);
    return em.query(sql, params);
  });
}
