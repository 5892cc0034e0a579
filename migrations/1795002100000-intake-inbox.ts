import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The intake inbox: a web-form submission is accepted with one row here (what the person sent, the evidence of their
 * consent, the lead id and the withdrawal token's hash it was answered with) and a worker turns waiting rows into
 * patients, leads, consents, audit rows and real-time events in batches. The per-source delivery id is taken when
 * the submission is accepted, so it names a lead that may still be waiting here: its foreign key to leads goes.
 */
export class IntakeInbox1795002100000 implements MigrationInterface {
  name = 'IntakeInbox1795002100000';

  async up(db: QueryRunner): Promise<void> {
    // Rows live for milliseconds: vacuum after every thousand of them, not after a fifth of a table that is nearly empty.
    await db.query(`
      CREATE TABLE intake_inbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        lead_id uuid NOT NULL,
        source_id uuid NOT NULL REFERENCES intake_sources (id),
        channel text NOT NULL,
        branch_id uuid REFERENCES branches (id),
        external_id text CHECK (length(external_id) <= 200),
        accepted_by text NOT NULL CHECK (length(accepted_by) <= 200),
        accepted_at timestamptz(3) NOT NULL DEFAULT now(),
        inquiry jsonb NOT NULL CHECK (jsonb_typeof(inquiry) = 'object'),
        request jsonb NOT NULL CHECK (jsonb_typeof(request) = 'object'),
        consent_document_id uuid NOT NULL REFERENCES consent_documents (id),
        marketing_document_id uuid REFERENCES consent_documents (id),
        withdrawal_token_hash bytea NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        failed_at timestamptz,
        failure text CHECK (length(failure) <= 500),
        CONSTRAINT intake_inbox_lead_id_key UNIQUE (lead_id),
        CONSTRAINT intake_inbox_source_external_id_key UNIQUE (source_id, external_id)
      ) WITH (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0)`);
    await db.query(`CREATE INDEX intake_inbox_waiting_idx ON intake_inbox (accepted_by, id) WHERE failed_at IS NULL`);
    await db.query(`ALTER TABLE intake_deliveries DROP CONSTRAINT intake_deliveries_lead_id_fkey`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM intake_deliveries d WHERE lead_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = d.lead_id)`);
    await db.query(`ALTER TABLE intake_deliveries ADD CONSTRAINT intake_deliveries_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES leads (id)`);
    await db.query(`DROP TABLE intake_inbox`);
  }
}
