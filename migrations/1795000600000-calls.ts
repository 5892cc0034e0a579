import type { MigrationInterface, QueryRunner } from 'typeorm';

const OUTCOMES = ['booked', 'callback_requested', 'no_answer', 'busy', 'declined', 'wrong_number', 'consultation_only', 'duplicate'];
const TELEPHONY_EVENTS = ['call_started', 'call_answered', 'call_ended'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export class Calls1795000600000 implements MigrationInterface {
  name = 'Calls1795000600000';

  async up(db: QueryRunner): Promise<void> {
    // Calls entered by operators and calls reported by a PBX (source_id + external_call_id). phone is the other
    // party's number (E.164), NULL for a hidden caller id or after erasure.
    await db.query(`
      CREATE TABLE calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lead_id uuid REFERENCES leads (id),
        patient_id uuid REFERENCES patients (id),
        operator_id uuid REFERENCES staff_users (id),
        source_id uuid REFERENCES intake_sources (id),
        external_call_id text CHECK (length(external_call_id) BETWEEN 1 AND 200),
        direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        phone text CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        extension text CHECK (length(extension) <= 32),
        started_at timestamptz(3) NOT NULL,
        answered_at timestamptz(3),
        ended_at timestamptz(3),
        duration_sec integer CHECK (duration_sec BETWEEN 0 AND 86400),
        outcome text CHECK (outcome IN (${list(OUTCOMES)})),
        note text CHECK (length(note) <= 5000),
        recording_url text CHECK (length(recording_url) <= 2000),
        created_by uuid REFERENCES staff_users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT calls_source_external_id_key UNIQUE (source_id, external_call_id),
        CONSTRAINT calls_external_id_has_source CHECK (external_call_id IS NULL OR source_id IS NOT NULL),
        CONSTRAINT calls_answered_after_start CHECK (answered_at IS NULL OR answered_at >= started_at),
        CONSTRAINT calls_ended_after_start CHECK (ended_at IS NULL OR ended_at >= coalesce(answered_at, started_at))
      )`);
    await db.query(`CREATE INDEX calls_started_idx ON calls (started_at DESC, id DESC)`);
    await db.query(`CREATE INDEX calls_operator_started_idx ON calls (operator_id, started_at DESC, id DESC) WHERE operator_id IS NOT NULL`);
    await db.query(`CREATE INDEX calls_lead_idx ON calls (lead_id, started_at DESC) WHERE lead_id IS NOT NULL`);
    await db.query(`CREATE INDEX calls_patient_idx ON calls (patient_id, started_at DESC) WHERE patient_id IS NOT NULL`);

    // patient_id is the lead's patient, kept here so export, erasure and merges reach callbacks directly.
    await db.query(`
      CREATE TABLE callbacks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lead_id uuid NOT NULL REFERENCES leads (id),
        patient_id uuid NOT NULL REFERENCES patients (id),
        operator_id uuid NOT NULL REFERENCES staff_users (id),
        call_id uuid REFERENCES calls (id),
        due_at timestamptz(3) NOT NULL,
        done_at timestamptz,
        notified_at timestamptz,
        note text CHECK (length(note) <= 1000),
        created_by uuid NOT NULL REFERENCES staff_users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // What the due-callbacks job scans: open callbacks nobody was told about yet.
    await db.query(`CREATE INDEX callbacks_pending_idx ON callbacks (due_at) WHERE done_at IS NULL AND notified_at IS NULL`);
    await db.query(`CREATE INDEX callbacks_open_idx ON callbacks (due_at, id) WHERE done_at IS NULL`);
    await db.query(`CREATE INDEX callbacks_operator_due_idx ON callbacks (operator_id, due_at, id)`);
    await db.query(`CREATE INDEX callbacks_lead_idx ON callbacks (lead_id)`);
    await db.query(`CREATE INDEX callbacks_patient_idx ON callbacks (patient_id)`);

    // Each PBX event is taken once per (source, call, type): retries and duplicates change nothing.
    await db.query(`
      CREATE TABLE telephony_events (
        source_id uuid NOT NULL REFERENCES intake_sources (id),
        external_call_id text NOT NULL CHECK (length(external_call_id) BETWEEN 1 AND 200),
        type text NOT NULL CHECK (type IN (${list(TELEPHONY_EVENTS)})),
        call_id uuid REFERENCES calls (id),
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_id, external_call_id, type)
      )`);

    // Verbal consent names the call it was given in. NOT VALID: consents are append-only, and rows written before
    // calls existed cannot be corrected; every new row is checked.
    await db.query(`ALTER TABLE consents ADD CONSTRAINT consents_call_id_fkey FOREIGN KEY (call_id) REFERENCES calls (id) NOT VALID`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE consents DROP CONSTRAINT consents_call_id_fkey`);
    await db.query(`DROP TABLE telephony_events, callbacks, calls`);
  }
}
