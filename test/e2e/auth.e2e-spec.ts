import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import { createStaff, signIn, signedIn } from '../factories/staff.factory.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../setup/test-app.js';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '6' } });
  });
  afterAll(async () => t.close());

  it('signs in with email and password and returns tokens and the user', async () => {
    const staff = await createStaff(t, 'operator');
    const res = await t.http().post('/api/v1/auth/login').send({ email: staff.email.toUpperCase(), password: staff.password });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expiresIn: 900, user: { id: staff.id, role: 'operator', email: staff.email } });
    expect(res.body.refreshToken).toEqual(expect.any(String));
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(staff.id);
    expect(JSON.stringify(me.body)).not.toContain('password');
  });

  it('stores an argon2id hash, never the password', async () => {
    const staff = await createStaff(t, 'manager');
    const { rows } = await t.db.query('SELECT password_hash FROM staff_users WHERE id = $1', [staff.id]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong password and an unknown email with the same answer, and audits both', async () => {
    const staff = await createStaff(t, 'receptionist');
    const wrong = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.1.0.1').send({ email: staff.email, password: 'not-the-password' });
    const unknown = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.1.0.1').send({ email: 'nobody@nowhere.test', password: 'whatever' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
    const { rows } = await t.db.query(`SELECT entity_id, host(ip) AS ip FROM audit_events WHERE action = 'auth.login_failed' AND ip = '10.1.0.1' ORDER BY id`);
    expect(rows).toEqual([
      { entity_id: staff.id, ip: '10.1.0.1' },
      { entity_id: null, ip: '10.1.0.1' },
    ]);
    const ok = await signIn(t, staff);
    const logins = await t.db.query(`SELECT actor_id FROM audit_events WHERE action = 'auth.login' AND entity_id = $1`, [ok.id]);
    expect(logins.rows).toEqual([{ actor_id: staff.id }]);
  });

  it('rotates refresh tokens and revokes the whole family when an old one is reused', async () => {
    const session = await signedIn(t, 'operator');
    const first = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);
    const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);

    // The first token again: a thief or a replay. The family dies, including the newest tokens.
    const reuse = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(reuse.status).toBe(401);
    const afterReuse = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
    expect(afterReuse.status).toBe(401);
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${second.body.accessToken}`);
    expect(me.status).toBe(401);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.refresh_token_reused' AND actor_id = $1`, [session.id]);
    expect(rows[0].n).toBe(1);
  });

  it('lets only one of two concurrent refreshes with the same token succeed', async () => {
    const session = await signedIn(t, 'operator');
    const results = await Promise.all([1, 2].map(() => t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('logout ends the session: its access and refresh tokens stop working', async () => {
    const session = await signedIn(t, 'manager');
    const out = await t.http().post('/api/v1/auth/logout').set('Authorization', session.auth);
    expect(out.status).toBe(204);
    expect((await t.http().get('/api/v1/auth/me').set('Authorization', session.auth)).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
  });

  it("stops a deactivated person's tokens at once", async () => {
    const admin = await signedIn(t, 'admin');
    const operator = await signedIn(t, 'operator');
    expect((await t.http().get('/api/v1/auth/me').set('Authorization', operator.auth)).status).toBe(200);
    const off = await t.http().patch(`/api/v1/staff/${operator.id}`).set('Authorization', admin.auth).send({ active: false });
    expect(off.status).toBe(200);
    expect((await t.http().get('/api/v1/auth/me').set('Authorization', operator.auth)).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: operator.refreshToken })).status).toBe(401);
    const login = await t.http().post('/api/v1/auth/login').send({ email: operator.email, password: operator.password });
    expect(login.status).toBe(401);
  });

  it('checks the session and the person in the database on every request, not only through the events that revoke sessions', async () => {
    const me = (auth: string) => t.http().get('/api/v1/auth/me').set('Authorization', auth);

    // Deactivated without the event that ends sessions (straight in the database): a live session is not enough.
    const deactivated = await signedIn(t, 'operator');
    await t.db.query('UPDATE staff_users SET active = false WHERE id = $1', [deactivated.id]);
    expect((await me(deactivated.auth)).status).toBe(401);

    const expired = await signedIn(t, 'operator');
    await t.db.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [expired.id]);
    expect((await me(expired.auth)).status).toBe(401);

    // A correctly signed token whose session belongs to someone else.
    const operator = await signedIn(t, 'operator');
    const other = await signedIn(t, 'operator');
    expect((await me(`Bearer ${forge(HS256, claimsOf(operator.accessToken))}`)).status).toBe(200);
    expect((await me(`Bearer ${forge(HS256, { ...claimsOf(operator.accessToken), sub: other.id })}`)).status).toBe(401);

    // Branches are read with the session: a branch given a moment ago limits the very next request.
    const admin = await signedIn(t, 'admin');
    const branch = async () =>
      (
        await t
          .http()
          .post('/api/v1/branches')
          .set('Authorization', admin.auth)
          .send({ name: `Branch ${randomUUID()}`, timezone: 'Europe/Moscow' })
      ).body.id as string;
    const [own, elsewhere] = [await branch(), await branch()];
    const receptionist = await signedIn(t, 'receptionist', { branchIds: [elsewhere] });
    const list = (branchId: string) => t.http().get('/api/v1/appointments').query({ branchId }).set('Authorization', receptionist.auth);
    expect((await list(elsewhere)).status).toBe(200);
    expect((await list(own)).status).toBe(403);
    await t.db.query('UPDATE staff_branches SET branch_id = $2 WHERE staff_id = $1', [receptionist.id, own]);
    expect((await list(own)).status).toBe(200);
    expect((await list(elsewhere)).status).toBe(403);
  });

  it('accepts only HS256 tokens with our issuer and audience', async () => {
    const session = await signedIn(t, 'admin');
    const [, body] = session.accessToken.split('.');
    const payload = claimsOf(session.accessToken);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${body}.`;
    const cases = [
      unsigned,
      forge(HS256, { ...payload, aud: 'someone-else' }),
      forge(HS256, { ...payload, iss: 'someone-else' }),
      forge(HS256, payload, 'a-different-secret-of-enough-length-0123456789'),
      forge(HS256, { ...payload, exp: Math.floor(Date.now() / 1000) - 10 }),
    ];
    for (const token of cases) {
      expect((await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    }
    // The same claims, correctly signed, pass: the cases above failed for the reason they test.
    expect(
      (
        await t
          .http()
          .get('/api/v1/auth/me')
          .set('Authorization', `Bearer ${forge(HS256, payload)}`)
      ).status,
    ).toBe(200);
  });

  it('rate limits failed sign-ins per account with Retry-After, even with the right password', async () => {
    const staff = await createStaff(t, 'operator');
    for (let i = 0; i < 3; i++) {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', `10.2.0.${i + 1}`)
        .send({ email: staff.email, password: 'wrong-password' });
      expect(res.status).toBe(401);
    }
    const limited = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.2.0.9').send({ email: staff.email, password: staff.password });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same addresses is unaffected.
    const other = await createStaff(t, 'operator');
    expect((await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.2.0.9').send({ email: other.email, password: other.password })).status).toBe(
      200,
    );
  });

  it('limits an unknown email exactly like an existing one: failures are counted per submitted email', async () => {
    const staff = await createStaff(t, 'operator');
    const attempts = async (email: string, net: string) => {
      const answers: Array<{ status: number; error: unknown }> = [];
      for (let i = 0; i < 4; i++) {
        // Each from another address, and in another case: what counts is the email, normalised.
        const variant = i % 2 ? email.toUpperCase() : email;
        const res = await t
          .http()
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', `${net}.${i + 1}`)
          .send({ email: variant, password: 'wrong-password' });
        answers.push({ status: res.status, error: { ...res.body.error, details: res.body.error.details && { retryAfterSec: expect.any(Number) } } });
      }
      return answers;
    };
    const existing = await attempts(staff.email, '10.4.0');
    const unknown = await attempts(`nobody-${randomUUID()}@nowhere.test`, '10.4.1');
    expect(existing.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    expect(unknown).toEqual(existing);
  });

  it('unlocks a locked account by itself once its failures have left the window; refused attempts do not extend the lock', async () => {
    const staff = await createStaff(t, 'operator');
    const ip = '10.5.0.1';
    for (let i = 0; i < 3; i++) await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email: staff.email, password: 'wrong-password' });
    const locked = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.5.0.2').send({ email: staff.email, password: staff.password });
    expect(locked.status).toBe(429);
    const counted = async () => (await t.db.query(`SELECT count(*)::int AS n FROM sign_in_failures WHERE ip = ANY($1::inet[])`, [[ip, '10.5.0.2']])).rows[0].n;
    expect(await counted()).toBe(3);
    // The window (LOGIN_WINDOW_SEC, 900 s here) passes.
    await t.db.query(`UPDATE sign_in_failures SET at = at - interval '901 seconds' WHERE ip = $1`, [ip]);
    expect((await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.5.0.3').send({ email: staff.email, password: staff.password })).status).toBe(
      200,
    );
  });

  it('keeps no email addresses in the table of failed sign-ins', async () => {
    const email = `canary-${randomUUID()}@nowhere.test`;
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.6.0.1').send({ email, password: 'wrong-password' });
    const { rows } = await t.db.query(`SELECT email_key FROM sign_in_failures WHERE ip = '10.6.0.1'`);
    expect(rows).toHaveLength(1);
    expect((rows[0].email_key as Buffer).includes(Buffer.from(email))).toBe(false);
  });

  it('rate limits failed sign-ins per address', async () => {
    const ip = '10.3.0.1';
    for (let i = 0; i < 6; i++) {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: `guess${i}@nowhere.test`, password: 'guess' });
      expect(res.status).toBe(401);
    }
    const staff = await createStaff(t, 'manager');
    const limited = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email: staff.email, password: staff.password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.3.0.2').send({ email: staff.email, password: staff.password })).status).toBe(
      200,
    );
  });
});

const HS256 = { alg: 'HS256', typ: 'JWT' };

function claimsOf(accessToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());
}

/** A token signed by hand: any header and claims, our secret unless told otherwise. */
function forge(header: object, claims: object, secret = TEST_JWT_SECRET): string {
  const h = Buffer.from(JSON.stringify(header)).toString('base64url');
  const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${h}.${p}.${createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')}`;
}
