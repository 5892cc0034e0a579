import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate } from 'otplib';
import { createStaff, signedIn, type TestStaff } from '../factories/staff.factory.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** The code an authenticator app shows `steps` 30-second steps from now. */
function codeFor(secret: string, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

const login = (t: TestApp, staff: TestStaff, ip = '127.0.0.1') =>
  t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email: staff.email, password: staff.password });
const secondFactor = (t: TestApp, mfaToken: string, code: string, ip = '127.0.0.1') =>
  t.http().post('/api/v1/auth/mfa').set('X-Forwarded-For', ip).send({ mfaToken, code });
const me = (t: TestApp, accessToken: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${accessToken}`);

/** Signs in, turns two-factor sign-in on through the API, and returns what the person keeps. */
async function enrolled(t: TestApp, role: 'operator' | 'manager' | 'admin' = 'operator') {
  const session = await signedIn(t, role);
  const started = await t.http().post('/api/v1/auth/mfa/enrolment').set('Authorization', session.auth).send({});
  expect(started.status).toBe(200);
  const secret = new URL(started.body.otpauthUri).searchParams.get('secret')!;
  const confirmed = await t
    .http()
    .post('/api/v1/auth/mfa/enrolment/confirm')
    .set('Authorization', session.auth)
    .send({ code: await codeFor(secret) });
  expect(confirmed.status).toBe(200);
  return { ...session, secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

describe('two-factor sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '1000' } });
  });
  afterAll(async () => t.close());

  it('enrols a signed-in person: otpauth URI and QR code, confirmed by a first code, ten recovery codes stored hashed', async () => {
    const session = await signedIn(t, 'operator');
    const auth = (req: ReturnType<ReturnType<TestApp['http']>['post']>) => req.set('Authorization', session.auth);
    expect((await t.http().get('/api/v1/auth/mfa').set('Authorization', session.auth)).body).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
      required: false,
    });

    const started = await auth(t.http().post('/api/v1/auth/mfa/enrolment')).send({});
    expect(started.status).toBe(200);
    const uri = new URL(started.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Clinicdesk:${session.email}`);
    const secret = uri.searchParams.get('secret')!;
    expect(started.body.secret).toBe(secret);
    expect(started.body.qrCode).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(started.body.qrCode.split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
    // Nothing changes until the app has proved it works: signing in still gives tokens.
    expect((await login(t, session)).body.accessToken).toEqual(expect.any(String));

    const wrong = await auth(t.http().post('/api/v1/auth/mfa/enrolment/confirm')).send({
      code: (Number(await codeFor(secret)) + 1).toString().padStart(6, '0').slice(-6),
    });
    expect(wrong.status).toBe(422);
    const confirmed = await auth(t.http().post('/api/v1/auth/mfa/enrolment/confirm')).send({ code: await codeFor(secret) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.accessToken).toBeUndefined();
    const codes: string[] = confirmed.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);

    const status = await t.http().get('/api/v1/auth/mfa').set('Authorization', session.auth);
    expect(status.body).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
    expect((await auth(t.http().post('/api/v1/auth/mfa/enrolment')).send({})).status).toBe(409);

    const stored = await t.db.query(`SELECT secret_ciphertext FROM staff_mfa WHERE staff_id = $1`, [session.id]);
    expect(stored.rows[0].secret_ciphertext.includes(Buffer.from(secret))).toBe(false);
    const hashes = await t.db.query(`SELECT code_hash FROM mfa_recovery_codes WHERE staff_id = $1`, [session.id]);
    expect(hashes.rows).toHaveLength(10);
    for (const code of codes) {
      for (const { code_hash } of hashes.rows) expect((code_hash as Buffer).includes(Buffer.from(code.replace('-', '')))).toBe(false);
    }
    const audit = await t.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'auth.mfa%' ORDER BY id`, [session.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['auth.mfa_enrolment_started', 'auth.mfa_failed', 'auth.mfa_enabled']);
  });

  it('asks for a code after the password; the challenge is not an access token and the code completes the sign-in', async () => {
    const person = await enrolled(t);
    const first = await login(t, person);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), enrolmentRequired: false, expiresIn: 300 });
    expect((await me(t, first.body.mfaToken)).status).toBe(401);

    const done = await secondFactor(t, first.body.mfaToken, await codeFor(person.secret, 1));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ expiresIn: 900, user: { id: person.id } });
    expect((await me(t, done.body.accessToken)).body.id).toBe(person.id);
    // The challenge is used up.
    expect((await secondFactor(t, first.body.mfaToken, await codeFor(person.secret, 1))).status).toBe(401);
    const logins = await t.db.query(`SELECT fields FROM audit_events WHERE action = 'auth.login' AND entity_id = $1 ORDER BY id`, [person.id]);
    expect(logins.rows.map((r) => r.fields)).toEqual([['password'], ['password', 'totp']]);
  });

  it('takes a TOTP code once: the same code, or an older one, is refused within its window', async () => {
    const person = await enrolled(t);
    const code = await codeFor(person.secret, 1);
    const first = await login(t, person);
    expect((await secondFactor(t, first.body.mfaToken, code)).status).toBe(200);
    const again = await login(t, person);
    const reused = await secondFactor(t, again.body.mfaToken, code);
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('UNAUTHENTICATED');
    // The code the enrolment was confirmed with is older still.
    expect((await secondFactor(t, again.body.mfaToken, await codeFor(person.secret, 0))).status).toBe(401);
  });

  it('takes each recovery code once, in any case and with or without the dash', async () => {
    const person = await enrolled(t);
    const [code] = person.recoveryCodes;
    const first = await login(t, person);
    const done = await secondFactor(t, first.body.mfaToken, code!.toLowerCase().replace('-', ' '));
    expect(done.status).toBe(200);
    expect((await t.http().get('/api/v1/auth/mfa').set('Authorization', `Bearer ${done.body.accessToken}`)).body.recoveryCodesLeft).toBe(9);
    const again = await login(t, person);
    expect((await secondFactor(t, again.body.mfaToken, code!)).status).toBe(401);
    expect((await secondFactor(t, again.body.mfaToken, person.recoveryCodes[1]!)).status).toBe(200);
    const used = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.mfa_recovery_code_used' AND entity_id = $1`, [person.id]);
    expect(used.rows[0].n).toBe(2);
  });

  it('counts wrong codes like failed sign-ins: after the limit even the right code and the right password get 429', async () => {
    const person = await enrolled(t);
    const challenge = (await login(t, person, '10.20.0.1')).body.mfaToken;
    for (let i = 0; i < 3; i++) {
      expect((await secondFactor(t, challenge, i % 2 ? '000000' : 'AAAAA-BBBBB', `10.20.0.${i + 2}`)).status).toBe(401);
    }
    const limited = await secondFactor(t, challenge, await codeFor(person.secret, 1), '10.20.0.9');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(t, person, '10.20.0.10')).status).toBe(429);
  });

  it('refuses an expired challenge', async () => {
    const person = await enrolled(t);
    const challenge = (await login(t, person)).body.mfaToken;
    await t.db.query(`UPDATE sign_in_challenges SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      person.id,
    ]);
    expect((await secondFactor(t, challenge, await codeFor(person.secret, 1))).status).toBe(401);
  });

  it('lets an admin reset someone’s two-factor sign-in: audited, and their sessions and sockets end', async () => {
    const admin = await signedIn(t, 'admin');
    const person = await enrolled(t);
    const socket = await connectSocket(t.baseUrl, { token: person.accessToken });
    const reset = await t.http().post(`/api/v1/staff/${person.id}/mfa/reset`).set('Authorization', admin.auth);
    expect(reset.status).toBe(204);
    expect(await socket.disconnected()).toBe('io server disconnect');
    expect((await me(t, person.accessToken)).status).toBe(401);
    // Not required for operators here: the next sign-in gives tokens again.
    expect((await login(t, person)).body.accessToken).toEqual(expect.any(String));
    const audit = await t.db.query(`SELECT actor_id, fields FROM audit_events WHERE action = 'staff.mfa_reset' AND entity_id = $1`, [person.id]);
    expect(audit.rows).toEqual([{ actor_id: admin.id, fields: ['mfa'] }]);
    const { rows } = await t.db.query(`SELECT revoked_reason FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NOT NULL`, [person.id]);
    expect(rows.map((r) => r.revoked_reason)).toContain('mfa_reset');
    expect((await t.http().post('/api/v1/staff/6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f/mfa/reset').set('Authorization', admin.auth)).status).toBe(404);
  });
});

describe('two-factor sign-in required for some roles (MFA_REQUIRED_ROLES)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { MFA_REQUIRED_ROLES: 'admin,manager' } });
  });
  afterAll(async () => t.close());

  it('makes a manager without an authenticator enrol at sign-in, with the challenge instead of a bearer token', async () => {
    const manager = await createStaff(t, 'manager');
    const first = await login(t, manager);
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), enrolmentRequired: true, expiresIn: 900 });
    const mfaToken = first.body.mfaToken as string;
    // The enrolment challenge opens only the enrolment calls.
    expect((await secondFactor(t, mfaToken, '123456')).status).toBe(401);
    expect((await me(t, mfaToken)).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/mfa/enrolment').send({})).status).toBe(401);

    const started = await t.http().post('/api/v1/auth/mfa/enrolment').send({ mfaToken });
    expect(started.status).toBe(200);
    const secret = new URL(started.body.otpauthUri).searchParams.get('secret')!;
    const confirmed = await t
      .http()
      .post('/api/v1/auth/mfa/enrolment/confirm')
      .send({ mfaToken, code: await codeFor(secret) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect((await me(t, confirmed.body.accessToken)).body).toMatchObject({ id: manager.id, role: 'manager' });
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/mfa/enrolment/confirm')
          .send({ mfaToken, code: await codeFor(secret, 1) })
      ).status,
    ).toBe(401);

    // From now on: the code step.
    const next = await login(t, manager);
    expect(next.body).toMatchObject({ mfaRequired: true, enrolmentRequired: false });
    expect((await secondFactor(t, next.body.mfaToken, await codeFor(secret, 1))).status).toBe(200);
    expect((await t.http().get('/api/v1/auth/mfa').set('Authorization', `Bearer ${confirmed.body.accessToken}`)).body).toMatchObject({
      enabled: true,
      required: true,
    });
  });

  it('signs other roles in with the password alone', async () => {
    const operator = await createStaff(t, 'operator');
    expect((await login(t, operator)).body.accessToken).toEqual(expect.any(String));
  });
});
