import { afterAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs the built application (`dist/src/main.js`, built by `npm test` first) the way `npm start` does:
 * embedded PostgreSQL, migrations, first admin, demo data. Then kills it with SIGKILL and starts it again.
 */
const MAIN = path.resolve('dist/src/main.js');
const dataDir = path.resolve(`.data/startup-test-${process.pid}`);
const ADMIN = { email: 'chief@clinic.example', password: 'startup-test-password' };

interface Running {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/** Starts `node dist/src/main.js`, or with `viaNpm` `npm run start:prod` in a process group of its own, as a terminal runs it. */
function start(options: { viaNpm?: boolean } = {}): Promise<Running> {
  const env = {
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    NODE_ENV: 'development',
  };
  const child = options.viaNpm
    ? spawn('npm', ['run', 'start:prod'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
    const check = setInterval(() => {
      const match = /running at (http:\/\/\S+)\/api\/v1/.exec(output);
      if (match) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, baseUrl: match[1]!.replace('localhost', '127.0.0.1'), output: () => output });
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before starting:\n${output}`));
    });
  });
}

/** The exit code, or null when a signal ended the process (npm, say, on a hang-up). */
function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );
}

function postgresPid(): number | undefined {
  const pidFile = path.join(dataDir, 'pg', 'pgdata', 'postmaster.pid');
  return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined;
}

/** Running, not merely a zombie waiting for a parent that does not reap it. */
function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** Resolves once `check` holds, polling; rejects after `timeoutMs`. */
async function eventually(check: () => boolean, what: string, timeoutMs = 40_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The docs page works under the content security policy: the policy forbids framing and scripts from anywhere but
 * this server, and the page has no inline scripts or event-handler attributes, only scripts of its own that load.
 * (Rendered in headless Chromium under this policy, Swagger UI shows every operation.)
 */
async function expectDocsPageAllowedByItsPolicy(baseUrl: string, headers: Headers, page: string): Promise<void> {
  const policy = headers.get('content-security-policy') ?? '';
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("script-src-attr 'none'");
  expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(page).not.toMatch(/\son[a-z]+\s*=/i);
  const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, inline] of scripts) {
    expect(inline!.trim()).toBe('');
    const src = /src="([^"]+)"/.exec(attributes!)?.[1];
    expect(src).toMatch(/^\.?\//); // this server's own
    const script = await fetch(new URL(src!, `${baseUrl}/api/docs`));
    expect([script.status, script.headers.get('content-type')]).toEqual([200, expect.stringContaining('javascript')]);
  }
}

describe('npm start', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on embedded PostgreSQL, serves the API and docs, recovers after SIGKILL and stops cleanly on SIGTERM', async () => {
    expect(existsSync(MAIN)).toBe(true);
    const first = await start();
    expect(first.output()).toContain('/api/docs');
    expect(first.output()).toContain(ADMIN.email);
    expect(first.output()).toMatch(/Demo staff \(password "demo-/);
    const health = await fetch(`${first.baseUrl}/api/v1/health`);
    expect(health.status).toBe(200);
    const docs = await fetch(`${first.baseUrl}/api/docs`);
    expect(docs.status).toBe(200);
    const page = await docs.text();
    expect(page).toContain('swagger');
    await expectDocsPageAllowedByItsPolicy(first.baseUrl, docs.headers, page);
    const login = await fetch(`${first.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);

    const stalePostgres = postgresPid();
    expect(alive(stalePostgres)).toBe(true);
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(alive(stalePostgres)).toBe(true); // left behind, holding the data folder

    const second = await start();
    expect(second.output()).toContain('left running from an earlier start');
    expect(second.output()).not.toContain('Demo staff'); // seeded once, not again
    expect((await fetch(`${second.baseUrl}/api/v1/health`)).status).toBe(200);
    const again = await fetch(`${second.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(again.status).toBe(200);
    const runningPostgres = postgresPid();
    expect(runningPostgres).not.toBe(stalePostgres);

    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
    expect(alive(runningPostgres)).toBe(false);
  });

  /** Signals the process group; it may be gone already (the app stopped at the first signal). */
  const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };

  it.each([
    // Ctrl+C in a terminal: SIGINT to npm and the app together, then npm forwards it again (or the user presses it twice).
    { name: 'Ctrl+C on npm start', signal: 'SIGINT' as const },
    { name: 'SIGTERM to the whole process group', signal: 'SIGTERM' as const },
    // The terminal window closed.
    { name: 'a hang-up', signal: 'SIGHUP' as const },
  ])('stops the embedded PostgreSQL with the app on $name', async ({ signal }) => {
    const running = await start({ viaNpm: true });
    const database = postgresPid();
    expect(alive(database)).toBe(true);
    signalGroup(running.child, signal);
    await eventually(() => running.output().includes(`${signal} received, shutting down`), 'the shutdown to begin');
    signalGroup(running.child, signal);
    await exited(running.child);
    await eventually(() => !alive(database), 'the embedded PostgreSQL to stop');
  });

  it('stops the embedded PostgreSQL when Ctrl+C comes while the app is still starting', async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const env = { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development' };
    const child = spawn('npm', ['run', 'start:prod'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    // Interrupted once the database runs, before migrations and the demo clinic are done.
    await eventually(() => output.includes('embedded PostgreSQL listening'), 'the embedded PostgreSQL to start');
    const database = postgresPid();
    expect(alive(database)).toBe(true);
    signalGroup(child, 'SIGINT');
    await exited(child);
    await eventually(() => !alive(database), 'the embedded PostgreSQL to stop');
    expect(output).not.toContain('running at');
  });
});
