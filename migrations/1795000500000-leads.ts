import type { MigrationInterface, QueryRunner } from 'typeorm';

const CHANNELS = [
  'website',
  'vk',
  'telegram',
  'whatsapp',
  'instagram',
  'phone',
  'walk_in',
  'referral',
  'seo',
  'context_ads',
  'tv',
  'radio',
  'outdoor',
  'other',
];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export class Leads1795000500000 implements MigrationInterface {
  name = 'Leads1795000500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES staff_users (id)
      )`);

    await db.query(`
      CREATE TABLE intake_sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('web_form', 'tilda', 'vk', 'telegram', 'telephony', 'manual')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        channel text NOT NULL CHECK (channel IN (${list(CHANNELS)})),
        branch_id uuid REFERENCES branches (id),
        -- The intake key / signing secret: shown to the admin once; kept to verify HMAC signatures.
        secret text NOT NULL,
        secret_hash bytea NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT intake_sources_name_key UNIQUE (name),
        CONSTRAINT intake_sources_secret_hash_key UNIQUE (secret_hash)
      )`);

    await db.query(`ALTER TABLE patients ADD COLUMN merged_into_id uuid REFERENCES patients (id)`);
    await db.query(`ALTER TABLE patients ADD CONSTRAINT patients_not_merged_into_self CHECK (merged_into_id <> id)`);

    await db.query(`
      CREATE TABLE leads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients (id),
        source_id uuid REFERENCES intake_sources (id),
        branch_id uuid REFERENCES branches (id),
        channel text NOT NULL CHECK (channel IN (${list(CHANNELS)})),
        utm_source text CHECK (length(utm_source) <= 200),
        utm_medium text CHECK (length(utm_medium) <= 200),
        utm_campaign text CHECK (length(utm_campaign) <= 200),
        utm_content text CHECK (length(utm_content) <= 200),
        utm_term text CHECK (length(utm_term) <= 200),
        referrer text CHECK (length(referrer) <= 2000),
        landing_url text CHECK (length(landing_url) <= 2000),
        message text CHECK (length(message) <= 10000),
        messenger_user_id text CHECK (length(messenger_user_id) <= 64),
        messenger_username text CHECK (length(messenger_username) <= 64),
        requested_service_id uuid,
        requested_doctor_id uuid,
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'assigned', 'in_progress', 'booked', 'lost', 'junk')),
        assigned_operator_id uuid REFERENCES staff_users (id),
        claimed_at timestamptz,
        first_contact_at timestamptz,
        sla_due_at timestamptz NOT NULL,
        sla_breached boolean NOT NULL DEFAULT false,
        lost_reason text CHECK (length(lost_reason) <= 500),
        notes text CHECK (length(notes) <= 5000),
        consent_status text NOT NULL CHECK (consent_status IN ('given', 'pending')),
        returning_patient boolean NOT NULL DEFAULT false,
        external_id text CHECK (length(external_id) <= 200),
        created_by uuid REFERENCES staff_users (id),
        last_message_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT leads_source_external_id_key UNIQUE (source_id, external_id),
        CONSTRAINT leads_lost_needs_reason CHECK (status <> 'lost' OR lost_reason IS NOT NULL),
        CONSTRAINT leads_owner_matches_status CHECK ((status IN ('assigned', 'in_progress')) <= (assigned_operator_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX leads_created_idx ON leads (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX leads_status_created_idx ON leads (status, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX leads_channel_created_idx ON leads (channel, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX leads_operator_status_idx ON leads (assigned_operator_id, status) WHERE assigned_operator_id IS NOT NULL`);
    await db.query(`CREATE INDEX leads_patient_idx ON leads (patient_id)`);
    await db.query(`CREATE INDEX leads_sla_watch_idx ON leads (sla_due_at) WHERE first_contact_at IS NULL AND NOT sla_breached`);
    await db.query(`CREATE INDEX leads_messenger_open_idx ON leads (source_id, messenger_user_id, last_message_at) WHERE messenger_user_id IS NOT NULL`);

    // Each provider delivery (form submission, VK event, Telegram update) is taken once per source.
    await db.query(`
      CREATE TABLE intake_deliveries (
        source_id uuid NOT NULL REFERENCES intake_sources (id),
        delivery_id text NOT NULL CHECK (length(delivery_id) <= 300),
        lead_id uuid REFERENCES leads (id),
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_id, delivery_id)
      )`);

    // Same phone, different name: a suggestion for a manager, never an automatic merge (families share phones).
    await db.query(`
      CREATE TABLE patient_duplicates (
        patient_id uuid NOT NULL REFERENCES patients (id),
        candidate_id uuid NOT NULL REFERENCES patients (id),
        reason text NOT NULL CHECK (reason IN ('same_phone', 'same_email')),
        created_at timestamptz NOT NULL DEFAULT now(),
        dismissed_at timestamptz,
        PRIMARY KEY (patient_id, candidate_id),
        CHECK (patient_id <> candidate_id)
      )`);
    await db.query(`CREATE INDEX patient_duplicates_candidate_idx ON patient_duplicates (candidate_id)`);

    await db.query(`
      CREATE TABLE patient_merges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kept_patient_id uuid NOT NULL REFERENCES patients (id),
        merged_patient_id uuid NOT NULL REFERENCES patients (id),
        merged_by uuid NOT NULL REFERENCES staff_users (id),
        moved jsonb NOT NULL,
        merged_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Tables created before leads existed point at them now.
    await db.query(`ALTER TABLE appointments ADD CONSTRAINT appointments_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES leads (id)`);
    await db.query(`ALTER TABLE consents ADD CONSTRAINT consents_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES leads (id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE appointments DROP CONSTRAINT appointments_lead_id_fkey`);
    await db.query(`ALTER TABLE consents DROP CONSTRAINT consents_lead_id_fkey`);
    await db.query(`DROP TABLE patient_merges, patient_duplicates, intake_deliveries, leads, intake_sources, settings`);
    await db.query(`ALTER TABLE patients DROP COLUMN merged_into_id`);
  }
}
