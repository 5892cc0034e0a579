import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedIn, type SignedIn } from '../factories/staff.factory.js';
import { adminQuery } from '../setup/database.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const envelope = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }), requestId: expect.any(String) });

describe('error envelope', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ env: { BODY_LIMIT_BYTES: '4096' } });
    admin = await signedIn(t, 'admin');
  });
  afterAll(async () => t.close());

  it('gives 400 for malformed JSON, with the request id in the body and the header', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.c", ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(envelope('VALIDATION_FAILED'));
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
  });

  it('gives 400 with field errors for unknown and invalid fields', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ email: 'not-an-email', password: 'x', isAdmin: true });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(envelope('VALIDATION_FAILED'));
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'isAdmin', messages: [expect.stringContaining('should not exist')] },
        { field: 'email', messages: [expect.stringContaining('email')] },
      ]),
    );
  });

  it('gives 413 for a body over the limit', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'a@b.c', password: 'x'.repeat(8000) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual(envelope('PAYLOAD_TOO_LARGE'));
  });

  it('gives 400 in the envelope for text with a NUL character, in a body, a webhook body or a query', async () => {
    const staff = await t
      .http()
      .post('/api/v1/staff')
      .set('Authorization', admin.auth)
      .send({ email: 'nul@test.clinicdesk.local', password: 'long-enough-password', fullName: 'Null\u0000Byte', role: 'operator' });
    expect(staff.status).toBe(400);
    expect(staff.body).toEqual(envelope('VALIDATION_FAILED'));
    expect(staff.body.error.details).toEqual([{ field: 'fullName', messages: [expect.stringContaining('NUL')] }]);
    const webhook = await t
      .http()
      .post('/api/v1/public/intake/tilda/some-key')
      .send({ name: { first: 'A\u0000' } });
    expect([webhook.status, webhook.body.error.details]).toEqual([400, [{ field: 'name.first', messages: [expect.any(String)] }]]);
    const query = await t.http().get('/api/v1/patients?q=a%00b').set('Authorization', admin.auth);
    expect([query.status, query.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('gives the envelope for a URL the router cannot take', async () => {
    for (const path of ['/api/v1/patients/%E0%A4%A', `/api/v1/patients/${'p'.repeat(300)}`]) {
      const res = await t.http().get(path).set('Authorization', admin.auth);
      expect([res.status, res.body]).toEqual([expect.any(Number), envelope('VALIDATION_FAILED')]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['x-request-id']).toBe(res.body.requestId);
    }
  });

  it('refuses null for a setting rather than storing it', async () => {
    const res = await t.http().patch('/api/v1/settings').set('Authorization', admin.auth).send({ firstContactSlaMinutes: null });
    expect([res.status, res.body.error.details?.[0]?.field]).toEqual([400, 'firstContactSlaMinutes']);
    expect((await t.http().get('/api/v1/settings').set('Authorization', admin.auth)).body.firstContactSlaMinutes).toEqual(expect.any(Number));
  });

  it('gives 404 in the envelope for an unknown route', async () => {
    const res = await t.http().get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(envelope('NOT_FOUND'));
  });

  it('keeps a well-formed X-Request-Id from the caller', async () => {
    const res = await t.http().get('/api/v1/no-such-thing').set('X-Request-Id', 'trace-abc-12345');
    expect(res.headers['x-request-id']).toBe('trace-abc-12345');
    expect(res.body.requestId).toBe('trace-abc-12345');
  });

  it('maps a unique violation to 409 and a missing reference to 404, without SQL in the answer', async () => {
    const body = { email: `dup-${Date.now()}@test.clinicdesk.local`, password: 'long-enough-password', fullName: 'Dup', role: 'operator' };
    expect((await t.http().post('/api/v1/staff').set('Authorization', admin.auth).send(body)).status).toBe(201);
    const dup = await t
      .http()
      .post('/api/v1/staff')
      .set('Authorization', admin.auth)
      .send({ ...body, email: body.email.toUpperCase() });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual(envelope('CONFLICT'));
    const missing = await t
      .http()
      .post('/api/v1/staff')
      .set('Authorization', admin.auth)
      .send({ ...body, email: `other-${body.email}`, branchIds: ['6a1f7c3e-2b7d-4c1e-9f7a-1d2e3f4a5b6c'] });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(envelope('NOT_FOUND'));
    for (const res of [dup, missing]) expect(JSON.stringify(res.body)).not.toMatch(/INSERT|SELECT|violates|staff_users\b|at .*\.js/);
  });

  it('answers 503 while the database is unreachable, and recovers', async () => {
    const name = new URL(t.databaseUrl).pathname.slice(1);
    await adminQuery(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
    try {
      const health = await t.http().get('/api/v1/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'unavailable', db: 'down' });
      const staff = await t.http().get('/api/v1/staff').set('Authorization', admin.auth);
      expect(staff.status).toBe(503);
      expect(staff.body).toEqual(envelope('UNAVAILABLE'));
    } finally {
      await adminQuery(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    }
    const health = await t.http().get('/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', db: 'up' });
  });
});
