import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { PersonalDataRegistry } from '../../src/common/personal-data/personal-data.registry.js';
import { PrivacyService, PURGE_JOB } from '../../src/modules/privacy/privacy.service.js';
import { pastLead, pastVisit } from '../factories/analytics.factory.js';
import { PERSONAL_DATA_SEEDERS } from '../factories/consent-personal-data.factory.js';
import { createPatient, publishedDocument, recordConsent } from '../factories/consent.factory.js';
import { bookableDoctor } from '../factories/schedule.factory.js';
import { type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** Column names that look like personal data wherever they appear. */
const PERSONAL_COLUMN = /(^|_)(phone|email|first_name|last_name|middle_name|full_name|name|message|notes?|comment|text|ip|user_agent|birth_date|address)$/;

/** Not about data subjects: staff and branch records, staff IPs in the audit trail, the migrations table. */
const ALLOWED: Record<string, string[]> = {
  staff_users: ['email', 'full_name'],
  branches: ['name', 'address', 'phone'],
  audit_events: ['ip'],
  schema_migrations: ['name'],
};

describe('personal-data registry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
  });
  afterAll(async () => t.close());

  it('covers every table column that looks personal (register it, or exempt it with a reason)', async () => {
    const { rows } = await t.db.query(
      `SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
       WHERE c.table_schema = 'public' ORDER BY 1, 2`,
    );
    const registry = t.app.get(PersonalDataRegistry);
    const uncovered = rows
      .filter((r: { table: string; column: string }) => PERSONAL_COLUMN.test(r.column))
      .filter((r: { table: string; column: string }) => !ALLOWED[r.table]?.includes(r.column) && !registry.covers(r.table, r.column))
      .map((r: { table: string; column: string }) => `${r.table}.${r.column}`);
    expect(uncovered).toEqual([]);
  });

  it('registers only tables and columns that exist', async () => {
    const registry = t.app.get(PersonalDataRegistry);
    for (const source of registry.all()) {
      const { rows } = await t.db.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`, [source.table]);
      expect({ table: source.table, missing: source.personalColumns.filter((c) => !rows.some((r: { column_name: string }) => r.column_name === c)) }).toEqual({
        table: source.table,
        missing: [],
      });
    }
  });
});

describe('access export, restriction and erasure', () => {
  let t: TestApp;
  let admin: SignedIn;
  let manager: SignedIn;
  let operator: SignedIn;
  let personal: { id: string };
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    manager = await signedIn(t, 'manager');
    operator = await signedIn(t, 'operator');
    personal = await publishedDocument(t, admin, 'personal_data');
    await publishedDocument(t, admin, 'marketing');
  });
  afterAll(async () => t.close());

  /** A person with a row in every registered table, each holding distinctive values; returns them. */
  async function personEverywhere(tag: string) {
    const patient = await createPatient(t, {
      lastName: `Zz${tag}`,
      firstName: `Fn${tag}`,
      email: `${tag}@mail.example`,
      notes: `note-${tag}`,
      birthDate: '1980-02-03',
    });
    const values: Record<string, string[]> = {};
    for (const source of t.app.get(PersonalDataRegistry).all()) {
      const seed = PERSONAL_DATA_SEEDERS[source.table];
      if (!seed) throw new Error(`No seeder for the registered table ${source.table}: add one to test/factories/consent-personal-data.factory.ts`);
      values[source.table] = await seed({ t, patient, manager, personalDocumentId: personal.id, tag });
    }
    return { patient, tag, values };
  }

  it('has a seeder for every registered table, so every registry entry is exercised below', () => {
    const registered = t.app
      .get(PersonalDataRegistry)
      .all()
      .map((s) => s.table);
    expect(registered.filter((table) => !PERSONAL_DATA_SEEDERS[table])).toEqual([]);
    expect(registered).toEqual(expect.arrayContaining(['patients', 'consents', 'consent_events', 'subject_requests', 'events']));
  });

  it('exports everything held about the person, with purposes and retention, the access log, and nothing about anyone else', async () => {
    const { patient, tag, values } = await personEverywhere('exp1a');
    const other = await personEverywhere('exp1b');
    const res = await t.http().get(`/api/v1/patients/${patient.id}/export`).set('Authorization', manager.auth);
    expect(res.status).toBe(200);
    for (const section of res.body.data as { table: string; rows: unknown[] }[]) {
      const text = JSON.stringify(section.rows);
      expect({ table: section.table, missing: (values[section.table] ?? []).filter((v) => !text.includes(v)) }).toEqual({ table: section.table, missing: [] });
    }
    const text = JSON.stringify(res.body);
    for (const value of [`note-${tag}`, '1980-02-03']) expect(text).toContain(value);
    expect(text).not.toContain(other.tag);
    expect(text).not.toContain(other.patient.id);
    const tables = res.body.data.map((s: { table: string }) => s.table);
    expect(tables).toEqual(
      t.app
        .get(PersonalDataRegistry)
        .all()
        .map((s) => s.table),
    );
    for (const section of res.body.data) expect({ table: section.table, rows: section.rows.length > 0 }).toEqual({ table: section.table, rows: true });
    expect(res.body.processing.map((d: { kind: string }) => d.kind).sort()).toEqual(['marketing', 'personal_data']);
    expect(res.body.processing[0]).toEqual(
      expect.objectContaining({ purposes: expect.any(Array), retention: expect.any(String), recipients: expect.any(Array), operatorName: 'Clinic LLC' }),
    );
    expect(res.body.accessLog.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['patient.exported', 'patient.created']));
    // Every read of the person's leads, visits and calls is in it too, with what was read.
    const leadId = res.body.data.find((s: { table: string }) => s.table === 'leads').rows[0].id;
    const readsOf = (log: { action: string; entityId: string }[]) => log.filter((e) => e.action === 'lead.viewed' && e.entityId === leadId);
    for (let i = 0; i < 4; i++) expect((await t.http().get(`/api/v1/leads/${leadId}`).set('Authorization', manager.auth)).status).toBe(200);
    const again = await t.http().get(`/api/v1/patients/${patient.id}/export`).set('Authorization', manager.auth);
    const reads = readsOf(again.body.accessLog);
    expect(reads).toHaveLength(readsOf(res.body.accessLog).length + 4);
    expect(reads[0]).toMatchObject({ entity: 'lead', actorId: manager.id, actorRole: 'manager' });
    const { rows: recorded } = await t.db.query(
      `SELECT DISTINCT entity FROM audit_events WHERE entity_id IN (SELECT id::text FROM appointments WHERE patient_id = $1)`,
      [patient.id],
    );
    for (const { entity } of recorded) expect(again.body.accessLog.map((e: { entity: string }) => e.entity)).toContain(entity);

    const { rows } = await t.db.query(`SELECT actor_id FROM audit_events WHERE action = 'patient.exported' AND entity_id = $1`, [patient.id]);
    expect(rows).toEqual([{ actor_id: manager.id }, { actor_id: manager.id }]);
    expect((await t.http().get(`/api/v1/patients/${patient.id}/export`).set('Authorization', operator.auth)).status).toBe(403);
  });

  it('restricts and lifts restriction with audit events; operators lose sight of a restricted person', async () => {
    const patient = await createPatient(t);
    const restrict = await t.http().post(`/api/v1/patients/${patient.id}/restrict`).set('Authorization', manager.auth).send({ reason: 'accuracy_disputed' });
    expect(restrict.body).toEqual({ patientId: patient.id, restricted: true });
    expect((await t.http().get(`/api/v1/patients/${patient.id}`).set('Authorization', operator.auth)).status).toBe(403);
    expect((await t.http().get(`/api/v1/patients/${patient.id}`).set('Authorization', manager.auth)).body.restricted).toBe(true);
    await t.http().post(`/api/v1/patients/${patient.id}/restrict`).set('Authorization', manager.auth).send({ reason: 'other', lift: true });
    expect((await t.http().get(`/api/v1/patients/${patient.id}`).set('Authorization', operator.auth)).status).toBe(200);
    const { rows } = await t.db.query(`SELECT action, fields FROM audit_events WHERE entity_id = $1 AND action LIKE 'patient.restrict%' ORDER BY id`, [
      patient.id,
    ]);
    expect(rows).toEqual([
      { action: 'patient.restricted', fields: ['accuracy_disputed'] },
      { action: 'patient.restriction_lifted', fields: ['other'] },
    ]);
  });

  it('erases through every registry entry: the export holds no personal value, counts stay, destruction is logged', async () => {
    const { patient, tag, values } = await personEverywhere('era2x');
    await personEverywhere('era2y');
    const aggregates = async () =>
      (
        await t.db.query(`
      SELECT (SELECT count(*) FROM patients)::int AS patients,
             (SELECT json_object_agg(k, n) FROM (SELECT channel || ':' || document_kind AS k, count(*) AS n FROM consents GROUP BY 1) x) AS consents,
             (SELECT json_object_agg(k, n) FROM (SELECT type || ':' || method AS k, count(*) AS n FROM consent_events GROUP BY 1) x) AS withdrawals,
             (SELECT json_object_agg(k, n) FROM (SELECT type || ':' || status AS k, count(*) AS n FROM subject_requests GROUP BY 1) x) AS requests,
             (SELECT json_object_agg(type, n) FROM (SELECT type, count(*) AS n FROM events GROUP BY 1) x) AS events,
             (SELECT count(*) FROM patients WHERE created_at::date = current_date)::int AS created_today`)
      ).rows[0];
    const before = await aggregates();

    const res = await t.http().post(`/api/v1/patients/${patient.id}/erase`).set('Authorization', manager.auth).send({ reason: 'subject_request' });
    expect(res.status).toBe(200);
    const registered = t.app
      .get(PersonalDataRegistry)
      .all()
      .map((s) => s.table);
    expect(Object.keys(res.body.tables)).toEqual(registered);
    // Every registry entry found this person's rows and anonymized them.
    expect(Object.entries(res.body.tables).filter(([, n]) => !(Number(n) > 0))).toEqual([]);

    expect(await aggregates()).toEqual(before);
    const exported = await t.http().get(`/api/v1/patients/${patient.id}/export`).set('Authorization', manager.auth);
    const text = JSON.stringify(exported.body.data);
    for (const value of [tag, patient.phone!, '192.0.2.55', '1980-02-03', ...Object.values(values).flat()]) expect(text).not.toContain(value);
    expect(exported.body.data[0].rows[0]).toMatchObject({
      lastName: null,
      firstName: null,
      phone: null,
      email: null,
      birthDate: null,
      notes: null,
      anonymized: true,
    });

    const { rows: log } = await t.db.query(
      `SELECT reason, tables, rows_anonymized, performed_by, keep_until > now() + interval '1094 days' AS kept FROM destruction_log WHERE patient_id = $1`,
      [patient.id],
    );
    expect(log).toEqual([{ reason: 'subject_request', tables: registered, rows_anonymized: expect.any(Number), performed_by: manager.id, kept: true }]);
    const { rows: audit } = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'patient.erased' AND entity_id = $1`, [patient.id]);
    expect(audit[0].n).toBe(1);
    expect((await t.http().post(`/api/v1/patients/${patient.id}/erase`).set('Authorization', manager.auth).send({ reason: 'other' })).status).toBe(409);
    expect((await t.http().post(`/api/v1/patients/${patient.id}/erase`).set('Authorization', operator.auth).send({ reason: 'other' })).status).toBe(403);
  });

  it('asks for an acknowledgement before erasing someone with visits on record, and leaves them untouched without it', async () => {
    const reception = await signedIn(t, 'receptionist');
    const doctor = await bookableDoctor(t, { staff: [manager, reception] });
    const visitor = await createPatient(t);
    await pastVisit(t, { bookedBy: manager, reception }, doctor, {
      patientId: visitor.id,
      startsAt: new Date(Date.now() - 7 * 86_400_000).toISOString(),
      status: 'completed',
    });
    const refused = await t.http().post(`/api/v1/patients/${visitor.id}/erase`).set('Authorization', manager.auth).send({ reason: 'subject_request' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.cautions).toEqual([expect.stringContaining('1 visit(s) on record')]);
    expect((await t.db.query(`SELECT anonymized_at FROM patients WHERE id = $1`, [visitor.id])).rows[0].anonymized_at).toBeNull();
    const erased = await t
      .http()
      .post(`/api/v1/patients/${visitor.id}/erase`)
      .set('Authorization', manager.auth)
      .send({ reason: 'subject_request', acknowledgeCautions: true });
    expect(erased.status).toBe(200);
    // Someone who never came needs no acknowledgement.
    expect(
      (
        await t
          .http()
          .post(`/api/v1/patients/${(await createPatient(t)).id}/erase`)
          .set('Authorization', manager.auth)
          .send({ reason: 'other' })
      ).status,
    ).toBe(200);
  });

  it('still records a withdrawal after erasure, without collecting new evidence', async () => {
    const patient = await createPatient(t);
    const consent = await recordConsent(t, { documentId: personal.id, patientId: patient.id });
    expect((await t.http().post(`/api/v1/patients/${patient.id}/erase`).set('Authorization', manager.auth).send({ reason: 'other' })).status).toBe(200);
    const res = await t.http().post('/api/v1/public/consents/withdraw').set('User-Agent', 'AfterErasure/1.0').send({ token: consent.withdrawalToken });
    expect(res.status).toBe(200);
    const { rows } = await t.db.query(`SELECT method, ip, user_agent FROM consent_events WHERE consent_id = $1`, [consent.id]);
    expect(rows).toEqual([{ method: 'public_link', ip: null, user_agent: null }]);
  });

  it('purges a person some time after a withdrawal: restricted at once, anonymized by the job once the delay passed', async () => {
    const patient = await createPatient(t);
    const consent = await recordConsent(t, { documentId: personal.id, patientId: patient.id });
    const kept = await createPatient(t);
    await recordConsent(t, { documentId: personal.id, patientId: kept.id });
    expect((await t.http().post('/api/v1/public/consents/withdraw').send({ token: consent.withdrawalToken })).status).toBe(200);
    const state = async (id: string) =>
      (await t.db.query(`SELECT restricted_at IS NOT NULL AS restricted, anonymized_at IS NOT NULL AS anonymized, last_name FROM patients WHERE id = $1`, [id]))
        .rows[0];

    expect(await t.app.get(JobRunner).runNow(PURGE_JOB)).toBe('ran');
    expect(await state(patient.id)).toEqual({ restricted: true, anonymized: false, last_name: patient.lastName });

    const later = new Date(Date.now() + 25 * 3600_000);
    expect((await t.app.get(PrivacyService).purge(later)).withdrawn).toBeGreaterThanOrEqual(1);
    expect(await state(patient.id)).toEqual({ restricted: true, anonymized: true, last_name: null });
    expect(await state(kept.id)).toEqual({ restricted: false, anonymized: false, last_name: kept.lastName });
    const { rows } = await t.db.query(`SELECT reason, performed_by FROM destruction_log WHERE patient_id = $1`, [patient.id]);
    expect(rows).toEqual([{ reason: 'consent_withdrawn', performed_by: null }]);
    // Idempotent: running again erases nobody twice.
    expect(await t.app.get(PrivacyService).purge(later)).toMatchObject({ withdrawn: 0 });
  });
});

describe('purge with no delay configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false', WITHDRAWN_DATA_PURGE_DELAY_HOURS: '0' } });
  });
  afterAll(async () => t.close());

  it('anonymizes on the next job run', async () => {
    const admin = await signedIn(t, 'admin');
    const doc = await publishedDocument(t, admin, 'personal_data');
    const patient = await createPatient(t);
    const consent = await recordConsent(t, { documentId: doc.id, patientId: patient.id });
    await t.http().post('/api/v1/public/consents/withdraw').send({ token: consent.withdrawalToken });
    expect(await t.app.get(JobRunner).runNow(PURGE_JOB)).toBe('ran');
    const { rows } = await t.db.query(`SELECT anonymized_at IS NOT NULL AS anonymized FROM patients WHERE id = $1`, [patient.id]);
    expect(rows).toEqual([{ anonymized: true }]);
  });
});

describe('retention of inquiries without a visit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false', INQUIRY_RETENTION_DAYS: '365' } });
  });
  afterAll(async () => t.close());

  it('anonymizes people who inquired more than the retention term ago and never came, keeping their leads counted', async () => {
    const manager = await signedIn(t, 'manager');
    const reception = await signedIn(t, 'receptionist');
    const doctor = await bookableDoctor(t, { staff: [manager, reception] });
    const longAgo = new Date(Date.now() - 400 * 24 * 3600_000).toISOString();
    const lastMonth = new Date(Date.now() - 30 * 24 * 3600_000).toISOString();
    const inquiry = (createdAt: string, patientId?: string) => pastLead(t, { channel: 'website', branchId: doctor.branchId, createdAt, patientId });
    // Everything about the person (card, leads) happened `longAgo`.
    const age = async (patientId: string) => {
      await t.db.query(`UPDATE patients SET created_at = $2, updated_at = $2 WHERE id = $1`, [patientId, longAgo]);
      await t.db.query(`UPDATE leads SET updated_at = created_at WHERE patient_id = $1`, [patientId]);
    };

    const gone = await inquiry(longAgo);
    const visited = await inquiry(longAgo);
    await pastVisit(t, { bookedBy: reception, reception }, doctor, {
      patientId: visited.patientId,
      leadId: visited.id,
      startsAt: longAgo,
      bookedAt: longAgo,
      status: 'completed',
    });
    const returned = await inquiry(longAgo);
    await inquiry(lastMonth, returned.patientId);
    const asking = await inquiry(longAgo);
    for (const person of [gone, visited, returned, asking]) await age(person.patientId);
    const request = await t
      .http()
      .post('/api/v1/subject-requests')
      .set('Authorization', manager.auth)
      .send({ patientId: asking.patientId, type: 'access', receivedAt: new Date().toISOString() });
    expect(request.status).toBe(201);

    expect(await t.app.get(PrivacyService).purge()).toEqual({ withdrawn: 0, retention: 1 });
    const state = async (id: string) =>
      (
        await t.db.query(
          `SELECT anonymized_at IS NOT NULL AS anonymized, phone IS NOT NULL AS "hasPhone", (SELECT count(*)::int FROM leads WHERE patient_id = $1) AS leads
       FROM patients WHERE id = $1`,
          [id],
        )
      ).rows[0];
    expect(await state(gone.patientId)).toEqual({ anonymized: true, hasPhone: false, leads: 1 });
    expect(await state(visited.patientId)).toMatchObject({ anonymized: false, hasPhone: true });
    expect(await state(returned.patientId)).toMatchObject({ anonymized: false, hasPhone: true });
    expect(await state(asking.patientId)).toMatchObject({ anonymized: false, hasPhone: true });
    const { rows } = await t.db.query(`SELECT reason, performed_by FROM destruction_log WHERE patient_id = $1`, [gone.patientId]);
    expect(rows).toEqual([{ reason: 'retention_expired', performed_by: null }]);
    expect(await t.app.get(PrivacyService).purge()).toEqual({ withdrawn: 0, retention: 0 });
  });
});
