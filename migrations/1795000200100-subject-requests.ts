import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Weekdays that are days off in Russia in 2026 (Government decree on the 2026 transfers): 247 working days. */
const RU_2026_DAYS_OFF: Array<[string, string]> = [
  ['2026-01-01', 'New Year holidays'],
  ['2026-01-02', 'New Year holidays'],
  ['2026-01-05', 'New Year holidays'],
  ['2026-01-06', 'New Year holidays'],
  ['2026-01-07', 'Christmas'],
  ['2026-01-08', 'New Year holidays'],
  ['2026-01-09', 'New Year holidays (moved from Saturday 3 January)'],
  ['2026-02-23', 'Defender of the Fatherland Day'],
  ['2026-03-09', 'International Women’s Day (moved from Sunday 8 March)'],
  ['2026-05-01', 'Spring and Labour Day'],
  ['2026-05-11', 'Victory Day (moved from Saturday 9 May)'],
  ['2026-06-12', 'Russia Day'],
  ['2026-11-04', 'Unity Day'],
  ['2026-12-31', 'New Year’s Eve (moved from Sunday 4 January)'],
];

export class SubjectRequests1795000200100 implements MigrationInterface {
  name = 'SubjectRequests1795000200100';

  async up(db: QueryRunner): Promise<void> {
    // The working-day calendar: weekends are days off unless listed here as working (a transferred workday);
    // listed weekdays are days off. Admins maintain it; the 2026 Russian calendar is seeded below.
    await db.query(`
      CREATE TABLE non_working_days (
        day date PRIMARY KEY,
        working boolean NOT NULL DEFAULT false,
        label text NOT NULL DEFAULT '' CHECK (length(label) <= 200),
        CONSTRAINT non_working_days_meaningful CHECK (working = (extract(isodow FROM day) IN (6, 7)))
      )`);
    for (const [day, label] of RU_2026_DAYS_OFF) {
      await db.query(`INSERT INTO non_working_days (day, working, label) VALUES ($1, false, $2)`, [day, label]);
    }

    await db.query(`
      CREATE TABLE subject_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients (id),
        type text NOT NULL CHECK (type IN ('access', 'rectification', 'restriction', 'erasure', 'withdrawal')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'refused')),
        received_at timestamptz(3) NOT NULL,
        due_at date NOT NULL,
        extended_until date,
        extension_reason text CHECK (length(extension_reason) BETWEEN 3 AND 2000),
        completed_at timestamptz(3),
        completed_by uuid REFERENCES staff_users (id),
        note text CHECK (length(note) <= 2000),
        created_by uuid REFERENCES staff_users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT subject_requests_extension_reasoned CHECK ((extended_until IS NULL) = (extension_reason IS NULL)),
        CONSTRAINT subject_requests_extension_later CHECK (extended_until IS NULL OR extended_until > due_at),
        CONSTRAINT subject_requests_completion CHECK ((status = 'open') = (completed_at IS NULL))
      )`);
    await db.query(`CREATE INDEX subject_requests_due_idx ON subject_requests ((coalesce(extended_until, due_at)), id)`);
    await db.query(`CREATE INDEX subject_requests_patient_idx ON subject_requests (patient_id)`);
    await db.query(`ALTER TABLE destruction_log ADD CONSTRAINT destruction_log_subject_request_fkey
      FOREIGN KEY (subject_request_id) REFERENCES subject_requests (id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE destruction_log DROP CONSTRAINT destruction_log_subject_request_fkey`);
    await db.query(`DROP TABLE subject_requests, non_working_days`);
  }
}
