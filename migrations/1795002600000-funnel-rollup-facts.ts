import type { MigrationInterface, QueryRunner } from 'typeorm';

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
const changed = (columns: string[]) => `(${columns.map((c) => `n.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `o.${c}`).join(', ')})`;

/** Notes the leads that appointments `rows` (lead_id, patient_id) belong to, or share a patient with (repeat visits). */
const touchLeadsOf = (rows: string) => `INSERT INTO lead_funnel_touched (lead_id)
            SELECT l.id FROM leads l WHERE l.id IN (SELECT lead_id FROM ${rows}) OR l.patient_id IN (SELECT patient_id FROM ${rows})`;

/**
 * The funnel rollup keeps each lead's own figures (`lead_funnel_facts`: its day, hour, grouping keys, contact time,
 * stages and revenue), and the triggers note the leads a change touches (`lead_funnel_touched`) instead of the hours
 * they arrived in. A refresh recomputes the touched leads' facts and moves the rows by the difference: its work is in
 * proportion to the leads changed, not to the leads of their days (a busy day's every claim and call no longer
 * recomputes the whole day). The rollup is rebuilt on the next refresh.
 */
export class FunnelRollupFacts1795002600000 implements MigrationInterface {
  name = 'FunnelRollupFacts1795002600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE lead_funnel_facts (
        lead_id uuid PRIMARY KEY,
        branch_key uuid NOT NULL,
        day date NOT NULL,
        hour text NOT NULL,
        channel text NOT NULL,
        campaign text,
        source text,
        operator text,
        doctor text,
        contact_sec float8,
        bucket int,
        within_sla boolean NOT NULL,
        booked boolean NOT NULL,
        visited boolean NOT NULL,
        repeat boolean NOT NULL,
        revenue numeric(16, 2) NOT NULL
      )`);
    await db.query(`CREATE INDEX lead_funnel_facts_day_idx ON lead_funnel_facts (branch_key, day, bucket)`);
    await db.query(`CREATE TABLE lead_funnel_touched (lead_id uuid NOT NULL)`);
    await db.query(`
      CREATE OR REPLACE FUNCTION lead_funnel_note_leads() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO lead_funnel_touched (lead_id) SELECT n.id FROM new_rows n;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO lead_funnel_touched (lead_id) SELECT o.id FROM old_rows o;
        ELSE
          INSERT INTO lead_funnel_touched (lead_id) SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ${changed(LEAD_COLUMNS)};
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE OR REPLACE FUNCTION lead_funnel_note_appointments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${touchLeadsOf('new_rows')};
        ELSIF TG_OP = 'DELETE' THEN
          ${touchLeadsOf('old_rows')};
        ELSE
          WITH touched AS (
            SELECT x.lead_id, x.patient_id
              FROM new_rows n JOIN old_rows o ON o.id = n.id,
                   LATERAL (VALUES (n.lead_id, n.patient_id), (o.lead_id, o.patient_id)) x(lead_id, patient_id)
             WHERE ${changed(APPOINTMENT_COLUMNS)}
          )
          ${touchLeadsOf('touched')};
        END IF;
        RETURN NULL;
      END $$`);
    // New leads were noted by id in lead_funnel_added (1795002400000); they are in lead_funnel_touched now, and the
    // rebuild below covers any noted there before this ran.
    await db.query(`DROP TABLE lead_funnel_added`);
    // Branch time zones are still noted per branch there (hour_at NULL); hours are not noted any more.
    await db.query(`DELETE FROM lead_funnel_changes WHERE hour_at IS NOT NULL`);
    await db.query(`UPDATE lead_funnel_rollup_state SET built_at = NULL`);
  }

  /** Back to the notes of 1795002400000: new leads by id in lead_funnel_added, changes by hour. */
  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE lead_funnel_added (lead_id uuid NOT NULL)`);
    const noteLeadsOf = (rows: string) => `INSERT INTO lead_funnel_changes (branch_key, hour_at)
            SELECT DISTINCT COALESCE(l.branch_id, ${NO_BRANCH}), date_trunc('hour', l.created_at)
              FROM leads l WHERE l.id IN (SELECT lead_id FROM ${rows}) OR l.patient_id IN (SELECT patient_id FROM ${rows})`;
    await db.query(`
      CREATE OR REPLACE FUNCTION lead_funnel_note_leads() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO lead_funnel_added (lead_id) SELECT n.id FROM new_rows n;
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
    await db.query(`
      CREATE OR REPLACE FUNCTION lead_funnel_note_appointments() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await db.query(`DROP TABLE lead_funnel_touched, lead_funnel_facts`);
    await db.query(`UPDATE lead_funnel_rollup_state SET built_at = NULL`);
  }
}
