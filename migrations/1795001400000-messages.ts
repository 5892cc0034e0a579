import type { MigrationInterface, QueryRunner } from 'typeorm';

const PURPOSES = `'reply', 'confirmation', 'reminder', 'feedback', 'recall', 'marketing'`;

/**
 * Talking back to patients:
 * - `messages`: every inbound and outbound message of a person, one thread per person. Outbound rows are also the
 *   delivery queue: written in the business transaction, claimed by the dispatcher with FOR UPDATE SKIP LOCKED and a
 *   lease, retried with backoff, each with its delivery status.
 * - `messaging_settings`: per branch, the clinic's name as patients see it, the language of messages, reminder
 *   offsets and quiet hours (read in the branch's time zone).
 * - `message_templates`: texts per branch (or clinic-wide) and language, per purpose.
 * - `message_opt_outs`: people who asked for no more messages (a STOP word, an unsubscribe link, or staff).
 * - `feedback`: ratings of visits, with the manager's follow-up of low ones.
 * - `recall_rules` and `recalls`: when a service's patients are due back, and the recalls that follow completed visits.
 */
export class Messages1795001400000 implements MigrationInterface {
  name = 'Messages1795001400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE messaging_settings (
        branch_id uuid PRIMARY KEY REFERENCES branches (id),
        clinic_name text CHECK (length(clinic_name) BETWEEN 1 AND 200),
        language text NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'en')),
        confirmations boolean NOT NULL DEFAULT true,
        reminder_offsets_min integer[] NOT NULL DEFAULT '{1440,120}'
          CHECK (cardinality(reminder_offsets_min) <= 5 AND 15 <= ALL (reminder_offsets_min) AND 20160 >= ALL (reminder_offsets_min)),
        quiet_start time NOT NULL DEFAULT '21:00',
        quiet_end time NOT NULL DEFAULT '09:00',
        feedback_delay_min integer NOT NULL DEFAULT 180 CHECK (feedback_delay_min BETWEEN 0 AND 10080),
        feedback_requests boolean NOT NULL DEFAULT true,
        low_rating_max smallint NOT NULL DEFAULT 3 CHECK (low_rating_max BETWEEN 1 AND 5),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES staff_users (id)
      )`);

    await db.query(`
      CREATE TABLE message_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        branch_id uuid REFERENCES branches (id),
        language text NOT NULL CHECK (language IN ('ru', 'en')),
        purpose text NOT NULL CHECK (purpose IN ('confirmation', 'reminder', 'feedback', 'recall')),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES staff_users (id),
        CONSTRAINT message_templates_key UNIQUE NULLS NOT DISTINCT (branch_id, language, purpose)
      )`);

    await db.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        channel text NOT NULL CHECK (channel IN ('telegram', 'vk', 'vk_comment', 'sms', 'email')),
        purpose text CHECK (purpose IN (${PURPOSES})),
        status text NOT NULL CHECK (status IN ('received', 'queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
        patient_id uuid REFERENCES patients (id),
        lead_id uuid REFERENCES leads (id),
        branch_id uuid REFERENCES branches (id),
        appointment_id uuid REFERENCES appointments (id),
        source_id uuid REFERENCES intake_sources (id),
        reply_to_id uuid REFERENCES messages (id),
        -- Which automatic message of an appointment this is ('confirmation', 'reminder:1440', 'feedback', 'recall'): one each.
        schedule_key text CHECK (length(schedule_key) <= 40),
        body text CHECK (length(body) <= 10000),
        -- Where it goes or came from: a phone, an e-mail address, a messenger chat id.
        address text CHECK (length(address) <= 320),
        external_user_id text CHECK (length(external_user_id) <= 64),
        -- The provider's coordinates of a comment (post, photo or topic) a reply must go under.
        external_ref jsonb CHECK (external_ref IS NULL OR jsonb_typeof(external_ref) = 'object'),
        provider_message_id text CHECK (length(provider_message_id) <= 200),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts integer NOT NULL DEFAULT 6 CHECK (max_attempts BETWEEN 1 AND 50),
        next_attempt_at timestamptz,
        expires_at timestamptz,
        locked_by text,
        locked_until timestamptz,
        failure_reason text CHECK (length(failure_reason) <= 300),
        -- What the person answered to it: confirm or cancel (reminders, confirmations), or a rating (feedback).
        answer text CHECK (answer IN ('confirmed', 'cancelled', 'rated')),
        answered_at timestamptz,
        unsubscribe_token_hash bytea UNIQUE,
        created_by uuid REFERENCES staff_users (id),
        sent_at timestamptz,
        delivered_at timestamptz,
        failed_at timestamptz,
        cancelled_at timestamptz,
        anonymized_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT messages_purpose_of_outbound CHECK ((direction = 'out') = (purpose IS NOT NULL)),
        CONSTRAINT messages_status_of_direction CHECK ((direction = 'in') = (status = 'received')),
        CONSTRAINT messages_queued_has_time CHECK (status <> 'queued' OR next_attempt_at IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX messages_due_idx ON messages (next_attempt_at) WHERE status = 'queued'`);
    await db.query(`CREATE INDEX messages_sending_idx ON messages (locked_until) WHERE status = 'sending'`);
    await db.query(`CREATE INDEX messages_patient_idx ON messages (patient_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX messages_lead_idx ON messages (lead_id) WHERE lead_id IS NOT NULL`);
    await db.query(`CREATE INDEX messages_appointment_idx ON messages (appointment_id) WHERE appointment_id IS NOT NULL`);
    await db.query(`CREATE INDEX messages_created_idx ON messages (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX messages_source_user_idx ON messages (source_id, external_user_id, created_at DESC) WHERE external_user_id IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX messages_provider_id_key ON messages (channel, direction, source_id, provider_message_id) NULLS NOT DISTINCT
                      WHERE provider_message_id IS NOT NULL`);
    // A booking gets one confirmation, one reminder per offset, one feedback request, one recall: the database says so.
    await db.query(
      `CREATE UNIQUE INDEX messages_schedule_key ON messages (appointment_id, schedule_key) WHERE schedule_key IS NOT NULL AND status <> 'cancelled'`,
    );

    // A message on a lead is at the lead's branch, and follows it when the lead gets one.
    await db.query(`CREATE TRIGGER messages_branch_of_lead BEFORE INSERT OR UPDATE OF lead_id ON messages FOR EACH ROW EXECUTE FUNCTION branch_of_lead()`);
    await db.query(`
      CREATE FUNCTION lead_branch_follow_messages() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE messages SET branch_id = NEW.branch_id WHERE lead_id = NEW.id AND branch_id IS DISTINCT FROM NEW.branch_id;
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER leads_branch_follow_messages AFTER UPDATE OF branch_id ON leads FOR EACH ROW
                      WHEN (OLD.branch_id IS DISTINCT FROM NEW.branch_id AND NEW.branch_id IS NOT NULL) EXECUTE FUNCTION lead_branch_follow_messages()`);
    await db.query(
      `CREATE TRIGGER messages_patient_branch AFTER INSERT OR UPDATE OF patient_id, branch_id ON messages FOR EACH ROW EXECUTE FUNCTION patient_branches_note()`,
    );

    await db.query(`
      CREATE TABLE message_opt_outs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients (id),
        method text NOT NULL CHECK (method IN ('reply_word', 'unsubscribe_link', 'staff')),
        message_id uuid REFERENCES messages (id),
        actor_id uuid REFERENCES staff_users (id),
        opted_out_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Not unique: merging two people who both opted out keeps both records.
    await db.query(`CREATE INDEX message_opt_outs_patient_idx ON message_opt_outs (patient_id)`);

    await db.query(`
      CREATE TABLE feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        appointment_id uuid NOT NULL REFERENCES appointments (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        doctor_id uuid NOT NULL REFERENCES doctors (id),
        branch_id uuid NOT NULL REFERENCES branches (id),
        request_id uuid REFERENCES messages (id),
        rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
        comment text CHECK (length(comment) <= 2000),
        received_at timestamptz(3) NOT NULL DEFAULT now(),
        follow_up text CHECK (follow_up IN ('open', 'done')),
        follow_up_note text CHECK (length(follow_up_note) <= 2000),
        follow_up_by uuid REFERENCES staff_users (id),
        follow_up_at timestamptz,
        anonymized_at timestamptz,
        CONSTRAINT feedback_appointment_key UNIQUE (appointment_id)
      )`);
    await db.query(`CREATE INDEX feedback_received_idx ON feedback (received_at DESC, id DESC)`);
    await db.query(`CREATE INDEX feedback_doctor_idx ON feedback (doctor_id, received_at)`);
    await db.query(`CREATE INDEX feedback_open_idx ON feedback (branch_id) WHERE follow_up = 'open'`);

    await db.query(`
      CREATE TABLE recall_rules (
        service_id uuid PRIMARY KEY REFERENCES services (id),
        interval_days integer NOT NULL CHECK (interval_days BETWEEN 7 AND 3650),
        follow_up_days integer NOT NULL DEFAULT 7 CHECK (follow_up_days BETWEEN 1 AND 90),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES staff_users (id)
      )`);
    await db.query(`
      CREATE TABLE recalls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        appointment_id uuid NOT NULL UNIQUE REFERENCES appointments (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        service_id uuid NOT NULL REFERENCES services (id),
        branch_id uuid NOT NULL REFERENCES branches (id),
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'messaged', 'lead_created', 'booked', 'answered', 'skipped', 'superseded')),
        skip_reason text CHECK (length(skip_reason) <= 100),
        message_id uuid REFERENCES messages (id),
        lead_id uuid REFERENCES leads (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX recalls_due_idx ON recalls (due_at) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX recalls_patient_idx ON recalls (patient_id, service_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE recalls, recall_rules, feedback, message_opt_outs`);
    await db.query(`DROP TRIGGER leads_branch_follow_messages ON leads`);
    await db.query(`DROP FUNCTION lead_branch_follow_messages()`);
    await db.query(`DROP TABLE messages, message_templates, messaging_settings`);
  }
}
