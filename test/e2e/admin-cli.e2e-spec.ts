import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { generate } from 'otplib';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.mjs';
import { createStaff, signIn, signedIn } from '../factories/staff.factory.js';
import { connectSocket } from '../setup/socket.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../setup/test-app.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run admin -- …` as an operator types it on the server (the build is made by `npm test` first). */
function admin(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'admin', '--', ...args], {
      env: { ...process.env, NODE_ENV: 'development', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The password the command printed, indented on a line of its own. */
const printedPassword = (run: Run) => /^ {4}(\S+)$/m.exec(run.stdout)?.[1];

describe('npm run admin (against DATABASE_URL, next to a running app)', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
    env = { DATABASE_URL: t.databaseUrl };
  });
  afterAll(async () => t.close());

  it('reset-password prints a new password once, ends the person’s sessions and sockets, unlocks them and is audited', async () => {
    const chief = await signedIn(t, 'admin');
    const socket = await connectSocket(t.baseUrl, { token: chief.accessToken });
    for (let i = 0; i < 3; i++)
      await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', `10.9.0.${i}`).send({ email: chief.email, password: 'forgotten' });
    expect((await t.http().post('/api/v1/auth/login').send({ email: chief.email, password: chief.password })).status).toBe(429);

    const run = await admin(['reset-password', chief.email.toUpperCase()], env);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const password = printedPassword(run)!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);

    expect(await socket.disconnected()).toBe('io server disconnect');
    expect((await t.http().get('/api/v1/auth/me').set('Authorization', chief.auth)).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/login').send({ email: chief.email, password: chief.password })).status).toBe(401);
    const again = await t.http().post('/api/v1/auth/login').send({ email: chief.email, password });
    expect(again.status).toBe(200);
    const { rows } = await t.db.query(`SELECT actor_id, actor_role, fields FROM audit_events WHERE action = 'staff.password_reset' AND entity_id = $1`, [
      chief.id,
    ]);
    expect(rows).toEqual([{ actor_id: null, actor_role: 'system', fields: ['password'] }]);
    const stored = await t.db.query(`SELECT password_hash FROM staff_users WHERE id = $1`, [chief.id]);
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(stored.rows[0].password_hash).not.toContain(password);
  });

  it('create-admin makes an admin who signs in with the printed password; an existing email is refused', async () => {
    const email = `second-admin-${Date.now()}@clinic.example`;
    const run = await admin(['create-admin', email], env);
    expect(run.code).toBe(0);
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email, password: printedPassword(run) });
    expect([login.status, login.body.user?.role]).toEqual([200, 'admin']);
    // Named in the clinic's language until the admin gives their own name.
    expect(login.body.user.fullName).toBe('Администратор');
    const { rows } = await t.db.query(`SELECT actor_role, fields FROM audit_events WHERE action = 'staff.created' AND entity_id = $1`, [login.body.user.id]);
    expect(rows).toEqual([{ actor_role: 'system', fields: ['email', 'role'] }]);

    const twice = await admin(['create-admin', email], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already exists');
  });

  it('reset-2fa removes a lost authenticator and ends the sessions', async () => {
    const person = await signedIn(t, 'manager');
    const started = await t.http().post('/api/v1/auth/mfa/enrolment').set('Authorization', person.auth).send({});
    const secret = new URL(started.body.otpauthUri).searchParams.get('secret')!;
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/mfa/enrolment/confirm')
          .set('Authorization', person.auth)
          .send({ code: await generate({ secret }) })
      ).status,
    ).toBe(200);
    expect((await t.http().post('/api/v1/auth/login').send({ email: person.email, password: person.password })).body.mfaRequired).toBe(true);

    expect((await admin(['reset-2fa', person.email], env)).code).toBe(0);
    expect((await t.http().get('/api/v1/auth/me').set('Authorization', person.auth)).status).toBe(401);
    expect((await signIn(t, person)).accessToken).toEqual(expect.any(String));
    const { rows } = await t.db.query(`SELECT actor_role FROM audit_events WHERE action = 'staff.mfa_reset' AND entity_id = $1`, [person.id]);
    expect(rows).toEqual([{ actor_role: 'system' }]);
  });

  it('says what is wrong: an unknown email, a missing argument', async () => {
    const unknown = await admin(['reset-password', 'nobody@nowhere.test'], env);
    expect([unknown.code, unknown.stdout]).toEqual([1, '']);
    expect(unknown.stderr).toContain('not found');
    const usage = await admin(['reset-password'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run admin');
    // Nobody else was touched.
    const other = await createStaff(t, 'operator');
    expect((await signIn(t, other)).accessToken).toEqual(expect.any(String));
  });
});

describe('npm run admin (embedded PostgreSQL in DATA_DIR)', () => {
  const dataDir = path.resolve(`.data/admin-cli-test-${process.pid}`);
  const pidFile = path.join(dataDir, 'pg', 'pgdata', 'postmaster.pid');
  const serverPid = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined);
  const env = { DATABASE_URL: '', DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('connects to the server a running app owns and leaves it running; starts and stops one when none runs', async () => {
    // What `npm start` leaves running in DATA_DIR.
    const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') });
    const pid = serverPid();
    try {
      const run = await admin(['create-admin', 'chief@clinic.example'], env);
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(serverPid()).toBe(pid);
      const url = new URL(server.url);
      url.pathname = '/clinicdesk';
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      try {
        expect((await db.query(`SELECT role FROM staff_users WHERE email = 'chief@clinic.example'`)).rows).toEqual([{ role: 'admin' }]);
      } finally {
        await db.end();
      }
    } finally {
      await server.stop();
    }
    expect(serverPid()).toBeUndefined();

    // Nothing running: the command starts the embedded server for itself and stops it again.
    const run = await admin(['reset-password', 'chief@clinic.example'], env);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(printedPassword(run)).toEqual(expect.any(String));
    expect(serverPid()).toBeUndefined();
  });
});
