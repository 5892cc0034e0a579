import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PatientsAndEvents1795000100000 implements MigrationInterface {
  name = 'PatientsAndEvents1795000100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE patients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        last_name text CHECK (length(last_name) <= 100),
        first_name text CHECK (length(first_name) <= 100),
        middle_name text CHECK (length(middle_name) <= 100),
        phone text CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        email citext CHECK (length(email) <= 254),
        birth_date date CHECK (birth_date > '1900-01-01'),
        notes text CHECK (length(notes) <= 5000),
        -- Restriction (withdrawn consent, a subject's request) hides the person from queues, exports and outreach.
        restricted_at timestamptz,
        anonymized_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX patients_phone_idx ON patients (phone) WHERE phone IS NOT NULL`);
    await db.query(`CREATE INDEX patients_last_name_idx ON patients (lower(last_name) text_pattern_ops) WHERE last_name IS NOT NULL`);

    // The outbox of real-time events: written in the same transaction as the change it announces,
    // its id orders delivery and lets a reconnecting client resume where it left off.
    await db.query(`
      CREATE TABLE events (
        id bigserial PRIMARY KEY,
        type text NOT NULL CHECK (type ~ '^[a-z_]+\\.[a-z_]+$'),
        audience jsonb NOT NULL CHECK (jsonb_typeof(audience) = 'object'),
        payload jsonb NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX events_created_at_idx ON events (created_at)`);
    await db.query(`
      CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('clinicdesk_events', NEW.id::text);
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_notify()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE events, patients`);
    await db.query(`DROP FUNCTION events_notify()`);
  }
}
