import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Consents1795000200000 implements MigrationInterface {
  name = 'Consents1795000200000';

  async up(db: QueryRunner): Promise<void> {
    // A draft may be incomplete; publishing freezes it and stores the SHA-256 of its exact body.
    await db.query(`
      CREATE TABLE consent_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('personal_data', 'marketing', 'health_data')),
        version text NOT NULL CHECK (version ~ '^[0-9A-Za-z._-]{1,40}$'),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        body text NOT NULL CHECK (length(body) <= 200000),
        operator_name text CHECK (length(operator_name) <= 500),
        operator_address text CHECK (length(operator_address) <= 1000),
        purposes text[] NOT NULL DEFAULT '{}',
        data_categories text[] NOT NULL DEFAULT '{}',
        actions text[] NOT NULL DEFAULT '{}',
        recipients text[] NOT NULL DEFAULT '{}',
        retention text CHECK (length(retention) <= 2000),
        withdrawal_method text CHECK (length(withdrawal_method) <= 2000),
        sha256 text CHECK (sha256 = encode(sha256(convert_to(body, 'UTF8')), 'hex')),
        published_at timestamptz(3),
        created_by uuid REFERENCES staff_users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT consent_documents_kind_version_key UNIQUE (kind, version),
        CONSTRAINT consent_documents_proof_key UNIQUE (id, kind, version, sha256),
        CONSTRAINT consent_documents_published_hashed CHECK ((published_at IS NULL) = (sha256 IS NULL)),
        CONSTRAINT consent_documents_published_complete CHECK (published_at IS NULL OR (
          length(body) > 0 AND coalesce(operator_name, '') <> '' AND coalesce(operator_address, '') <> ''
          AND cardinality(purposes) > 0 AND cardinality(data_categories) > 0 AND cardinality(actions) > 0
          AND coalesce(retention, '') <> '' AND coalesce(withdrawal_method, '') <> ''))
      )`);
    await db.query(`CREATE INDEX consent_documents_current_idx ON consent_documents (kind, published_at DESC) WHERE published_at IS NOT NULL`);
    await db.query(`
      CREATE FUNCTION consent_documents_freeze() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.published_at IS NOT NULL THEN
          RAISE EXCEPTION '% of a published consent document is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      `CREATE TRIGGER consent_documents_freeze BEFORE UPDATE OR DELETE ON consent_documents FOR EACH ROW EXECUTE FUNCTION consent_documents_freeze()`,
    );

    // Append-only records. The one permitted UPDATE is erasure: inside a transaction that declared it
    // (clinicdesk.erasing = on), the listed personal columns may become NULL and nothing else may change.
    await db.query(`
      CREATE FUNCTION refuse_change_except_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND current_setting('clinicdesk.erasing', true) = 'on'
           AND (to_jsonb(OLD) - TG_ARGV - 'anonymized_at') = (to_jsonb(NEW) - TG_ARGV - 'anonymized_at')
           AND NOT EXISTS (SELECT 1 FROM jsonb_each(to_jsonb(NEW)) AS e WHERE e.key = ANY (TG_ARGV) AND e.value <> 'null'::jsonb)
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% on % is not allowed: rows of this table are never changed', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);

    // lead_id and call_id have no foreign keys: those tables belong to modules added later.
    await db.query(`
      CREATE TABLE consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL,
        document_kind text NOT NULL,
        document_version text NOT NULL,
        document_sha256 text NOT NULL,
        patient_id uuid REFERENCES patients (id),
        lead_id uuid,
        channel text NOT NULL CHECK (channel IN ('web_form', 'phone', 'in_person', 'messenger')),
        granted_at timestamptz(3) NOT NULL DEFAULT now(),
        ip inet,
        user_agent text CHECK (length(user_agent) <= 500),
        form_url text CHECK (length(form_url) <= 2000),
        operator_id uuid REFERENCES staff_users (id),
        call_id uuid,
        note text CHECK (length(note) <= 1000),
        withdrawal_token_hash bytea NOT NULL,
        anonymized_at timestamptz,
        CONSTRAINT consents_withdrawal_token_key UNIQUE (withdrawal_token_hash),
        CONSTRAINT consents_subject_present CHECK (patient_id IS NOT NULL OR lead_id IS NOT NULL),
        CONSTRAINT consents_verbal_has_operator CHECK (channel NOT IN ('phone', 'in_person') OR operator_id IS NOT NULL),
        -- Only a published document (it has a hash) can be consented to, and the record keeps its exact version and hash.
        CONSTRAINT consents_document_fkey FOREIGN KEY (document_id, document_kind, document_version, document_sha256)
          REFERENCES consent_documents (id, kind, version, sha256)
      )`);
    await db.query(`CREATE INDEX consents_patient_idx ON consents (patient_id, granted_at) WHERE patient_id IS NOT NULL`);
    await db.query(`CREATE INDEX consents_lead_idx ON consents (lead_id) WHERE lead_id IS NOT NULL`);
    await db.query(`CREATE INDEX consents_document_idx ON consents (document_id)`);
    await db.query(`CREATE TRIGGER consents_append_only BEFORE UPDATE OR DELETE ON consents FOR EACH ROW
      EXECUTE FUNCTION refuse_change_except_erasure('ip', 'user_agent', 'form_url', 'note')`);
    await db.query(`CREATE TRIGGER consents_no_truncate BEFORE TRUNCATE ON consents FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

    // A withdrawal is a new row, never an edit of the consent; at most one per consent.
    await db.query(`
      CREATE TABLE consent_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consent_id uuid NOT NULL REFERENCES consents (id),
        type text NOT NULL CHECK (type IN ('withdrawn')),
        method text NOT NULL CHECK (method IN ('public_link', 'phone', 'letter', 'email', 'in_person', 'messenger')),
        at timestamptz(3) NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES staff_users (id),
        ip inet,
        user_agent text CHECK (length(user_agent) <= 500),
        note text CHECK (length(note) <= 1000),
        anonymized_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX consent_events_one_withdrawal_key ON consent_events (consent_id) WHERE type = 'withdrawn'`);
    await db.query(`CREATE INDEX consent_events_withdrawn_at_idx ON consent_events (at) WHERE type = 'withdrawn'`);
    await db.query(`CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events FOR EACH ROW
      EXECUTE FUNCTION refuse_change_except_erasure('ip', 'user_agent', 'note')`);
    await db.query(`CREATE TRIGGER consent_events_no_truncate BEFORE TRUNCATE ON consent_events FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

    // What was destroyed, when and why; never the values. Kept three years, then removed by the purge job.
    await db.query(`
      CREATE TABLE destruction_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients (id),
        reason text NOT NULL CHECK (reason IN ('subject_request', 'consent_withdrawn', 'retention_expired', 'other')),
        categories text[] NOT NULL,
        tables text[] NOT NULL,
        rows_anonymized integer NOT NULL CHECK (rows_anonymized >= 0),
        subject_request_id uuid,
        performed_by uuid REFERENCES staff_users (id),
        performed_at timestamptz(3) NOT NULL DEFAULT now(),
        keep_until timestamptz NOT NULL DEFAULT now() + interval '3 years'
      )`);
    await db.query(`CREATE INDEX destruction_log_patient_idx ON destruction_log (patient_id)`);
    await db.query(`CREATE INDEX destruction_log_keep_until_idx ON destruction_log (keep_until)`);
    await db.query(`CREATE TRIGGER destruction_log_no_update BEFORE UPDATE ON destruction_log FOR EACH ROW EXECUTE FUNCTION refuse_change()`);

    // Erasure finds the outbox events that mention a person by the patientId in their payload.
    await db.query(`CREATE INDEX events_patient_idx ON events ((payload ->> 'patientId')) WHERE payload ? 'patientId'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX events_patient_idx`);
    await db.query(`DROP TABLE destruction_log, consent_events, consents, consent_documents`);
    await db.query(`DROP FUNCTION refuse_change_except_erasure(), consent_documents_freeze()`);
  }
}
