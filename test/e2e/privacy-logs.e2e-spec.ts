import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { PURGE_JOB } from '../../src/modules/privacy/privacy.service.js';
import { publishedDocument, recordConsent } from '../factories/consent.factory.js';
import { signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const CANARY = {
  lastName: 'Kanareykina',
  firstName: 'Zhemchuzhina',
  phone: '+7 (916) 555-01-37',
  phoneE164: '+79165550137',
  email: 'canary.zhemchug@example.org',
  note: 'canary-free-text-7731',
  userAgent: 'CanaryBrowser/9.9',
  ip: '203.0.113.199',
};

describe('logs carry no personal data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'trace', WITHDRAWN_DATA_PURGE_DELAY_HOURS: '0', TRUST_PROXY: 'true' } });
  });
  afterAll(async () => t.close());

  it('runs intake, consent, search, export, withdrawal, purge and erasure with canary values that never reach the log', async () => {
    const admin = await signedIn(t, 'admin');
    const manager = await signedIn(t, 'manager');
    const operator = await signedIn(t, 'operator');
    const doc = await publishedDocument(t, admin, 'personal_data');

    const created = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', operator.auth)
      .send({ lastName: CANARY.lastName, firstName: CANARY.firstName, phone: CANARY.phone, email: CANARY.email, notes: CANARY.note });
    expect(created.status).toBe(201);
    const patientId = created.body.id;
    const invalid = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', operator.auth)
      .send({ lastName: CANARY.lastName, firstName: CANARY.firstName, phone: CANARY.phone, email: `not-an-email ${CANARY.email}` });
    expect(invalid.status).toBe(400);

    const consent = await t
      .http()
      .post(`/api/v1/patients/${patientId}/consents`)
      .set('Authorization', operator.auth)
      .send({ documentId: doc.id, channel: 'phone', note: CANARY.note });
    expect(consent.status).toBe(201);
    const webConsent = await recordConsent(t, {
      documentId: doc.id,
      patientId,
      evidence: { ip: CANARY.ip, userAgent: CANARY.userAgent, formUrl: `https://clinic.example/?email=${CANARY.email}` },
    });

    expect((await t.http().get(`/api/v1/patients?q=${CANARY.lastName}`).set('Authorization', operator.auth)).status).toBe(200);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/patients?phone=${encodeURIComponent(CANARY.phone)}`)
          .set('Authorization', operator.auth)
      ).status,
    ).toBe(200);
    expect((await t.http().get(`/api/v1/patients/${patientId}`).set('Authorization', operator.auth)).status).toBe(200);
    const request = await t
      .http()
      .post('/api/v1/subject-requests')
      .set('Authorization', manager.auth)
      .send({ patientId, type: 'access', receivedAt: new Date().toISOString(), note: CANARY.note });
    expect(request.status).toBe(201);
    const exported = await t.http().get(`/api/v1/patients/${patientId}/export`).set('Authorization', manager.auth);
    expect(JSON.stringify(exported.body)).toContain(CANARY.email);

    const withdrawn = await t
      .http()
      .post('/api/v1/public/consents/withdraw')
      .set('User-Agent', CANARY.userAgent)
      .set('X-Forwarded-For', CANARY.ip)
      .send({ token: webConsent.withdrawalToken });
    expect(withdrawn.status).toBe(200);
    expect(await t.app.get(JobRunner).runNow(PURGE_JOB)).toBe('ran');
    const { rows } = await t.db.query(`SELECT anonymized_at FROM patients WHERE id = $1`, [patientId]);
    expect(rows[0].anonymized_at).not.toBeNull();
    expect((await t.http().post(`/api/v1/patients/${patientId}/erase`).set('Authorization', manager.auth).send({ reason: 'other' })).status).toBe(409);

    // A second person erased by hand rather than by the job.
    const second = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', manager.auth)
      .send({ lastName: `${CANARY.lastName}a`, firstName: CANARY.firstName, phone: '+79165550138', email: `b.${CANARY.email}` });
    expect(
      (await t.http().post(`/api/v1/patients/${second.body.id}/erase`).set('Authorization', manager.auth).send({ reason: 'subject_request' })).status,
    ).toBe(200);

    const logs = t.logs.join('\n');
    expect(t.logs.length).toBeGreaterThan(10);
    for (const value of [
      CANARY.lastName,
      CANARY.firstName,
      CANARY.phoneE164,
      '9165550137',
      '555-01-37',
      CANARY.email,
      CANARY.note,
      CANARY.userAgent,
      CANARY.ip,
      webConsent.withdrawalToken,
    ]) {
      expect({ value, found: logs.includes(value) }).toEqual({ value, found: false });
    }
  });
});
