import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * lock_patient_phones(): what matching an inquiry to a patient needs, in one statement instead of two. It takes the
 * numbers' matching locks in one fixed order (so batches with overlapping numbers wait for each other instead of
 * deadlocking), then reads their living patients. A VOLATILE function reads with a fresh snapshot in each statement,
 * so the read sees a patient that the transaction which held a lock created; a single statement could not.
 */
export class LockPhones1795002800000 implements MigrationInterface {
  name = 'LockPhones1795002800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION lock_patient_phones(phones text[])
      RETURNS TABLE (id uuid, name text, restricted boolean, phone text)
      LANGUAGE sql VOLATILE
      AS $$
        SELECT pg_advisory_xact_lock(hashtext('patient-phone'), keys.k)
          FROM (SELECT DISTINCT hashtext(n) AS k FROM unnest(phones) AS n ORDER BY 1 OFFSET 0) keys;
        SELECT p.id, concat_ws(' ', p.last_name, p.first_name, p.middle_name), p.restricted_at IS NOT NULL, p.phone
          FROM patients p
         WHERE p.phone = ANY(phones) AND p.anonymized_at IS NULL AND p.merged_into_id IS NULL
         ORDER BY p.created_at, p.id;
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION lock_patient_phones(text[])`);
  }
}
