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

export class Analytics1795000700000 implements MigrationInterface {
  name = 'Analytics1795000700000';

  async up(db: QueryRunner): Promise<void> {
    // Money spent on a channel (optionally one campaign, optionally for one branch) over local dates, both
    // ends included; reports prorate it by the days it shares with their period.
    await db.query(`
      CREATE TABLE marketing_spend (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel text NOT NULL CHECK (channel IN (${list(CHANNELS)})),
        campaign text CHECK (length(campaign) BETWEEN 1 AND 200),
        branch_id uuid REFERENCES branches (id),
        period_start date NOT NULL,
        period_end date NOT NULL,
        amount numeric(14, 2) NOT NULL CHECK (amount >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        created_by uuid REFERENCES staff_users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT marketing_spend_period_check CHECK (period_end >= period_start AND period_end - period_start <= 3660)
      )`);
    await db.query(`CREATE INDEX marketing_spend_period_idx ON marketing_spend (period_start, period_end)`);
    await db.query(`CREATE INDEX marketing_spend_created_idx ON marketing_spend (created_at DESC, id DESC)`);

    // Funnel cohorts: leads of a period read from the index alone (after vacuum), without the wide lead rows.
    await db.query(`
      CREATE INDEX leads_funnel_idx ON leads (created_at)
        INCLUDE (id, channel, branch_id, source_id, assigned_operator_id, patient_id, first_contact_at, sla_due_at, utm_campaign)`);
    // Per-lead outcomes: appointments from leads in lead order, so they aggregate without a sort.
    await db.query(`
      CREATE INDEX appointments_lead_outcome_idx ON appointments (lead_id)
        INCLUDE (starts_at, status, price, doctor_id) WHERE lead_id IS NOT NULL`);
    // Repeat visits: a patient's completed visits in time order.
    await db.query(`CREATE INDEX appointments_patient_completed_idx ON appointments (patient_id, starts_at) INCLUDE (branch_id) WHERE status = 'completed'`);
    // Doctor scorecards: visits of a period.
    await db.query(`CREATE INDEX appointments_starts_idx ON appointments (starts_at) INCLUDE (doctor_id, branch_id, status, price, patient_id)`);
    // Operator scorecards: bookings made by staff in a period.
    await db.query(
      `CREATE INDEX appointments_booked_idx ON appointments (created_at) INCLUDE (booked_by, branch_id, status, patient_id, starts_at) WHERE booked_by IS NOT NULL`,
    );
    // The patient's first lead (channel of first contact) for repeat-visit cohorts.
    await db.query(`CREATE INDEX leads_patient_first_idx ON leads (patient_id, created_at) INCLUDE (channel)`);
    // Calls per operator in a period.
    await db.query(`CREATE INDEX calls_started_operator_idx ON calls (started_at) INCLUDE (operator_id, lead_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX calls_started_operator_idx, leads_patient_first_idx, appointments_booked_idx, appointments_starts_idx,
      appointments_patient_completed_idx, appointments_lead_outcome_idx, leads_funnel_idx`);
    await db.query(`DROP TABLE marketing_spend`);
  }
}
