import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { randomBytes } from 'node:crypto';
import { adminQuery, createTestDatabase, dropTestDatabase, urlOf } from '../setup/database.js';

/** Everything about the pgboss schema that pg-boss relies on, in a form two databases can be compared by. */
async function describeSchema(url: string): Promise<Record<string, unknown[]>> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const rows = async (sql: string) => (await db.query(sql)).rows;
    return {
      relations: await rows(`SELECT relname, relkind FROM pg_class WHERE relnamespace = 'pgboss'::regnamespace ORDER BY 1`),
      columns: await rows(`SELECT table_name, ordinal_position, column_name, data_type, column_default, is_nullable
                           FROM information_schema.columns WHERE table_schema = 'pgboss' ORDER BY 1, 2`),
      constraints: await rows(`SELECT conrelid::regclass::text AS rel, conname, pg_get_constraintdef(oid) AS def
                               FROM pg_constraint WHERE connamespace = 'pgboss'::regnamespace ORDER BY 1, 2`),
      indexes: await rows(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'pgboss' ORDER BY 1, 2`),
      partitions: await rows(`SELECT inhrelid::regclass::text AS rel, pg_get_expr(c.relpartbound, c.oid) AS bound
                              FROM pg_inherits JOIN pg_class c ON c.oid = inhrelid WHERE inhparent = 'pgboss.job'::regclass ORDER BY 1`),
      functions: await rows(`SELECT proname, pg_get_function_arguments(oid) AS args, pg_get_function_result(oid) AS result,
                                    btrim(regexp_replace(prosrc, '\\s+', ' ', 'g')) AS body
                             FROM pg_proc WHERE pronamespace = 'pgboss'::regnamespace ORDER BY 1`),
      states: await rows(`SELECT enumlabel FROM pg_enum WHERE enumtypid = 'pgboss.job_state'::regtype ORDER BY enumsortorder`),
      version: await rows(`SELECT version FROM pgboss.version`),
      queues: await rows(`SELECT name, policy, partition_name FROM pgboss.queue ORDER BY name`),
    };
  } finally {
    await db.end();
  }
}

describe('the job queue schema from migrations', () => {
  let migrated: string;
  let built: string;
  beforeAll(async () => {
    migrated = await createTestDatabase();
    built = urlOf(`clinicdesk_test_${randomBytes(6).toString('hex')}`);
    await adminQuery(`CREATE DATABASE "${new URL(built).pathname.slice(1)}"`);
  });
  afterAll(async () => {
    await dropTestDatabase(migrated);
    await dropTestDatabase(built);
  });

  it('is the schema the installed pg-boss builds itself, queues included', async () => {
    // pg-boss on an empty database, creating its schema the way it would without migrations.
    const boss = new PgBoss({ connectionString: built, schedule: false, supervise: false, max: 2 });
    boss.on('error', () => undefined);
    await boss.start();
    const source = new pg.Client({ connectionString: migrated });
    await source.connect();
    const { rows: queues } = await source.query(`SELECT name, policy FROM pgboss.queue`);
    await source.end();
    for (const queue of queues) await boss.createQueue(queue.name, { name: queue.name, policy: queue.policy });
    await boss.stop({ graceful: false });

    const fromMigrations = await describeSchema(migrated);
    expect(fromMigrations.queues).toHaveLength(13);
    expect(fromMigrations).toEqual(await describeSchema(built));
  });
});
