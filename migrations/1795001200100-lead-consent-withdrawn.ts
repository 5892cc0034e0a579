import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A lead whose person withdrew consent to personal-data processing says so, instead of still reading "given". */
export class LeadConsentWithdrawn1795001200100 implements MigrationInterface {
  name = 'LeadConsentWithdrawn1795001200100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE leads DROP CONSTRAINT leads_consent_status_check`);
    await db.query(`ALTER TABLE leads ADD CONSTRAINT leads_consent_status_check CHECK (consent_status IN ('given', 'pending', 'withdrawn'))`);
    // Leads of people whose personal-data consent was withdrawn before this version.
    await db.query(`
      UPDATE leads l SET consent_status = 'withdrawn'
       WHERE EXISTS (SELECT 1 FROM consents c JOIN consent_events e ON e.consent_id = c.id AND e.type = 'withdrawn'
                      WHERE c.patient_id = l.patient_id AND c.document_kind = 'personal_data')
         AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.patient_id = l.patient_id AND c.document_kind = 'personal_data'
                          AND NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.consent_id = c.id AND e.type = 'withdrawn'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE leads SET consent_status = 'pending' WHERE consent_status = 'withdrawn'`);
    await db.query(`ALTER TABLE leads DROP CONSTRAINT leads_consent_status_check`);
    await db.query(`ALTER TABLE leads ADD CONSTRAINT leads_consent_status_check CHECK (consent_status IN ('given', 'pending'))`);
  }
}
