import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, QueryFailedError } from 'typeorm';
import { dataSourceOptions } from '../../src/database/database.js';
import { named } from '../../src/database/prepared-query.js';
import { affected, rows } from '../../src/database/sql.js';
import { createTestDatabase, dropTestDatabase } from '../setup/database.js';

describe('named statements', () => {
  let url: string;
  let db: DataSource;
  beforeAll(async () => {
    url = await createTestDatabase();
    // One connection, so every call meets the statement prepared by the one before.
    db = await new DataSource(dataSourceOptions(url, 1)).initialize();
    await db.query(`CREATE TABLE prepared_probe (id int PRIMARY KEY, amount int NOT NULL); INSERT INTO prepared_probe VALUES (1, 42)`);
  });
  afterAll(async () => {
    await db.destroy();
    await dropTestDatabase(url);
  });

  const READ = named('test.prepared-probe', 'SELECT amount FROM prepared_probe WHERE id = $1');

  it('run in the transaction, on its connection, prepared there', async () => {
    await db.transaction(async (em) => {
      await em.query(`INSERT INTO prepared_probe VALUES (2, 7)`);
      expect(await rows(em, READ, [2])).toEqual([{ amount: 7 }]);
      expect(await rows(em, `SELECT name FROM pg_prepared_statements WHERE name = $1`, [READ.name])).toEqual([{ name: READ.name }]);
      expect(await affected(em, named('test.prepared-delete', 'DELETE FROM prepared_probe WHERE id = $1'), [2])).toBe(1);
    });
  });

  it('keep answering after a migration changes the type of a column they return', async () => {
    const read = () => rows<{ amount: unknown }>(db, READ, [1]);
    expect(await read()).toEqual([{ amount: 42 }]);
    await db.transaction((em) => rows(em, READ, [1]));

    await db.query(`ALTER TABLE prepared_probe ALTER COLUMN amount TYPE numeric(12, 2)`);
    // Inside a transaction the transaction fails, and the next one answers on a fresh connection (the pool has only
    // one: without replacing it, every later transaction would fail the same way).
    await expect(db.transaction((em) => rows(em, READ, [1]))).rejects.toBeInstanceOf(QueryFailedError);
    expect(await db.transaction((em) => rows(em, READ, [1]))).toEqual([{ amount: '42.00' }]);

    await db.query(`ALTER TABLE prepared_probe ALTER COLUMN amount TYPE bigint`);
    // Outside a transaction the same call answers at once.
    expect(await read()).toEqual([{ amount: '42' }]);
    expect(await read()).toEqual([{ amount: '42' }]);
  });

  it('report other errors as any query does', async () => {
    await expect(rows(db, named('test.missing-table', 'SELECT 1 FROM no_such_table'), [])).rejects.toMatchObject({ code: '42P01' });
    await expect(db.transaction((em) => rows(em, named('test.missing-table', 'SELECT 1 FROM no_such_table'), []))).rejects.toBeInstanceOf(QueryFailedError);
  });
});
