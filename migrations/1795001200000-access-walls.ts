import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the access policy needs from the database:
 * - `patient_branches`: every branch where a patient had a lead, a call or an appointment, kept by triggers on those
 *   tables, so a patient's visibility is one index lookup whatever path wrote the row (intake, booking, a merge).
 * - `branch_id` on calls and callbacks, following their lead's branch (a call without a lead keeps the branch it was
 *   given: the PBX source's, or the operator's).
 * - `events.rooms`: the socket rooms the policy chose for each real-time event; replay matches them against the rooms
 *   of the reconnecting socket, so live delivery and replay apply one rule. Stored events with the old audiences are
 *   dropped (clients resuming from before are asked to reload), since those audiences ignored branches.
 */
export class AccessWalls1795001200000 implements MigrationInterface {
  name = 'AccessWalls1795001200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE patient_branches (
        patient_id uuid NOT NULL REFERENCES patients (id),
        branch_id uuid NOT NULL REFERENCES branches (id),
        PRIMARY KEY (patient_id, branch_id)
      )`);
    await db.query(`
      CREATE FUNCTION patient_branches_note() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.patient_id IS NOT NULL AND NEW.branch_id IS NOT NULL THEN
          INSERT INTO patient_branches (patient_id, branch_id) VALUES (NEW.patient_id, NEW.branch_id) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);

    await db.query(`ALTER TABLE calls ADD COLUMN branch_id uuid REFERENCES branches (id)`);
    await db.query(`ALTER TABLE callbacks ADD COLUMN branch_id uuid REFERENCES branches (id)`);
    await db.query(`UPDATE calls c SET branch_id = coalesce((SELECT branch_id FROM leads WHERE id = c.lead_id),
                                                      (SELECT branch_id FROM intake_sources WHERE id = c.source_id))`);
    await db.query(`UPDATE callbacks cb SET branch_id = l.branch_id FROM leads l WHERE l.id = cb.lead_id`);
    // A call or callback on a lead is at the lead's branch (a call without one keeps what it was given).
    await db.query(`
      CREATE FUNCTION branch_of_lead() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.lead_id IS NOT NULL THEN
          NEW.branch_id := coalesce((SELECT branch_id FROM leads WHERE id = NEW.lead_id), NEW.branch_id);
        END IF;
        RETURN NEW;
      END $$`);
    // A lead that gets a branch (a clinic-wide lead taken by a branch) takes its calls and callbacks along.
    await db.query(`
      CREATE FUNCTION lead_branch_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE calls SET branch_id = NEW.branch_id WHERE lead_id = NEW.id AND branch_id IS DISTINCT FROM NEW.branch_id;
        UPDATE callbacks SET branch_id = NEW.branch_id WHERE lead_id = NEW.id AND branch_id IS DISTINCT FROM NEW.branch_id;
        RETURN NULL;
      END $$`);
    for (const table of ['calls', 'callbacks']) {
      await db.query(`CREATE TRIGGER ${table}_branch_of_lead BEFORE INSERT OR UPDATE OF lead_id ON ${table} FOR EACH ROW EXECUTE FUNCTION branch_of_lead()`);
    }
    await db.query(`CREATE TRIGGER leads_branch_follow AFTER UPDATE OF branch_id ON leads FOR EACH ROW
                      WHEN (OLD.branch_id IS DISTINCT FROM NEW.branch_id AND NEW.branch_id IS NOT NULL) EXECUTE FUNCTION lead_branch_follow()`);
    for (const table of ['leads', 'calls', 'appointments']) {
      await db.query(
        `CREATE TRIGGER ${table}_patient_branch AFTER INSERT OR UPDATE OF patient_id, branch_id ON ${table} FOR EACH ROW EXECUTE FUNCTION patient_branches_note()`,
      );
    }
    await db.query(`
      INSERT INTO patient_branches (patient_id, branch_id)
      SELECT patient_id, branch_id FROM leads WHERE branch_id IS NOT NULL
      UNION SELECT patient_id, branch_id FROM calls WHERE patient_id IS NOT NULL AND branch_id IS NOT NULL
      UNION SELECT patient_id, branch_id FROM appointments
      ON CONFLICT DO NOTHING`);
    await db.query(`CREATE INDEX calls_branch_started_idx ON calls (branch_id, started_at DESC, id DESC)`);
    await db.query(`CREATE INDEX leads_branch_created_idx ON leads (branch_id, created_at DESC, id DESC)`);

    await db.query(`DELETE FROM events`);
    await db.query(`ALTER TABLE events DROP COLUMN audience, ADD COLUMN rooms text[] NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM events`);
    await db.query(`ALTER TABLE events DROP COLUMN rooms, ADD COLUMN audience jsonb NOT NULL`);
    await db.query(`DROP INDEX leads_branch_created_idx, calls_branch_started_idx`);
    for (const table of ['leads', 'calls', 'appointments']) await db.query(`DROP TRIGGER ${table}_patient_branch ON ${table}`);
    await db.query(`DROP TRIGGER leads_branch_follow ON leads`);
    for (const table of ['calls', 'callbacks']) await db.query(`DROP TRIGGER ${table}_branch_of_lead ON ${table}`);
    await db.query(`DROP FUNCTION lead_branch_follow(), branch_of_lead(), patient_branches_note()`);
    await db.query(`ALTER TABLE callbacks DROP COLUMN branch_id`);
    await db.query(`ALTER TABLE calls DROP COLUMN branch_id`);
    await db.query(`DROP TABLE patient_branches`);
  }
}
