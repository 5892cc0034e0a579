import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/database.js';
import { preparedQuery } from '../../src/database/prepared-query.js';
import { createTestDatabase, dropTestDatabase } from '../setup/database.js';

describe('prepared reads', () => {
  let url: string;
  let db: DataSource;
  beforeAll(async () => {
    url = await createTestDatabase();
    // One connection, so every call meets the statement prepared by the one before.
    db = await new DataSource(dataSourceOptions(url, 1)).initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await dropTestDatabase(url);
  });

  it('keeps answering after a migration changes the type of a column the statement returns', async () => {
    await db.query(`CREATE TABLE prepared_probe (id int PRIMARY KEY, amount int NOT NULL); INSERT INTO prepared_probe VALUES (1, 42)`);
    const read = () => preparedQuery<{ amount: unknown }>(db, 'test.prepared-probe', 'SELECT amount FROM prepared_probe WHERE id = $1', [1]);
    expect(await read()).toEqual([{ amount: 42 }]);

    await db.query(`ALTER TABLE prepared_probe ALTER COLUMN amount TYPE numeric(12, 2)`);
    expect(await read()).toEqual([{ amount: '42.00' }]);
    expect(await read()).toEqual([{ amount: '42.00' }]);
  });

  it('still reports other errors', async () => {
    await expect(preparedQuery(db, 'test.missing-table', 'SELECT 1 FROM no_such_table', [])).rejects.toMatchObject({ code: '42P01' });
  });
});
