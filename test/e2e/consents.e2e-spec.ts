import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '../../src/common/errors/app-error.js';
import { ConsentsService } from '../../src/modules/consents/consents.service.js';
import { PatientsService } from '../../src/modules/patients/patients.service.js';
import { callBody } from '../factories/call.factory.js';
import { completeDocument, createPatient, publishedDocument, recordConsent } from '../factories/consent.factory.js';
import { SETUP_ACTOR, type SignedIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('consent documents', () => {
  let t: TestApp;
  let admin: SignedIn;
  let operator: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    operator = await signedIn(t, 'operator');
  });
  afterAll(async () => t.close());

  it('refuses to publish a document missing required contents, listing them', async () => {
    const draft = await t
      .http()
      .post('/api/v1/consent-documents')
      .set('Authorization', admin.auth)
      .send({ kind: 'personal_data', version: 'draft-1', title: 'Draft', body: 'Some text', operatorName: 'Clinic LLC', purposes: ['booking'] });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', sha256: null, publishedAt: null });
    const res = await t.http().post(`/api/v1/consent-documents/${draft.body.id}/publish`).set('Authorization', admin.auth).send();
    expect(res.status).toBe(422);
    expect(res.body.error.details.missing.sort()).toEqual(['actions', 'dataCategories', 'operatorAddress', 'retention', 'withdrawalMethod']);
    const still = await t.http().get(`/api/v1/consent-documents/${draft.body.id}`).set('Authorization', operator.auth);
    expect(still.body.status).toBe('draft');
  });

  it('publishes a complete draft with the SHA-256 of its exact text and serves it publicly; published text is frozen', async () => {
    const doc = await publishedDocument(t, admin, 'personal_data');
    expect(doc.sha256).toBe(sha256(doc.body));
    const current = await t.http().get('/api/v1/public/consent-documents/current?kind=personal_data');
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ id: doc.id, version: doc.version, body: doc.body, sha256: sha256(current.body.body) });

    const edit = await t.http().patch(`/api/v1/consent-documents/${doc.id}`).set('Authorization', admin.auth).send({ body: 'changed' });
    expect(edit.status).toBe(409);
    await expect(t.db.query(`UPDATE consent_documents SET body = 'changed' WHERE id = $1`, [doc.id])).rejects.toThrow(/not allowed/);
    await expect(t.db.query(`DELETE FROM consent_documents WHERE id = $1`, [doc.id])).rejects.toThrow(/not allowed/);
    // The database itself refuses a hash that does not match the body.
    await expect(
      t.db.query(`INSERT INTO consent_documents (kind, version, title, body, sha256, published_at) VALUES ('marketing', 'x1', 'x', 'text', $1, now())`, [
        '0'.repeat(64),
      ]),
    ).rejects.toThrow();
  });

  it('makes a newer publication current and marks the older one superseded', async () => {
    const older = await publishedDocument(t, admin, 'health_data');
    const newer = await publishedDocument(t, admin, 'health_data');
    expect((await t.http().get('/api/v1/public/consent-documents/current?kind=health_data')).body.id).toBe(newer.id);
    const list = await t.http().get('/api/v1/consent-documents?kind=health_data').set('Authorization', operator.auth);
    const status = Object.fromEntries(list.body.data.map((d: { id: string; status: string }) => [d.id, d.status]));
    expect(status).toMatchObject({ [older.id]: 'superseded', [newer.id]: 'current' });
  });

  it('answers 404 when no document of a kind is published, 400 for an unknown kind', async () => {
    expect((await t.http().get('/api/v1/public/consent-documents/current?kind=marketing')).status).toBe(404);
    expect((await t.http().get('/api/v1/public/consent-documents/current?kind=anything')).status).toBe(400);
  });

  it('only admins write documents', async () => {
    const res = await t.http().post('/api/v1/consent-documents').set('Authorization', operator.auth).send(completeDocument('marketing'));
    expect(res.status).toBe(403);
  });
});

describe('consent records and withdrawal', () => {
  let t: TestApp;
  let admin: SignedIn;
  let operator: SignedIn;
  let manager: SignedIn;
  let personal: { id: string; body: string; sha256: string; version: string };
  let marketing: { id: string };
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false' } });
    admin = await signedIn(t, 'admin');
    operator = await signedIn(t, 'operator');
    manager = await signedIn(t, 'manager');
    personal = await publishedDocument(t, admin, 'personal_data');
    marketing = await publishedDocument(t, admin, 'marketing');
  });
  afterAll(async () => t.close());

  const counts = async () =>
    (await t.db.query(`SELECT (SELECT count(*) FROM patients)::int AS patients, (SELECT count(*) FROM consents)::int AS consents`)).rows[0];

  it('refuses intake without an accepted, current personal-data consent (422 CONSENT_REQUIRED) and stores nothing', async () => {
    const consents = t.app.get(ConsentsService);
    const patients = t.app.get(PatientsService);
    const before = await counts();
    const superseded = await publishedDocument(t, admin, 'personal_data');
    const current = await publishedDocument(t, admin, 'personal_data');
    // What an intake endpoint does: check first, then write patient and consent in one transaction.
    const intake = (documentId: string | undefined, accepted: boolean | undefined) =>
      t.app.get(DataSource).transaction(async (em) => {
        await consents.requireCurrentPersonalDataConsent(documentId, accepted, em);
        const patient = await patients.create(SETUP_ACTOR, { lastName: 'Intake', firstName: 'Ivan', phone: '+79120000001' }, em);
        await consents.recordConsent(em, {
          documentId: documentId!,
          subject: { patientId: patient.id },
          channel: 'web_form',
          evidence: { ip: '198.51.100.1' },
        });
      });
    for (const [documentId, accepted] of [
      [current.id, false],
      [current.id, undefined],
      [undefined, true],
      [superseded.id, true],
      [marketing.id, true],
      [randomUUID(), true],
    ] as const) {
      const error = await intake(documentId, accepted).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ status: 422, code: 'CONSENT_REQUIRED' });
    }
    expect(await counts()).toEqual(before);
    await intake(current.id, true);
    expect(await counts()).toEqual({ patients: before.patients + 1, consents: before.consents + 1 });
    personal = current;
  });

  it('records web-form consent with its evidence, the document version and the hash of the published text', async () => {
    const patient = await createPatient(t);
    const consent = await recordConsent(t, { documentId: personal.id, patientId: patient.id });
    expect(consent.withdrawalToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const {
      rows: [row],
    } = await t.db.query(
      `SELECT c.document_version, c.document_sha256, d.body, host(c.ip) AS ip, c.user_agent, c.form_url, c.channel, c.withdrawal_token_hash
       FROM consents c JOIN consent_documents d ON d.id = c.document_id WHERE c.id = $1`,
      [consent.id],
    );
    expect(row).toMatchObject({
      document_version: personal.version,
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 (test)',
      form_url: 'https://clinic.example/booking',
      channel: 'web_form',
    });
    expect(row.document_sha256).toBe(sha256(row.body));
    // Only a hash of the token is stored.
    expect(row.withdrawal_token_hash.toString('hex')).toBe(createHash('sha256').update(consent.withdrawalToken).digest('hex'));
  });

  it('lets staff record verbal consent with the call id, and lists consents with an audit event', async () => {
    const patient = await createPatient(t);
    // The call the consent was given in exists (consents.call_id references calls).
    const call = await t
      .http()
      .post('/api/v1/calls')
      .set('Authorization', operator.auth)
      .send({ ...callBody(), patientId: patient.id });
    expect(call.status).toBe(201);
    const callId: string = call.body.id;
    const res = await t
      .http()
      .post(`/api/v1/patients/${patient.id}/consents`)
      .set('Authorization', operator.auth)
      .send({ documentId: marketing.id, channel: 'phone', callId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'marketing', channel: 'phone', callId, operatorId: operator.id, withdrawnAt: null });
    expect(typeof res.body.withdrawalToken).toBe('string');
    const outdated = await publishedDocument(t, admin, 'marketing');
    await publishedDocument(t, admin, 'marketing');
    const stale = await t
      .http()
      .post(`/api/v1/patients/${patient.id}/consents`)
      .set('Authorization', operator.auth)
      .send({ documentId: outdated.id, channel: 'phone' });
    expect(stale.status).toBe(422);
    expect(stale.body.error.code).toBe('CONSENT_REQUIRED');

    const list = await t.http().get(`/api/v1/patients/${patient.id}/consents`).set('Authorization', operator.auth);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).not.toHaveProperty('withdrawalToken');
    const { rows } = await t.db.query(`SELECT action FROM audit_events WHERE entity_id IN ($1, $2) ORDER BY id`, [res.body.id, patient.id]);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['consent.recorded', 'consent.listed']));
  });

  it('keeps consent records append-only: UPDATE, DELETE and TRUNCATE fail; erasure may only null evidence', async () => {
    const patient = await createPatient(t);
    const consent = await recordConsent(t, { documentId: personal.id, patientId: patient.id });
    await expect(t.db.query(`UPDATE consents SET channel = 'phone' WHERE id = $1`, [consent.id])).rejects.toThrow(/not allowed/);
    await expect(t.db.query(`UPDATE consents SET ip = NULL WHERE id = $1`, [consent.id])).rejects.toThrow(/not allowed/);
    await expect(t.db.query(`DELETE FROM consents WHERE id = $1`, [consent.id])).rejects.toThrow(/not allowed/);
    await expect(t.db.query(`TRUNCATE consents CASCADE`)).rejects.toThrow(/not allowed/);
    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('clinicdesk.erasing', 'on', true)`);
      await expect(client.query(`UPDATE consents SET ip = '10.0.0.1' WHERE id = $1`, [consent.id])).rejects.toThrow(/not allowed/);
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await client.query(`SELECT set_config('clinicdesk.erasing', 'on', true)`);
      await expect(client.query(`UPDATE consents SET ip = NULL, document_version = 'forged' WHERE id = $1`, [consent.id])).rejects.toThrow(/not allowed/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const {
      rows: [row],
    } = await t.db.query(`SELECT host(ip) AS ip, channel FROM consents WHERE id = $1`, [consent.id]);
    expect(row).toEqual({ ip: '203.0.113.7', channel: 'web_form' });
  });

  it('withdrawal by token restricts the person at once, hides them from operators, and is a new event (repeatable)', async () => {
    const patient = await createPatient(t);
    const consent = await recordConsent(t, { documentId: personal.id, patientId: patient.id });
    expect((await t.http().get(`/api/v1/patients/${patient.id}`).set('Authorization', operator.auth)).status).toBe(200);
    const lead = await t.http().post('/api/v1/leads').set('Authorization', manager.auth).send({ patientId: patient.id, channel: 'phone' });
    expect(lead.body.consentStatus).toBe('given');

    const res = await t.http().post('/api/v1/public/consents/withdraw').set('User-Agent', 'WithdrawBrowser/1.0').send({ token: consent.withdrawalToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ withdrawn: true });
    expect((await t.http().post('/api/v1/public/consents/withdraw').send({ token: consent.withdrawalToken })).status).toBe(200);

    const { rows: events } = await t.db.query(`SELECT type, method, user_agent FROM consent_events WHERE consent_id = $1`, [consent.id]);
    expect(events).toEqual([{ type: 'withdrawn', method: 'public_link', user_agent: 'WithdrawBrowser/1.0' }]);
    const {
      rows: [p],
    } = await t.db.query(`SELECT restricted_at, anonymized_at, last_name FROM patients WHERE id = $1`, [patient.id]);
    expect(p.restricted_at).not.toBeNull();
    expect(p.anonymized_at).toBeNull();
    expect(p.last_name).toBe(patient.lastName);

    expect((await t.http().get(`/api/v1/patients/${patient.id}`).set('Authorization', operator.auth)).status).toBe(403);
    const search = await t.http().get(`/api/v1/patients?q=${patient.lastName}`).set('Authorization', operator.auth);
    expect(search.body.data).toEqual([]);
    expect((await t.http().get(`/api/v1/patients/${patient.id}/consents`).set('Authorization', operator.auth)).status).toBe(403);
    const list = await t.http().get(`/api/v1/patients/${patient.id}/consents`).set('Authorization', manager.auth);
    expect(list.body.data[0]).toMatchObject({ id: consent.id, withdrawalMethod: 'public_link' });
    expect(list.body.data[0].withdrawnAt).not.toBeNull();
    // The lead says so too, instead of still reading "given".
    expect((await t.http().get(`/api/v1/leads/${lead.body.id}`).set('Authorization', manager.auth)).body).toMatchObject({
      consentStatus: 'withdrawn',
      restricted: true,
    });

    const { rows: audit } = await t.db.query(`SELECT action FROM audit_events WHERE entity_id IN ($1, $2) ORDER BY id`, [consent.id, patient.id]);
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['consent.withdrawn', 'patient.restricted']));
    expect(
      (
        await t
          .http()
          .post('/api/v1/public/consents/withdraw')
          .send({ token: 'x'.repeat(43) })
      ).status,
    ).toBe(404);
  });

  it('staff record a withdrawal received by phone; withdrawing marketing consent does not restrict', async () => {
    const patient = await createPatient(t);
    const consent = await recordConsent(t, { documentId: marketing.id, patientId: patient.id });
    const consents = t.app.get(ConsentsService);
    expect(await consents.hasActiveConsent(patient.id, 'marketing')).toBe(true);
    const res = await t.http().post(`/api/v1/consents/${consent.id}/withdraw`).set('Authorization', operator.auth).send({ method: 'phone', note: 'called in' });
    expect(res.status).toBe(200);
    expect(await consents.hasActiveConsent(patient.id, 'marketing')).toBe(false);
    const {
      rows: [p],
    } = await t.db.query(`SELECT restricted_at FROM patients WHERE id = $1`, [patient.id]);
    expect(p.restricted_at).toBeNull();
    const {
      rows: [event],
    } = await t.db.query(`SELECT method, actor_id FROM consent_events WHERE consent_id = $1`, [consent.id]);
    expect(event).toEqual({ method: 'phone', actor_id: operator.id });
  });

  it('records consent for a lead alone', async () => {
    const lead = await t.http().post('/api/v1/leads').set('Authorization', operator.auth).send({ name: 'Lead Only', phone: '+79161230099', channel: 'phone' });
    const leadId = lead.body.id;
    const consent = await recordConsent(t, { documentId: personal.id, leadId });
    expect(consent).toMatchObject({ leadId, patientId: null });
  });
});

describe('public rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'false', PUBLIC_RATE_LIMIT: '3', PUBLIC_RATE_LIMIT_WINDOW_SEC: '600', TRUST_PROXY: 'true' } });
  });
  afterAll(async () => t.close());

  it('answers 429 RATE_LIMITED with Retry-After per client IP', async () => {
    const call = (ip: string) =>
      t
        .http()
        .post('/api/v1/public/consents/withdraw')
        .set('X-Forwarded-For', ip)
        .send({ token: 'y'.repeat(43) });
    for (let i = 0; i < 3; i += 1) expect((await call('198.51.100.20')).status).toBe(404);
    const limited = await call('198.51.100.20');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call('198.51.100.21')).status).toBe(404);
  });
});
