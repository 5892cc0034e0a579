import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Appointment columns the doctor scorecards read (counts, revenue, the patients seen and whether they came back). */
const COLUMNS = ['patient_id', 'doctor_id', 'branch_id', 'starts_at', 'status', 'price'];
const changed = `(${COLUMNS.map((c) => `n.${c}`).join(', ')}) IS DISTINCT FROM (${COLUMNS.map((c) => `o.${c}`).join(', ')})`;
const JOB = 'analytics.doctor_visit_rollup';

/**
 * The doctor scorecards per local day (at the appointment's branch), branch and doctor (`doctor_visit_rollup`), so
 * that a year sums some twenty thousand rows instead of checking every visit for a later one:
 * - the counts and revenue of the day's appointments;
 * - the patients seen, kept so that distinct patients over any period can be counted from day rows: a visit whose
 *   patient had no earlier visit with the doctor at the branch counts in `first_visits`; otherwise the local day of
 *   that earlier visit goes into `visit_prev_days` (sorted), and the visit is its patient's first of a period that
 *   starts after that day. The same for the visits after which the patient came back within the repeat window
 *   (`first_repeats`, `repeat_prev_days`).
 * - patients who saw the doctor at several branches (`shared_patients`, `shared_repeaters`), so that a report over
 *   several branches counts them once.
 * Triggers note the patients a change touches and the places their changed appointments left; a branch's new time
 * zone notes the branch. A refresh recomputes the day rows of those patients' appointments from the live tables.
 */
export class DoctorVisitRollup1795002700000 implements MigrationInterface {
  name = 'DoctorVisitRollup1795002700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE doctor_visit_rollup (
        day date NOT NULL,
        branch_key uuid NOT NULL,
        doctor_id uuid NOT NULL,
        appointments int NOT NULL,
        visits int NOT NULL,
        completed int NOT NULL,
        no_shows int NOT NULL,
        cancellations int NOT NULL,
        revenue numeric NOT NULL,
        first_visits int NOT NULL,
        visit_prev_days date[] NOT NULL,
        first_repeats int NOT NULL,
        repeat_prev_days date[] NOT NULL,
        shared_patients uuid[] NOT NULL,
        shared_repeaters uuid[] NOT NULL,
        PRIMARY KEY (day, branch_key, doctor_id)
      )`);
    // Patients whose appointments changed, with where a changed appointment was before (doctor, branch, start);
    // with patient_id NULL, every appointment of the branch (its time zone changed).
    await db.query(`CREATE TABLE doctor_visit_changes (patient_id uuid, doctor_id uuid, branch_key uuid, starts_at timestamptz)`);
    await db.query(`INSERT INTO report_rollup_state (rollup) VALUES ('doctor_visits')`);
    await db.query(`
      CREATE FUNCTION doctor_visits_note_appointments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO doctor_visit_changes (patient_id) SELECT DISTINCT n.patient_id FROM new_rows n;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO doctor_visit_changes (patient_id, doctor_id, branch_key, starts_at)
            SELECT DISTINCT o.patient_id, o.doctor_id, o.branch_id, o.starts_at FROM old_rows o;
        ELSE
          INSERT INTO doctor_visit_changes (patient_id, doctor_id, branch_key, starts_at)
            SELECT DISTINCT x.* FROM new_rows n JOIN old_rows o ON o.id = n.id,
                   LATERAL (VALUES (o.patient_id, o.doctor_id, o.branch_id, o.starts_at), (n.patient_id, NULL::uuid, NULL::uuid, NULL::timestamptz)) x
             WHERE ${changed};
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER doctor_visits_appointments_insert AFTER INSERT ON appointments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION doctor_visits_note_appointments()`,
    );
    await db.query(
      `CREATE TRIGGER doctor_visits_appointments_update AFTER UPDATE ON appointments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION doctor_visits_note_appointments()`,
    );
    await db.query(
      `CREATE TRIGGER doctor_visits_appointments_delete AFTER DELETE ON appointments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION doctor_visits_note_appointments()`,
    );
    await db.query(`
      CREATE FUNCTION doctor_visits_note_branch_zone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO doctor_visit_changes (branch_key) VALUES (NEW.id);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER doctor_visits_branch_zone AFTER UPDATE OF timezone ON branches
        FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone) EXECUTE FUNCTION doctor_visits_note_branch_zone()`);
    await db.query(`SELECT pgboss.create_queue($1, '{"policy":"stately"}')`, [JOB]);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`SELECT pgboss.delete_queue($1)`, [JOB]);
    await db.query(`DROP TRIGGER doctor_visits_branch_zone ON branches`);
    for (const op of ['insert', 'update', 'delete']) await db.query(`DROP TRIGGER doctor_visits_appointments_${op} ON appointments`);
    await db.query(`DROP FUNCTION doctor_visits_note_branch_zone(), doctor_visits_note_appointments()`);
    await db.query(`DELETE FROM report_rollup_state WHERE rollup = 'doctor_visits'`);
    await db.query(`DROP TABLE doctor_visit_changes, doctor_visit_rollup`);
  }
}
