import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Stands for "no branch" in the rollup's branch_key (a uuid no branch can have). */
const NO_BRANCH = `'00000000-0000-0000-0000-000000000000'::uuid`;

/** Lead columns the funnel reads; a change to any of them changes the lead's figures. */
const LEAD_COLUMNS = [
  'branch_id',
  'channel',
  'utm_campaign',
  'source_id',
  'assigned_operator_id',
  'patient_id',
  'first_contact_at',
  'sla_due_at',
  'created_at',
];
/** Appointment columns the funnel reads (outcome, revenue, doctor, repeat visits of the patient). */
const APPOINTMENT_COLUMNS = ['lead_id', 'patient_id', 'status', 'starts_at', 'price', 'doctor_id'];

/** Notes the arrival hours of the leads that appointments `rows` (lead_id, patient_id) belong to or share a patient with. */
const noteLeadsOf = (rows: string) => `INSERT INTO lead_funnel_changes (branch_key, hour_at)
            SELECT DISTINCT COALESCE(l.branch_id, ${NO_BRANCH}), date_trunc('hour', l.created_at)
              FROM leads l
             WHERE l.id IN (SELECT lead_id FROM ${rows}) OR l.patient_id IN (SELECT patient_id FROM ${rows})`;

const changed = (columns: string[]) => `(${columns.map((c) => `n.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `o.${c}`).join(', ')})`;

export class LeadFunnelRollup1795000800000 implements MigrationInterface {
  name = 'LeadFunnelRollup1795000800000';

  async up(db: QueryRunner): Promise<void> {
    // The lead funnel summed per local day (span 'day') and per local month (span 'month') of the leads' arrival,
    // per branch and per value of one grouping dimension. Times to first contact are kept as a histogram: the
    // buckets that have contacts (ascending), and for each its count, smallest and largest time, from which
    // reports estimate percentiles closely. A cache of the live tables, rebuilt from them at any time.
    await db.query(`
      CREATE TABLE lead_funnel_rollup (
        span text NOT NULL CHECK (span IN ('day', 'month')),
        day date NOT NULL,
        branch_key uuid NOT NULL,
        dimension text NOT NULL CHECK (dimension IN ('channel', 'campaign', 'source', 'operator', 'doctor')),
        key text,
        leads int NOT NULL,
        contacted int NOT NULL,
        contacted_within_sla int NOT NULL,
        booked int NOT NULL,
        visited int NOT NULL,
        repeat int NOT NULL,
        revenue numeric(16, 2) NOT NULL,
        contact_buckets smallint[] NOT NULL,
        contact_leads int[] NOT NULL,
        contact_min_sec float8[] NOT NULL,
        contact_max_sec float8[] NOT NULL,
        CONSTRAINT lead_funnel_rollup_histogram_check CHECK (cardinality(contact_leads) = cardinality(contact_buckets)
          AND cardinality(contact_min_sec) = cardinality(contact_buckets) AND cardinality(contact_max_sec) = cardinality(contact_buckets))
      )`);
    await db.query(`CREATE UNIQUE INDEX lead_funnel_rollup_key ON lead_funnel_rollup (dimension, span, day, branch_key, key) NULLS NOT DISTINCT`);

    // Hours of lead arrival (per branch) whose figures changed since the last refresh, written by the triggers
    // below in the changing transaction; a NULL hour means every day of the branch (its time zone changed).
    await db.query(`CREATE TABLE lead_funnel_changes (branch_key uuid NOT NULL, hour_at timestamptz)`);
    // What the rollup was built with; a refresh rebuilds everything when the settings differ or built_at is NULL.
    await db.query(`
      CREATE TABLE lead_funnel_rollup_state (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        built_at timestamptz,
        legal_time_zone text,
        repeat_window_days int
      )`);
    await db.query(`INSERT INTO lead_funnel_rollup_state DEFAULT VALUES`);

    await db.query(`
      CREATE FUNCTION lead_funnel_note_leads() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO lead_funnel_changes (branch_key, hour_at)
            SELECT DISTINCT COALESCE(n.branch_id, ${NO_BRANCH}), date_trunc('hour', n.created_at) FROM new_rows n;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO lead_funnel_changes (branch_key, hour_at)
            SELECT DISTINCT COALESCE(o.branch_id, ${NO_BRANCH}), date_trunc('hour', o.created_at) FROM old_rows o;
        ELSE
          INSERT INTO lead_funnel_changes (branch_key, hour_at)
            SELECT DISTINCT COALESCE(x.branch_id, ${NO_BRANCH}), date_trunc('hour', x.created_at)
              FROM new_rows n JOIN old_rows o ON o.id = n.id,
                   LATERAL (VALUES (n.branch_id, n.created_at), (o.branch_id, o.created_at)) x(branch_id, created_at)
             WHERE ${changed(LEAD_COLUMNS)};
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER lead_funnel_leads_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_funnel_note_leads()`,
    );
    await db.query(
      `CREATE TRIGGER lead_funnel_leads_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_funnel_note_leads()`,
    );
    await db.query(
      `CREATE TRIGGER lead_funnel_leads_delete AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_funnel_note_leads()`,
    );

    // An appointment changes its lead's outcome and, through repeat visits, every lead of its patient.
    await db.query(`
      CREATE FUNCTION lead_funnel_note_appointments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${noteLeadsOf('new_rows')};
        ELSIF TG_OP = 'DELETE' THEN
          ${noteLeadsOf('old_rows')};
        ELSE
          WITH touched AS (
            SELECT x.lead_id, x.patient_id
              FROM new_rows n JOIN old_rows o ON o.id = n.id,
                   LATERAL (VALUES (n.lead_id, n.patient_id), (o.lead_id, o.patient_id)) x(lead_id, patient_id)
             WHERE ${changed(APPOINTMENT_COLUMNS)}
          )
          ${noteLeadsOf('touched')};
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER lead_funnel_appointments_insert AFTER INSERT ON appointments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_funnel_note_appointments()`,
    );
    await db.query(
      `CREATE TRIGGER lead_funnel_appointments_update AFTER UPDATE ON appointments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_funnel_note_appointments()`,
    );
    await db.query(
      `CREATE TRIGGER lead_funnel_appointments_delete AFTER DELETE ON appointments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_funnel_note_appointments()`,
    );

    // A branch's new time zone moves its leads to other local days: rebuild the whole branch.
    await db.query(`
      CREATE FUNCTION lead_funnel_note_branch_zone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO lead_funnel_changes (branch_key, hour_at) VALUES (NEW.id, NULL);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER lead_funnel_branch_zone AFTER UPDATE OF timezone ON branches
        FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone) EXECUTE FUNCTION lead_funnel_note_branch_zone()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER lead_funnel_branch_zone ON branches`);
    for (const op of ['insert', 'update', 'delete']) {
      await db.query(`DROP TRIGGER lead_funnel_appointments_${op} ON appointments`);
      await db.query(`DROP TRIGGER lead_funnel_leads_${op} ON leads`);
    }
    await db.query(`DROP FUNCTION lead_funnel_note_branch_zone(), lead_funnel_note_appointments(), lead_funnel_note_leads()`);
    await db.query(`DROP TABLE lead_funnel_rollup_state, lead_funnel_changes, lead_funnel_rollup`);
  }
}
