import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { signedIn } from '../factories/staff.factory.js';
import { ConnectRefused, connectSocket } from '../setup/socket.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const SECRET_A = 'instance-a-secret-0123456789-abcdefghijklmnop';
const SECRET_B = 'instance-b-secret-0123456789-qrstuvwxyzabcdef';

/** A token signed by hand with `secret`: any claims. */
function forge(claims: object, secret: string): string {
  const h = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${h}.${p}.${createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')}`;
}

function claimsOf(accessToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());
}

const refusal = (baseUrl: string, token: string) =>
  connectSocket(baseUrl, { token }).then(
    (s) => {
      s.close();
      return 'connected';
    },
    (error: unknown) => (error instanceof ConnectRefused ? error.code : String(error)),
  );

/**
 * Bearer tokens go through passport's `jwt` strategy. Each application has its own passport instance, so two
 * applications in one process (different secrets, different databases) never verify with each other's strategy.
 */
describe('passport per application instance', () => {
  let a: TestApp;
  let b: TestApp;
  let bClosed = false;
  beforeAll(async () => {
    a = await startTestApp({ env: { JWT_SECRET: SECRET_A } });
    b = await startTestApp({ env: { JWT_SECRET: SECRET_B } });
  });
  afterAll(async () => {
    if (!bClosed) await b.close();
    await a.close();
  });

  it('lets each instance accept its own tokens and refuse the other’s, and keeps the first working after the second closes', async () => {
    const onA = await signedIn(a, 'operator');
    const onB = await signedIn(b, 'operator');
    const me = (t: TestApp, auth: string) => t.http().get('/api/v1/auth/me').set('Authorization', auth);

    expect((await me(a, onA.auth)).body.id).toBe(onA.id);
    expect((await me(b, onB.auth)).body.id).toBe(onB.id);
    expect((await me(a, onB.auth)).status).toBe(401);
    expect((await me(b, onA.auth)).status).toBe(401);
    // Signed with the other instance's secret but naming a live session of this one: the signature decides.
    expect((await me(a, `Bearer ${forge(claimsOf(onA.accessToken), SECRET_B)}`)).status).toBe(401);
    expect(await refusal(b.baseUrl, onA.accessToken)).toBe('UNAUTHENTICATED');
    expect(await refusal(a.baseUrl, onA.accessToken)).toBe('connected');

    await b.close();
    bClosed = true;
    expect((await me(a, onA.auth)).body.id).toBe(onA.id);
    const later = await signedIn(a, 'manager');
    expect((await me(a, later.auth)).body.id).toBe(later.id);
    expect(await refusal(a.baseUrl, later.accessToken)).toBe('connected');
  });

  it('refuses a correctly signed token without an expiry, over HTTP and in the socket handshake', async () => {
    const session = await signedIn(a, 'admin');
    const { exp, ...withoutExp } = claimsOf(session.accessToken);
    expect(typeof exp).toBe('number');
    const noExpiry = forge(withoutExp, SECRET_A);
    expect((await a.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${noExpiry}`)).status).toBe(401);
    expect(await refusal(a.baseUrl, noExpiry)).toBe('UNAUTHENTICATED');
    // The same claims with their expiry, signed the same way, pass: the refusal is about the missing expiry.
    const withExpiry = forge({ ...withoutExp, exp }, SECRET_A);
    expect((await a.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${withExpiry}`)).status).toBe(200);
    expect(await refusal(a.baseUrl, withExpiry)).toBe('connected');
  });
});
