import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The queues of the periodic refreshes of the operator activity rollup and the patients' visit facts. */
const PERIODIC_JOBS = ['analytics.operator_activity_rollup', 'analytics.patient_visit_facts'];

export class RollupQueues1795002500000 implements MigrationInterface {
  name = 'RollupQueues1795002500000';

  async up(db: QueryRunner): Promise<void> {
    for (const job of PERIODIC_JOBS) await db.query(`SELECT pgboss.create_queue($1, '{"policy":"stately"}')`, [job]);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const job of PERIODIC_JOBS) await db.query(`SELECT pgboss.delete_queue($1)`, [job]);
  }
}
