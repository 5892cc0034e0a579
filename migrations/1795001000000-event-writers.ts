import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A transaction that takes an event id also takes a shared advisory lock (held until it ends), so the relay, at a
 * hole in event ids, waits only for the transactions that can still fill it, never for unrelated writers such as
 * a report rollup refresh or a bulk import.
 */
export class EventWriters1795001000000 implements MigrationInterface {
  name = 'EventWriters1795001000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION events_assign_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_current_xact_id();
        PERFORM pg_advisory_xact_lock_shared(hashtext('events-writer'), 0);
        NEW.id := nextval('events_id_seq');
        RETURN NEW;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION events_assign_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_current_xact_id();
        NEW.id := nextval('events_id_seq');
        RETURN NEW;
      END $$`);
  }
}
