import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The queues of the messaging jobs: the dispatch and recall runs are periodic, Telegram answers and recall follow-ups queued. */
const PERIODIC_JOBS = ['messages.dispatch', 'messages.recall'];
const QUEUED_JOBS = ['messages.telegram_answer', 'messages.recall_follow_up'];

export class MessageQueues1795001400200 implements MigrationInterface {
  name = 'MessageQueues1795001400200';

  async up(db: QueryRunner): Promise<void> {
    for (const job of PERIODIC_JOBS) await db.query(`SELECT pgboss.create_queue($1, '{"policy":"stately"}')`, [job]);
    for (const job of QUEUED_JOBS) await db.query(`SELECT pgboss.create_queue($1, '{"policy":"standard"}')`, [job]);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const job of [...PERIODIC_JOBS, ...QUEUED_JOBS]) await db.query(`SELECT pgboss.delete_queue($1)`, [job]);
  }
}
