import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { createSource, type TestSource } from '../factories/intake.factory.js';
import { signedIn, type SignedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const envelope = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }), requestId: expect.any(String) });

/** A raw request, for what supertest will not send (headers past Node's limit): status, headers and parsed body. */
function rawRequest(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, { headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP hardening', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'info' } });
    admin = await signedIn(t, 'admin');
  });
  afterAll(async () => t.close());

  it('sends security headers and Cache-Control: no-store on every API answer, errors included', async () => {
    const answers = [
      await t.http().get('/api/v1/auth/me').set('Authorization', admin.auth),
      await t.http().get('/api/v1/auth/me'),
      await t.http().get('/api/v1/no-such-route'),
      await t.http().get('/api/v1/patients/%E0%A4%A').set('Authorization', admin.auth),
      await t.http().get('/api/docs-json'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 400, 200]);
    for (const res of answers) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    for (const res of answers.filter((r) => r.status !== 400)) {
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    // Without HSTS=true (served over plain HTTP, say) browsers are not told to insist on HTTPS.
    expect(answers[0]!.headers['strict-transport-security']).toBeUndefined();
  });

  it('answers headers over the size limit with 431, and a path value over its limit with 414, in the error envelope', async () => {
    const headers = await rawRequest(t.baseUrl, '/api/v1/health', { 'X-Padding': 'a'.repeat(20_000) });
    expect([headers.status, headers.body]).toEqual([431, envelope('HEADERS_TOO_LARGE')]);
    expect(headers.headers['x-request-id']).toBe((headers.body as { requestId: string }).requestId);
    expect(headers.headers['cache-control']).toBe('no-store');
    const longUrl = await rawRequest(t.baseUrl, `/api/v1/health?padding=${'a'.repeat(20_000)}`);
    expect([longUrl.status, longUrl.body]).toEqual([431, envelope('HEADERS_TOO_LARGE')]);
    const longParam = await t
      .http()
      .get(`/api/v1/leads/${'a'.repeat(1_000)}`)
      .set('Authorization', admin.auth);
    expect([longParam.status, longParam.body]).toEqual([414, envelope('VALIDATION_FAILED')]);
  });

  it('refuses lone surrogates and deep nesting with 400 in the envelope, before validation sees them', async () => {
    const surrogate = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":"a\\ud800@clinic.example","password":"x"}');
    expect([surrogate.status, surrogate.body]).toEqual([400, envelope('VALIDATION_FAILED')]);
    expect(surrogate.body.error.details).toEqual([{ field: 'email', messages: [expect.stringContaining('lone UTF-16 surrogate')] }]);
    const lowSurrogate = await t.http().get('/api/v1/patients').query('q=%ED%B0%80').set('Authorization', admin.auth);
    expect(lowSurrogate.status).toBeLessThan(500);

    const deep = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`${'['.repeat(3000)}${']'.repeat(3000)}`);
    expect([deep.status, deep.body]).toEqual([400, envelope('VALIDATION_FAILED')]);
    const deepField = await t
      .http()
      .post('/api/v1/leads')
      .set('Authorization', admin.auth)
      .set('Content-Type', 'application/json')
      .send(`{"channel":"phone","name":"Deep","phone":"+79161234567","message":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`);
    expect([deepField.status, deepField.body]).toEqual([400, envelope('VALIDATION_FAILED')]);
    expect(deepField.body.error.details[0].messages[0]).toContain('nested deeper than 32 levels');
  });

  it('refuses cursors with times PostgreSQL cannot hold or that are not ISO-8601', async () => {
    for (const at of ['+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', 'Tue Dec 01 2026 10:00:00 GMT+0300 (Moscow Standard Time)']) {
      const cursor = Buffer.from(JSON.stringify([at, '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f'])).toString('base64url');
      for (const list of ['leads', 'patients', 'calls', 'appointments', 'staff']) {
        const res = await t.http().get(`/api/v1/${list}`).query({ cursor }).set('Authorization', admin.auth);
        expect([list, res.status, res.body]).toEqual([list, 400, envelope('VALIDATION_FAILED')]);
      }
    }
  });

  it('logs the route pattern, never the path as sent: an intake key in the URL stays out of the log', async () => {
    const tilda: TestSource = await createSource(t, admin, 'tilda', 'website');
    const res = await t.http().post(`/api/v1/public/intake/tilda/${tilda.key}`).type('form').send({ test: 'test' });
    expect(res.status).toBe(200);
    const secretInAnUnknownPath = `token-${tilda.key}`;
    expect((await t.http().get(`/api/v1/no-such-route/${secretInAnUnknownPath}`)).status).toBe(404);

    const completed = t.logs
      .map((line) => JSON.parse(line) as { msg: string; route?: string | null; req?: { id: string; method: string }; res?: { statusCode: number } })
      .filter((entry) => entry.msg === 'request completed');
    expect(completed).toContainEqual(
      expect.objectContaining({
        route: '/api/v1/public/intake/tilda/:key',
        req: { id: res.headers['x-request-id'], method: 'POST' },
        res: { statusCode: 200 },
      }),
    );
    expect(completed).toContainEqual(expect.objectContaining({ route: null, req: expect.objectContaining({ method: 'GET' }), res: { statusCode: 404 } }));
    expect(t.logs.join('\n')).not.toContain(tilda.key);
  });
});

describe('HTTP hardening behind HTTPS (HSTS=true)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { HSTS: 'true' } });
  });
  afterAll(async () => t.close());

  it('tells browsers to use HTTPS only', async () => {
    const res = await t.http().get('/api/v1/health');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});
