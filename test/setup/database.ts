import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { migrate } from '../../src/database/database.js';

const LOCK = 727_001;

function adminUrl(): string {
  const url = process.env.CLINICDESK_TEST_ADMIN_URL;
  if (!url) throw new Error('Tests must run through jest with test/setup/global-setup.mjs');
  return url;
}

export function urlOf(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A fresh database for one test file: a copy of a template that was migrated once for this run
 * (the first file to get here migrates it, the others wait on an advisory lock).
 */
export async function createTestDatabase(): Promise<string> {
  const template = `clinicdesk_template_${process.env.CLINICDESK_TEST_RUN}`;
  const name = `clinicdesk_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK]);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${template}"`);
      await migrate(urlOf(template));
    }
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => undefined);
    await client.end();
  }
  return urlOf(name);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Runs one statement against the server as its superuser (to make a database unreachable, for instance). */
export async function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
