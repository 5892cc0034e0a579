import type { MigrationInterface, QueryRunner } from 'typeorm';

const NO_BRANCH = `'00000000-0000-0000-0000-000000000000'::uuid`;
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
const changed = (columns: string[]) => `(${columns.map((c) => `n.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `o.${c}`).join(', ')})`;

/** The lead trigger of the funnel rollup as it was, for going back. */
const noteLeads = (insert: string) => `
  CREATE OR REPLACE FUNCTION lead_funnel_note_leads() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      ${insert};
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
  END $$`;

/**
 * New leads are noted by id rather than by hour: the funnel rollup adds their figures to the rows they belong to
 * (counts add up, and a contact-time bucket's smallest and largest value only widen), instead of recomputing every
 * lead of their days. Updates and deletions are still noted by hour and recomputed.
 */
export class FunnelRollupAddedLeads1795002400000 implements MigrationInterface {
  name = 'FunnelRollupAddedLeads1795002400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE lead_funnel_added (lead_id uuid NOT NULL)`);
    await db.query(noteLeads(`INSERT INTO lead_funnel_added (lead_id) SELECT n.id FROM new_rows n`));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`INSERT INTO lead_funnel_changes (branch_key, hour_at)
                      SELECT DISTINCT COALESCE(l.branch_id, ${NO_BRANCH}), date_trunc('hour', l.created_at) FROM lead_funnel_added a JOIN leads l ON l.id = a.lead_id`);
    await db.query(
      noteLeads(`INSERT INTO lead_funnel_changes (branch_key, hour_at)
        SELECT DISTINCT COALESCE(n.branch_id, ${NO_BRANCH}), date_trunc('hour', n.created_at) FROM new_rows n`),
    );
    await db.query(`DROP TABLE lead_funnel_added`);
  }
}
