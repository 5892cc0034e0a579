import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { execute, one } from './sql.js';

/** Options shared by the app, the migration runner and the tests. Schema comes only from migrations. */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    poolSize,
    extra: { connectionTimeoutMillis: 5000, application_name: 'clinicdesk' },
  };
}

/**
 * Applies pending migrations. An advisory lock keeps several instances starting at once from racing;
 * each migration runs in its own transaction.
 */
export async function migrate(url: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await execute(runner.manager, 'SELECT pg_advisory_lock(hashtext($1))', ['clinicdesk.migrations']);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await execute(runner.manager, 'SELECT pg_advisory_unlock(hashtext($1))', ['clinicdesk.migrations']).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}

/** Creates the named database on the server at `url` when missing; returns the URL of that database. */
export async function ensureDatabase(url: string, name: string): Promise<string> {
  const admin = new DataSource({ type: 'postgres', url, poolSize: 1 });
  await admin.initialize();
  try {
    const exists = await one<{ found: number }>(admin, `SELECT 1 AS found FROM pg_database WHERE datname = $1`, [name]);
    if (!exists) await execute(admin, `CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.destroy();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}
