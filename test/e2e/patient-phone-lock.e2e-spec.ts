import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/database.js';
import { PatientLinksRepository } from '../../src/modules/patients/patient-links.repository.js';
import { createTestDatabase, dropTestDatabase } from '../setup/database.js';
import { waitFor } from '../setup/jobs.js';

describe('locking phone numbers for matching', () => {
  let url: string;
  let db: DataSource;
  let links: PatientLinksRepository;
  beforeAll(async () => {
    url = await createTestDatabase();
    db = await new DataSource(dataSourceOptions(url, 4)).initialize();
    links = new PatientLinksRepository(db);
  });
  afterAll(async () => {
    await db.destroy();
    await dropTestDatabase(url);
  });

  it('waits for the transaction holding a number and then sees the patient it created', async () => {
    const phone = '+79035550001';
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const patientId = randomUUID();

    const first = db.transaction(async (em) => {
      expect(await links.lockPhones([phone], em)).toEqual([]);
      await em.query(`INSERT INTO patients (id, first_name, phone) VALUES ($1, 'Ольга', $2)`, [patientId, phone]);
      locked();
      await held;
    });
    await lockTaken;
    const second = db.transaction((em) => links.lockPhones(['+79035550002', phone], em));
    // The second transaction waits on the number until the first commits.
    await waitFor(
      async () => (await db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`))[0].n === 1,
      'the second transaction waiting on the number',
    );
    release();
    await first;
    expect(await second).toEqual([{ id: patientId, name: 'Ольга', restricted: false, phone }]);
  });
});
