// Starts the PostgreSQL the tests use (DATABASE_URL when set, else an embedded one) and clears databases
// left by earlier runs. Each test file then clones its own database from a migrated template (test/setup/database.ts).
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.mjs';

export default async function globalSetup() {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const server = await startEmbeddedPostgres({ dataDir: process.env.CLINICDESK_TEST_PG_DIR ?? '.data/test-pg', fast: true });
    globalThis.__clinicdeskTestPostgres = server;
    url = server.url;
  }
  process.env.CLINICDESK_TEST_ADMIN_URL = url;
  process.env.CLINICDESK_TEST_RUN = Date.now().toString(36);
  await dropTestDatabases(url);
}

export async function dropTestDatabases(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT datname FROM pg_database WHERE datname LIKE 'clinicdesk\\_test\\_%' OR datname LIKE 'clinicdesk\\_template\\_%'`,
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
