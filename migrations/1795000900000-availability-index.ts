import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AvailabilityIndex1795000900000 implements MigrationInterface {
  name = 'AvailabilityIndex1795000900000';

  async up(db: QueryRunner): Promise<void> {
    // Time held in doctors' schedules, read by every availability request: the active appointments' bounds from
    // the index alone.
    await db.query(`
      CREATE INDEX appointments_doctor_busy_idx ON appointments (doctor_id, starts_at) INCLUDE (ends_at)
        WHERE status NOT IN ('cancelled', 'no_show')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX appointments_doctor_busy_idx`);
  }
}
