import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Stands for "no branch" in the rollups' branch_key (a uuid no branch can have). */
const NO_BRANCH = `'00000000-0000-0000-0000-000000000000'::uuid`;

const changed = (columns: string[]) => `(${columns.map((c) => `n.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `o.${c}`).join(', ')})`;

/**
 * Hours (per branch) whose activity figures a statement on `table` may change: the hour of `at` of every row it
 * inserts or deletes, and of the old and new row of every update that changes one of `columns`. Rows whose
 * `operator` column is NULL do not count for anyone.
 */
function noteActivity(table: string, at: string, operator: string, columns: string[]): string {
  const hour = (alias: string) => `SELECT DISTINCT COALESCE(${alias}.branch_id, ${NO_BRANCH}), date_trunc('hour', ${alias}.${at}) FROM`;
  return `
    CREATE FUNCTION operator_activity_note_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO operator_activity_changes (branch_key, hour_at) ${hour('n')} new_rows n WHERE n.${operator} IS NOT NULL;
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO operator_activity_changes (branch_key, hour_at) ${hour('o')} old_rows o WHERE o.${operator} IS NOT NULL;
      ELSE
        INSERT INTO operator_activity_changes (branch_key, hour_at)
          SELECT DISTINCT COALESCE(x.branch_id, ${NO_BRANCH}), date_trunc('hour', x.at)
            FROM new_rows n JOIN old_rows o ON o.id = n.id,
                 LATERAL (VALUES (n.branch_id, n.${at}, n.${operator}), (o.branch_id, o.${at}, o.${operator})) x(branch_id, at, operator)
           WHERE x.operator IS NOT NULL AND ${changed(columns)};
      END IF;
      RETURN NULL;
    END $$`;
}

/** Columns of an appointment the booking figures read; the repeat visit of a booking reads the patient's other visits. */
const BOOKING_COLUMNS = ['booked_by', 'branch_id', 'status', 'created_at', 'starts_at', 'patient_id'];
const VISIT_COLUMNS = ['patient_id', 'status', 'starts_at', 'branch_id'];

/** Notes, for the booking figures, the booking hours of the appointments booked by staff for the patients of `rows`. */
const noteBookingsOf = (rows: string) => `INSERT INTO operator_activity_changes (branch_key, hour_at)
            SELECT DISTINCT a.branch_id, date_trunc('hour', a.created_at)
              FROM appointments a
             WHERE a.booked_by IS NOT NULL AND a.patient_id IN (SELECT patient_id FROM ${rows})`;

/**
 * Rollups for the scorecards and the repeat-visit cohorts, kept like the funnel rollup (triggers note what a change
 * touches; a refresh before each report, and in the background, recomputes it from the live tables):
 * - `operator_activity_rollup`: per local day, branch and operator, the calls they made or took, the callbacks due
 *   to them and the appointments they booked with what became of them; days on the clinic's calendar (legal time
 *   zone) and on the branch's own calendar, since a report of one branch counts calls in that branch's zone.
 * - `patient_visit_facts`: per patient with a completed visit, the first one (when, which branch, its local day),
 *   the next completed visit after it and the channel of the patient's first lead.
 */
export class ScorecardRollups1795002300000 implements MigrationInterface {
  name = 'ScorecardRollups1795002300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE report_rollup_state (
        rollup text PRIMARY KEY,
        built_at timestamptz,
        legal_time_zone text,
        repeat_window_days int
      )`);
    await db.query(`INSERT INTO report_rollup_state (rollup) VALUES ('operator_activity'), ('patient_visits')`);

    await db.query(`
      CREATE TABLE operator_activity_rollup (
        calendar text NOT NULL CHECK (calendar IN ('clinic', 'branch')),
        day date NOT NULL,
        branch_key uuid NOT NULL,
        operator_id uuid NOT NULL,
        calls int NOT NULL,
        answered_calls int NOT NULL,
        callbacks_due int NOT NULL,
        callbacks_done int NOT NULL,
        callbacks_on_time int NOT NULL,
        bookings int NOT NULL,
        booked_visited int NOT NULL,
        booked_no_shows int NOT NULL,
        booked_cancelled int NOT NULL,
        booked_repeat int NOT NULL,
        PRIMARY KEY (calendar, day, branch_key, operator_id)
      )`);
    // Hours of activity (per branch) whose figures changed since the last refresh; NULL: the branch's time zone changed.
    await db.query(`CREATE TABLE operator_activity_changes (branch_key uuid NOT NULL, hour_at timestamptz)`);
    // Callbacks of one branch by due time, for recomputing a branch-day.
    await db.query(`CREATE INDEX callbacks_branch_due_idx ON callbacks (branch_id, due_at)`);

    await db.query(noteActivity('calls', 'started_at', 'operator_id', ['operator_id', 'branch_id', 'started_at', 'answered_at']));
    await db.query(noteActivity('callbacks', 'due_at', 'operator_id', ['operator_id', 'branch_id', 'due_at', 'done_at']));
    for (const table of ['calls', 'callbacks']) {
      await db.query(
        `CREATE TRIGGER operator_activity_${table}_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operator_activity_note_${table}()`,
      );
      await db.query(
        `CREATE TRIGGER operator_activity_${table}_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operator_activity_note_${table}()`,
      );
      await db.query(
        `CREATE TRIGGER operator_activity_${table}_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION operator_activity_note_${table}()`,
      );
    }
    // An appointment changes its own booking's figures and, through repeat visits, those of its patient's bookings.
    await db.query(`
      CREATE FUNCTION operator_activity_note_appointments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${noteBookingsOf('new_rows')};
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO operator_activity_changes (branch_key, hour_at)
            SELECT DISTINCT o.branch_id, date_trunc('hour', o.created_at) FROM old_rows o WHERE o.booked_by IS NOT NULL;
          ${noteBookingsOf('old_rows')};
        ELSE
          INSERT INTO operator_activity_changes (branch_key, hour_at)
            SELECT DISTINCT x.branch_id, date_trunc('hour', x.created_at)
              FROM new_rows n JOIN old_rows o ON o.id = n.id,
                   LATERAL (VALUES (n.branch_id, n.created_at, n.booked_by), (o.branch_id, o.created_at, o.booked_by)) x(branch_id, created_at, booked_by)
             WHERE x.booked_by IS NOT NULL AND ${changed(BOOKING_COLUMNS)};
          WITH touched AS (
            SELECT x.patient_id FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (n.patient_id), (o.patient_id)) x(patient_id)
             WHERE ${changed(VISIT_COLUMNS)}
          )
          ${noteBookingsOf('touched')};
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER operator_activity_appointments_insert AFTER INSERT ON appointments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operator_activity_note_appointments()`,
    );
    await db.query(
      `CREATE TRIGGER operator_activity_appointments_update AFTER UPDATE ON appointments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operator_activity_note_appointments()`,
    );
    await db.query(
      `CREATE TRIGGER operator_activity_appointments_delete AFTER DELETE ON appointments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION operator_activity_note_appointments()`,
    );

    await db.query(`
      CREATE TABLE patient_visit_facts (
        patient_id uuid PRIMARY KEY,
        first_visit_at timestamptz NOT NULL,
        branch_key uuid NOT NULL,
        first_day date NOT NULL,
        next_visit_at timestamptz,
        first_lead_at timestamptz,
        channel text
      )`);
    await db.query(`CREATE INDEX patient_visit_facts_day_idx ON patient_visit_facts (first_day, branch_key)`);
    await db.query(`CREATE INDEX patient_visit_facts_branch_idx ON patient_visit_facts (branch_key)`);
    // Patients whose facts may have changed since the last refresh; with patient_id NULL, every patient of a branch.
    await db.query(`CREATE TABLE patient_visit_changes (patient_id uuid, branch_key uuid)`);
    await db.query(`
      CREATE FUNCTION patient_visits_note_appointments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO patient_visit_changes (patient_id) SELECT DISTINCT n.patient_id FROM new_rows n WHERE n.status = 'completed';
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO patient_visit_changes (patient_id) SELECT DISTINCT o.patient_id FROM old_rows o WHERE o.status = 'completed';
        ELSE
          INSERT INTO patient_visit_changes (patient_id)
            SELECT DISTINCT x.patient_id FROM new_rows n JOIN old_rows o ON o.id = n.id,
                   LATERAL (VALUES (n.patient_id, n.status), (o.patient_id, o.status)) x(patient_id, status)
             WHERE x.status = 'completed' AND ${changed(VISIT_COLUMNS)};
        END IF;
        RETURN NULL;
      END $$`);
    // A lead changes a patient's facts only when it is (or was) their first: a new lead almost never is.
    await db.query(`
      CREATE FUNCTION patient_visits_note_leads() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO patient_visit_changes (patient_id)
            SELECT DISTINCT n.patient_id FROM new_rows n JOIN patient_visit_facts f ON f.patient_id = n.patient_id
             WHERE f.first_lead_at IS NULL OR n.created_at <= f.first_lead_at;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO patient_visit_changes (patient_id)
            SELECT DISTINCT o.patient_id FROM old_rows o JOIN patient_visit_facts f ON f.patient_id = o.patient_id WHERE o.created_at <= f.first_lead_at;
        ELSE
          INSERT INTO patient_visit_changes (patient_id)
            SELECT DISTINCT x.patient_id FROM new_rows n JOIN old_rows o ON o.id = n.id,
                   LATERAL (VALUES (n.patient_id), (o.patient_id)) x(patient_id)
             WHERE (n.patient_id, n.created_at, n.channel) IS DISTINCT FROM (o.patient_id, o.created_at, o.channel)
               AND EXISTS (SELECT 1 FROM patient_visit_facts f WHERE f.patient_id = x.patient_id);
        END IF;
        RETURN NULL;
      END $$`);
    for (const [table, fn] of [
      ['appointments', 'patient_visits_note_appointments'],
      ['leads', 'patient_visits_note_leads'],
    ]) {
      await db.query(
        `CREATE TRIGGER patient_visits_${table}_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await db.query(
        `CREATE TRIGGER patient_visits_${table}_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await db.query(
        `CREATE TRIGGER patient_visits_${table}_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }

    // A branch's new time zone moves its days: its activity on the branch calendar and its patients' first-visit days.
    await db.query(`
      CREATE FUNCTION scorecard_rollups_note_branch_zone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO operator_activity_changes (branch_key, hour_at) VALUES (NEW.id, NULL);
        INSERT INTO patient_visit_changes (patient_id, branch_key) VALUES (NULL, NEW.id);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER scorecard_rollups_branch_zone AFTER UPDATE OF timezone ON branches
        FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone) EXECUTE FUNCTION scorecard_rollups_note_branch_zone()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER scorecard_rollups_branch_zone ON branches`);
    for (const op of ['insert', 'update', 'delete']) {
      for (const table of ['appointments', 'leads']) await db.query(`DROP TRIGGER patient_visits_${table}_${op} ON ${table}`);
      for (const table of ['calls', 'callbacks', 'appointments']) await db.query(`DROP TRIGGER operator_activity_${table}_${op} ON ${table}`);
    }
    await db.query(`DROP FUNCTION scorecard_rollups_note_branch_zone(), patient_visits_note_leads(), patient_visits_note_appointments(),
                      operator_activity_note_appointments(), operator_activity_note_callbacks(), operator_activity_note_calls()`);
    await db.query(`DROP INDEX callbacks_branch_due_idx`);
    await db.query(`DROP TABLE patient_visit_changes, patient_visit_facts, operator_activity_changes, operator_activity_rollup, report_rollup_state`);
  }
}
