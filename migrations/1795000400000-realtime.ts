import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Realtime1795000400000 implements MigrationInterface {
  name = 'Realtime1795000400000';

  async up(db: QueryRunner): Promise<void> {
    // Event ids are taken in a trigger, after the writing transaction has its xid: a transaction that holds an
    // unfinished lower id is then always listed in the in-flight xids of any later snapshot, which is how the
    // relay tells a gap that can still fill (wait for those xids) from one that never will (rolled back).
    await db.query(`ALTER TABLE events ALTER COLUMN id DROP DEFAULT`);
    await db.query(`
      CREATE FUNCTION events_assign_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_current_xact_id();
        NEW.id := nextval('events_id_seq');
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER events_assign_id BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_assign_id()`);

    await db.query(`
      CREATE TABLE staff_presence (
        staff_id uuid PRIMARY KEY REFERENCES staff_users (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('available', 'busy', 'break', 'offline')),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX staff_presence_available_idx ON staff_presence (changed_at) WHERE status = 'available'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE staff_presence`);
    await db.query(`DROP TRIGGER events_assign_id ON events`);
    await db.query(`DROP FUNCTION events_assign_id()`);
    await db.query(`ALTER TABLE events ALTER COLUMN id SET DEFAULT nextval('events_id_seq')`);
  }
}
