import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogAndSchedules1795000300000 implements MigrationInterface {
  name = 'CatalogAndSchedules1795000300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE specialties (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT specialties_name_key UNIQUE (name)
      )`);

    await db.query(`
      CREATE TABLE services (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        specialty_id uuid NOT NULL REFERENCES specialties (id),
        duration_min integer NOT NULL CHECK (duration_min BETWEEN 5 AND 720),
        price numeric(12, 2) NOT NULL CHECK (price >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        -- Slot grid for this service in minutes; NULL means the clinic-wide default. Divides the day so midnight is on the grid.
        slot_step_min integer CHECK (slot_step_min BETWEEN 5 AND 240 AND 1440 % slot_step_min = 0),
        description text CHECK (length(description) <= 2000),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT services_specialty_name_key UNIQUE (specialty_id, name)
      )`);

    // Everything here except the active flag is the doctor's public profile (patients choose doctors by it).
    await db.query(`
      CREATE TABLE doctors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        qualification text CHECK (length(qualification) <= 200),
        practicing_since integer CHECK (practicing_since BETWEEN 1940 AND 2100),
        education text CHECK (length(education) <= 2000),
        license_number text CHECK (length(license_number) <= 100),
        bio text CHECK (length(bio) <= 5000),
        photo_url text CHECK (photo_url ~ '^https?://' AND length(photo_url) <= 2000),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX doctors_created_idx ON doctors (created_at, id)`);

    await db.query(`
      CREATE TABLE doctor_specialties (
        doctor_id uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
        specialty_id uuid NOT NULL REFERENCES specialties (id),
        PRIMARY KEY (doctor_id, specialty_id)
      )`);
    await db.query(`CREATE INDEX doctor_specialties_specialty_idx ON doctor_specialties (specialty_id)`);

    await db.query(`
      CREATE TABLE doctor_branches (
        doctor_id uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
        branch_id uuid NOT NULL REFERENCES branches (id),
        PRIMARY KEY (doctor_id, branch_id)
      )`);
    await db.query(`CREATE INDEX doctor_branches_branch_idx ON doctor_branches (branch_id)`);

    // The services a doctor provides; price and duration override the service's own when set.
    await db.query(`
      CREATE TABLE doctor_services (
        doctor_id uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
        service_id uuid NOT NULL REFERENCES services (id),
        price numeric(12, 2) CHECK (price >= 0),
        duration_min integer CHECK (duration_min BETWEEN 5 AND 720),
        PRIMARY KEY (doctor_id, service_id)
      )`);
    await db.query(`CREATE INDEX doctor_services_service_idx ON doctor_services (service_id)`);

    // Weekly hours in the branch's local time (branches.timezone): correct across daylight-saving changes.
    await db.query(`
      CREATE TABLE working_hours (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        doctor_id uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
        branch_id uuid NOT NULL REFERENCES branches (id),
        weekdays smallint[] NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7 AND weekdays <@ '{1,2,3,4,5,6,7}'::smallint[]),
        start_time time NOT NULL,
        end_time time NOT NULL,
        valid_from date,
        valid_to date,
        CONSTRAINT working_hours_times_check CHECK (end_time > start_time),
        CONSTRAINT working_hours_validity_check CHECK (valid_to >= valid_from)
      )`);
    await db.query(`CREATE INDEX working_hours_doctor_idx ON working_hours (doctor_id)`);

    await db.query(`
      CREATE TABLE schedule_exceptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        doctor_id uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('day_off', 'vacation', 'sick_leave', 'extra_hours')),
        date_from date NOT NULL,
        date_to date NOT NULL,
        start_time time,
        end_time time,
        branch_id uuid REFERENCES branches (id),
        reason text CHECK (length(reason) <= 500),
        created_by uuid REFERENCES staff_users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT schedule_exceptions_dates_check CHECK (date_to >= date_from AND date_to - date_from <= 366),
        CONSTRAINT schedule_exceptions_times_check CHECK ((start_time IS NULL) = (end_time IS NULL) AND (end_time IS NULL OR end_time > start_time)),
        CONSTRAINT schedule_exceptions_extra_hours_check CHECK (kind <> 'extra_hours' OR (branch_id IS NOT NULL AND start_time IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX schedule_exceptions_doctor_idx ON schedule_exceptions (doctor_id, date_to)`);

    // lead_id gets its foreign key when the leads table exists.
    await db.query(`
      CREATE TABLE appointments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients (id),
        doctor_id uuid NOT NULL REFERENCES doctors (id),
        service_id uuid NOT NULL REFERENCES services (id),
        branch_id uuid NOT NULL REFERENCES branches (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'confirmed', 'arrived', 'completed', 'cancelled', 'no_show')),
        lead_id uuid,
        booked_by uuid REFERENCES staff_users (id),
        channel text NOT NULL CHECK (channel IN ('website', 'vk', 'telegram', 'whatsapp', 'instagram', 'phone', 'walk_in', 'referral', 'seo', 'context_ads', 'tv', 'radio', 'outdoor', 'other')),
        price numeric(12, 2) NOT NULL CHECK (price >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        cancel_reason text CHECK (length(cancel_reason) <= 500),
        note text CHECK (length(note) <= 2000),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT appointments_time_check CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '12 hours'),
        CONSTRAINT appointments_reason_only_when_cancelled CHECK (status = 'cancelled' OR cancel_reason IS NULL),
        -- The database, not the code, makes double booking impossible, on every path that writes appointments.
        CONSTRAINT appointments_doctor_no_overlap EXCLUDE USING gist (doctor_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
          WHERE (status NOT IN ('cancelled', 'no_show'))
      )`);
    await db.query(`CREATE INDEX appointments_branch_starts_idx ON appointments (branch_id, starts_at)`);
    await db.query(`CREATE INDEX appointments_doctor_starts_idx ON appointments (doctor_id, starts_at)`);
    await db.query(`CREATE INDEX appointments_patient_idx ON appointments (patient_id, starts_at)`);
    await db.query(`CREATE INDEX appointments_lead_idx ON appointments (lead_id) WHERE lead_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP TABLE appointments, schedule_exceptions, working_hours, doctor_services, doctor_branches, doctor_specialties, doctors, services, specialties`,
    );
  }
}
