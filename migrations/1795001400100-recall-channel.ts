import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = ['website', 'vk', 'telegram', 'whatsapp', 'instagram', 'phone', 'walk_in', 'referral', 'seo', 'context_ads', 'tv', 'radio', 'outdoor', 'other'];
const AFTER = [...BEFORE, 'recall'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');
const TABLES = ['leads', 'appointments', 'marketing_spend', 'intake_sources'];

/** A new channel, `recall`: patients due back for a check-up are worked like new inquiries and show in the funnel. */
export class RecallChannel1795001400100 implements MigrationInterface {
  name = 'RecallChannel1795001400100';

  async up(db: QueryRunner): Promise<void> {
    for (const table of TABLES) await this.setChannels(db, table, AFTER);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TABLES) await this.setChannels(db, table, BEFORE);
  }

  private async setChannels(db: QueryRunner, table: string, channels: string[]): Promise<void> {
    // The constraints were created unnamed in the table definitions: PostgreSQL named them <table>_channel_check.
    await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_channel_check`);
    await db.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_channel_check CHECK (channel IN (${list(channels)}))`);
  }
}
