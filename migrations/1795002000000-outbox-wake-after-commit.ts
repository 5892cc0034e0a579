import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event rows no longer notify from inside the writing transaction: a NOTIFY there takes the server's notification
 * queue lock at commit, so every event-writing commit waited for the others (about 850 per second at most). The
 * writing instance wakes its relay after the commit and notifies the other instances itself, outside the transaction.
 */
export class OutboxWakeAfterCommit1795002000000 implements MigrationInterface {
  name = 'OutboxWakeAfterCommit1795002000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER events_notify ON events`);
    await db.query(`DROP FUNCTION events_notify()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('clinicdesk_events', NEW.id::text);
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_notify()`);
  }
}
