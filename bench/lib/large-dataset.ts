// The large analytics data set: about 1M leads, 2M calls and 600k appointments over two years, built in SQL
// with generate_series so it takes minutes. Every "random" choice is a hash of the row number, so two builds
// give the same data. `npm run seed:large` builds it into its own database (DATABASE_URL's server, or an
// embedded PostgreSQL under .data/large-pg) without the app running; the analytics bench builds it into the
// bench database.
import pg from 'pg';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.mjs';
import { ensureDatabase, migrate } from '../../src/database/database.js';

export interface LargeDatasetOptions {
  leads?: number;
  log?: (line: string) => void;
}

export interface LargeDatasetSizes {
  leads: number;
  patients: number;
  appointments: number;
  calls: number;
  callbacks: number;
  marketingSpend: number;
}

/** The two years the data set covers (local dates); reports over `LARGE_YEAR` read half of it. */
export const LARGE_PERIOD = { from: '2024-01-01', to: '2025-12-31' };
export const LARGE_YEAR = { from: '2025-01-01', to: '2025-12-31' };

const DAYS = 731;
const BRANCHES = 3;
const OPERATORS = 40;
const DOCTORS_PER_BRANCH = 20;
const SPECIALTIES = 5;
const CHANNELS = [
  'website',
  'context_ads',
  'seo',
  'vk',
  'telegram',
  'phone',
  'instagram',
  'referral',
  'whatsapp',
  'walk_in',
  'tv',
  'radio',
  'outdoor',
  'other',
];
/** The large data set's branches are named after this (branch 1, 2, 3). */
export const LARGE_MARKER = 'Large data set';
const MARKER = LARGE_MARKER;

/** A deterministic uuid for row `n` of a kind (one hex digit), so rows can refer to each other by number. */
const uuidOf = (kind: string, n: string) => `('${kind}0000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
/** A number in [0, 1) derived from row `n` and a salt. */
const unit = (n: string, salt: number) => `((hashint8extended((${n})::bigint, ${salt}) & 1048575)::float8 / 1048576)`;
const pick = (n: string, salt: number, modulo: number) => `(abs(hashint8extended((${n})::bigint, ${salt})) % ${modulo})`;

export async function largeDatasetSizes(db: pg.Pool): Promise<LargeDatasetSizes & { present: boolean }> {
  const { rows } = await db.query(
    `SELECT
      EXISTS (SELECT 1 FROM branches WHERE name = $1) AS present,
      (SELECT count(*) FROM leads)::int AS leads, (SELECT count(*) FROM patients)::int AS patients,
      (SELECT count(*) FROM appointments)::int AS appointments, (SELECT count(*) FROM calls)::int AS calls,
      (SELECT count(*) FROM callbacks)::int AS callbacks, (SELECT count(*) FROM marketing_spend)::int AS "marketingSpend"`,
    [`${MARKER} 1`],
  );
  return rows[0];
}

/** Builds the data set into a migrated database unless it is already there; returns the table sizes. */
export async function buildLargeDataset(db: pg.Pool, options: LargeDatasetOptions = {}): Promise<LargeDatasetSizes> {
  const log = options.log ?? (() => undefined);
  const existing = await largeDatasetSizes(db);
  if (existing.present) {
    log('large data set already present');
    return existing;
  }
  const leads = options.leads ?? 1_000_000;
  const patients = Math.round(leads * 0.8);
  const client = await db.connect();
  const step = async (name: string, sql: string) => {
    const started = Date.now();
    await client.query(sql);
    log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  try {
    await client.query(`SET synchronous_commit = off`);
    await client.query(`SET max_parallel_workers_per_gather = 2`);
    // Every reference below points at a row built just before it: skip the per-row foreign-key triggers when
    // the role may (a superuser, as with the embedded server); otherwise they run, only slower.
    await client.query(`SET session_replication_role = replica`).catch(() => log('foreign keys are checked row by row (not a superuser)'));
    await step(
      'branches, staff, catalog',
      `
      INSERT INTO branches (id, name, timezone) SELECT ${uuidOf('1', 'b')}, '${MARKER} ' || b, (ARRAY['Europe/Moscow', 'Asia/Yekaterinburg', 'Europe/Samara'])[b]
        FROM generate_series(1, ${BRANCHES}) b;
      INSERT INTO staff_users (id, email, password_hash, full_name, role, capacity)
        SELECT ${uuidOf('2', 'o')}, 'large-operator-' || o || '@bench.clinicdesk.local', 'not-a-login', 'Operator ' || o, 'operator', 10
          FROM generate_series(1, ${OPERATORS}) o;
      INSERT INTO staff_branches (staff_id, branch_id) SELECT ${uuidOf('2', 'o')}, ${uuidOf('1', `(o % ${BRANCHES}) + 1`)} FROM generate_series(1, ${OPERATORS}) o;
      INSERT INTO intake_sources (id, kind, name, channel, secret, secret_hash)
        SELECT ${uuidOf('3', 'c')}, 'manual', '${MARKER} ' || ch, ch, md5('large' || ch), decode(md5('large-source-' || ch), 'hex')
          FROM unnest(ARRAY[${CHANNELS.map((c) => `'${c}'`).join(', ')}]) WITH ORDINALITY AS s(ch, c);
      INSERT INTO specialties (id, name) SELECT ${uuidOf('4', 's')}, '${MARKER} specialty ' || s FROM generate_series(1, ${SPECIALTIES}) s;
      INSERT INTO services (id, name, specialty_id, duration_min, price, currency)
        SELECT ${uuidOf('5', 'v')}, '${MARKER} service ' || v, ${uuidOf('4', `((v - 1) / 2) + 1`)}, 30, 1500 + 500 * (v % 7), 'RUB'
          FROM generate_series(1, ${SPECIALTIES * 2}) v;
      INSERT INTO doctors (id, full_name) SELECT ${uuidOf('6', 'd')}, 'Doctor ' || d FROM generate_series(1, ${BRANCHES * DOCTORS_PER_BRANCH}) d;
      INSERT INTO doctor_branches (doctor_id, branch_id) SELECT ${uuidOf('6', 'd')}, ${uuidOf('1', `(d % ${BRANCHES}) + 1`)} FROM generate_series(1, ${BRANCHES * DOCTORS_PER_BRANCH}) d;
      INSERT INTO doctor_specialties (doctor_id, specialty_id) SELECT ${uuidOf('6', 'd')}, ${uuidOf('4', `(d % ${SPECIALTIES}) + 1`)} FROM generate_series(1, ${BRANCHES * DOCTORS_PER_BRANCH}) d;
      INSERT INTO doctor_services (doctor_id, service_id)
        SELECT ${uuidOf('6', 'd')}, ${uuidOf('5', `(d % ${SPECIALTIES}) * 2 + k`)} FROM generate_series(1, ${BRANCHES * DOCTORS_PER_BRANCH}) d, generate_series(1, 2) k`,
    );

    await step(
      `patients (${patients})`,
      `
      INSERT INTO patients (id, last_name, first_name, phone, created_at)
        SELECT ${uuidOf('a', 'p')}, 'Large', 'Patient ' || p, '+7900' || lpad(p::text, 7, '0'), '2024-01-01'::timestamptz
          FROM generate_series(0, ${patients - 1}) p`,
    );

    // Lead n arrives at an even pace over the two years; its channel, operator, contact delay and fate are hashes of n.
    await step(
      `leads (${leads})`,
      `
      INSERT INTO leads (id, patient_id, source_id, branch_id, channel, utm_source, utm_campaign, status, assigned_operator_id,
                         first_contact_at, sla_due_at, sla_breached, lost_reason, consent_status, last_message_at, created_at, updated_at)
      SELECT ${uuidOf('b', 'n')}, ${uuidOf('a', `n % ${patients}`)}, ${uuidOf('3', 'ch + 1')}, ${uuidOf('1', `(n % ${BRANCHES}) + 1`)},
             (ARRAY[${CHANNELS.map((c) => `'${c}'`).join(', ')}])[ch + 1],
             CASE WHEN ch < 5 THEN 'ads' END,
             CASE WHEN ch < 5 THEN (ARRAY[${CHANNELS.map((c) => `'${c}'`).join(', ')}])[ch + 1] || '-' || ${pick('n', 5, 4)} END,
             CASE WHEN fate < 0.4 THEN 'booked' WHEN fate < 0.9 THEN 'lost' ELSE 'junk' END,
             CASE WHEN ${unit('n', 6)} < 0.95 THEN ${uuidOf('2', `${pick('n', 7, OPERATORS)} + 1`)} END,
             fc, at + interval '5 minutes', fc IS NULL OR fc > at + interval '5 minutes',
             CASE WHEN fate >= 0.4 AND fate < 0.9 THEN 'chose another clinic' END,
             'given', at, at, at
        FROM (SELECT n, floor(${unit('n', 3)} ^ 1.6 * ${CHANNELS.length})::int AS ch, ${unit('n', 4)} AS fate,
                     '2024-01-01 00:00+03'::timestamptz + (n::float8 / ${leads} * ${DAYS}) * interval '1 day' AS at
                FROM generate_series(0, ${leads - 1}) n) g,
             LATERAL (SELECT CASE WHEN ${unit('n', 8)} < 0.9 THEN at + (-ln(1 - ${unit('n', 9)}) * 180) * interval '1 second' END AS fc) f`,
    );

    // Appointment candidates: one per booked lead, a return visit for half of the completed ones, a second return for a quarter.
    await step(
      'appointment candidates',
      `
      CREATE TEMP TABLE large_appt (k bigserial, patient_id uuid, lead_id uuid, booked_by uuid, doctor int, day date, status text, created_at timestamptz, channel text, src bigint);
      INSERT INTO large_appt (patient_id, lead_id, booked_by, doctor, day, status, created_at, channel, src)
        SELECT l.patient_id, l.id, l.assigned_operator_id, (n % ${BRANCHES}) + ${BRANCHES} * ${pick('n', 11, DOCTORS_PER_BRANCH)} + 1,
               (l.created_at AT TIME ZONE 'Europe/Moscow')::date + 1 + ${pick('n', 12, 14)}::int,
               CASE WHEN u < 0.7 THEN 'completed' WHEN u < 0.82 THEN 'no_show' ELSE 'cancelled' END,
               l.created_at + interval '4 minutes', l.channel, n
          FROM (SELECT n, ${unit('n', 13)} AS u FROM generate_series(0, ${leads - 1}) n) g
          JOIN leads l ON l.id = ${uuidOf('b', 'n')}
         WHERE l.status = 'booked';
      INSERT INTO large_appt (patient_id, lead_id, booked_by, doctor, day, status, created_at, channel, src)
        SELECT a.patient_id, NULL, a.booked_by, a.doctor, a.day + r * (7 + ${pick('a.k * 3 + r', 14, 180)})::int,
               CASE WHEN ${unit('a.k * 3 + r', 15)} < 0.9 THEN 'completed' ELSE 'no_show' END,
               a.day::timestamptz, 'other', a.k
          FROM large_appt a, generate_series(1, 2) r
         WHERE a.status = 'completed' AND ${unit('a.k', 16)} < CASE r WHEN 1 THEN 0.5 ELSE 0.25 END`,
    );
    // Slots 08:00-22:00 Moscow, 30 minutes, numbered per doctor and day; beyond the day's 28 slots the visit was cancelled.
    await step(
      'appointments',
      `
      INSERT INTO appointments (patient_id, doctor_id, service_id, branch_id, starts_at, ends_at, status, lead_id, booked_by, channel, price, currency,
                                cancel_reason, status_changed_at, created_at, updated_at)
      SELECT patient_id, ${uuidOf('6', 'doctor')}, ${uuidOf('5', `(doctor % ${SPECIALTIES}) * 2 + 1 + (k % 2)`)}, ${uuidOf('1', `(doctor % ${BRANCHES}) + 1`)},
             starts, starts + interval '30 minutes', st, lead_id, booked_by, channel, 1500 + 500 * ((((doctor % ${SPECIALTIES}) * 2 + 1 + (k % 2))) % 7), 'RUB',
             CASE WHEN st = 'cancelled' THEN 'changed plans' END, starts, created_at, created_at
        FROM (SELECT *, CASE WHEN slot >= 28 THEN 'cancelled' ELSE status END AS st,
                     (day::timestamp + interval '8 hours' + (slot % 28) * interval '30 minutes') AT TIME ZONE 'Europe/Moscow' AS starts
                FROM (SELECT *, row_number() OVER (PARTITION BY doctor, day ORDER BY k) - 1 AS slot FROM large_appt) s) t;
      DROP TABLE large_appt`,
    );

    // Two calls per lead: the first contact (or an unanswered attempt), then a follow-up the next day.
    await step(
      'calls',
      `
      INSERT INTO calls (lead_id, patient_id, operator_id, branch_id, direction, started_at, answered_at, ended_at, duration_sec, outcome, created_at)
      SELECT l.id, l.patient_id, l.assigned_operator_id, l.branch_id, 'outbound', s, CASE WHEN answered THEN s + interval '10 seconds' END,
             s + interval '3 minutes', 180, CASE WHEN NOT answered THEN 'no_answer' WHEN l.status = 'booked' THEN 'booked' ELSE 'declined' END, s
        FROM leads l, LATERAL (SELECT r, COALESCE(l.first_contact_at, l.created_at + interval '10 minutes') + (r - 1) * interval '1 day' AS s,
                                      (r = 1 AND l.first_contact_at IS NOT NULL) OR r = 2 AS answered
                                 FROM generate_series(1, 2) r) c
       WHERE l.id >= ${uuidOf('b', '0')} AND l.id < ${uuidOf('b', `${leads}`)}`,
    );
    await step(
      'callbacks',
      `
      INSERT INTO callbacks (lead_id, patient_id, operator_id, branch_id, due_at, done_at, notified_at, created_by, created_at)
      SELECT ${uuidOf('b', 'n')}, ${uuidOf('a', `n % ${patients}`)}, ${uuidOf('2', `${pick('n', 7, OPERATORS)} + 1`)}, ${uuidOf('1', `(n % ${BRANCHES}) + 1`)}, due,
             CASE WHEN ${unit('n', 21)} < 0.9 THEN due + (${pick('n', 22, 40)} - 10) * interval '1 minute' END, due,
             ${uuidOf('2', `${pick('n', 7, OPERATORS)} + 1`)}, due - interval '1 day'
        FROM (SELECT n, '2024-01-01 00:00+03'::timestamptz + (n::float8 / ${leads} * ${DAYS}) * interval '1 day' + interval '1 day' AS due
                FROM generate_series(0, ${leads - 1}, 10) n) g`,
    );
    // Where each patient was seen, which the access policy reads (its triggers were skipped above).
    await step(
      'patient branches',
      `
      INSERT INTO patient_branches (patient_id, branch_id)
      SELECT patient_id, branch_id FROM leads UNION SELECT patient_id, branch_id FROM appointments ON CONFLICT DO NOTHING`,
    );
    // Monthly budgets per channel, and quarterly campaign budgets that start mid-month (they straddle report boundaries).
    await step(
      'marketing spend',
      `
      INSERT INTO marketing_spend (channel, campaign, period_start, period_end, amount, currency)
      SELECT ch, NULL, m, (m + interval '1 month' - interval '1 day')::date, 20000 + ${pick('c * 100 + i', 31, 200)} * 1000, 'RUB'
        FROM unnest(ARRAY[${CHANNELS.map((c) => `'${c}'`).join(', ')}]) WITH ORDINALITY AS s(ch, c),
             generate_series(0, 23) i, LATERAL (SELECT ('2024-01-01'::date + i * interval '1 month')::date AS m) mm;
      INSERT INTO marketing_spend (channel, campaign, period_start, period_end, amount, currency)
      SELECT ch, ch || '-' || q % 4, ('2024-01-15'::date + q * interval '3 months')::date, ('2024-04-14'::date + q * interval '3 months')::date, 90000, 'RUB'
        FROM unnest(ARRAY['website', 'context_ads', 'seo', 'vk', 'telegram']) ch, generate_series(0, 7) q`,
    );
    // The rows went in around the triggers that note changes for the report rollups: have them rebuilt whole.
    await step('report rollups marked for rebuild', `UPDATE lead_funnel_rollup_state SET built_at = NULL; UPDATE report_rollup_state SET built_at = NULL`);
    await step('vacuum analyze', `VACUUM (ANALYZE) leads, appointments, calls, callbacks, patients, marketing_spend`);
  } finally {
    client.release();
  }
  return largeDatasetSizes(db);
}

/** `npm run seed:large`: a database `clinicdesk_large` on DATABASE_URL's server or on an embedded one. */
async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.resolve('.data/large-pg') });
  try {
    const url = await ensureDatabase(process.env.DATABASE_URL ?? embedded!.url, process.env.LARGE_DATABASE ?? 'clinicdesk_large');
    await migrate(url);
    const db = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const started = Date.now();
      const sizes = await buildLargeDataset(db, { leads: Number(process.env.LARGE_LEADS ?? 1_000_000), log: (l) => process.stderr.write(`${l}\n`) });
      process.stdout.write(`${JSON.stringify({ database: new URL(url).pathname.slice(1), seconds: Math.round((Date.now() - started) / 1000), ...sizes })}\n`);
    } finally {
      await db.end();
    }
  } finally {
    await embedded?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
