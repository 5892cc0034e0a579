import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The funnel rollup keeps three more dimensions: the local hour of arrival (the SLA report), `total` (one row per
 * branch-day, which day, week, month and branch groupings read instead of every channel's rows) and `no_campaign`
 * (leads without a campaign, by channel: where channel-wide spend belongs). The rollup is rebuilt on the next
 * refresh. Leads contacted after their deadline get an index on the deadline, so a report can subtract those
 * whose deadline is still ahead from the breaches the rollup counts.
 */
export class FunnelRollupDimensions1795002200000 implements MigrationInterface {
  name = 'FunnelRollupDimensions1795002200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE lead_funnel_rollup DROP CONSTRAINT lead_funnel_rollup_dimension_check`);
    await db.query(`DELETE FROM lead_funnel_rollup`);
    await db.query(`ALTER TABLE lead_funnel_rollup ADD CONSTRAINT lead_funnel_rollup_dimension_check
                      CHECK (dimension IN ('channel', 'campaign', 'source', 'operator', 'doctor', 'hour', 'total', 'no_campaign'))`);
    await db.query(`UPDATE lead_funnel_rollup_state SET built_at = NULL`);
    await db.query(`CREATE INDEX leads_contacted_late_idx ON leads (sla_due_at) WHERE first_contact_at > sla_due_at`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX leads_contacted_late_idx`);
    await db.query(`ALTER TABLE lead_funnel_rollup DROP CONSTRAINT lead_funnel_rollup_dimension_check`);
    await db.query(`DELETE FROM lead_funnel_rollup`);
    await db.query(`ALTER TABLE lead_funnel_rollup ADD CONSTRAINT lead_funnel_rollup_dimension_check
                      CHECK (dimension IN ('channel', 'campaign', 'source', 'operator', 'doctor'))`);
    await db.query(`UPDATE lead_funnel_rollup_state SET built_at = NULL`);
  }
}
