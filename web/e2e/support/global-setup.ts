import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ClinicApi } from './clinic-api';
import { startFakeMessengers } from './fake-messengers';
import { seedClinic } from './seed';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const ADMIN = { email: 'console-admin@clinicdesk.local', password: 'console-e2e-admin-password' };
const DATABASE = 'clinicdesk_console_e2e';

/**
 * Starts the built app (`npm test` builds it first) as production runs it, on a fresh database: DATABASE_URL's server
 * when set, otherwise an embedded PostgreSQL in a fresh folder. Tests create what they need through the API.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const main = path.join(ROOT, 'dist/src/main.js');
  if (!existsSync(main) || !existsSync(path.join(ROOT, 'dist/web/index.html'))) throw new Error('Build first: npm run build');
  mkdirSync(path.join(ROOT, '.data/screenshots'), { recursive: true });
  // Messages to patients go to a local fake Telegram and VK the tests steer (never to the real ones).
  const messengers = await startFakeMessengers();
  process.env.CLINICDESK_E2E_MESSENGERS = messengers.url;

  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: 'false',
    ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, JWT_SECRET: 'console-e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
    JOBS_POLL_MS: '200', TELEGRAM_API_BASE_URL: messengers.url, VK_API_BASE_URL: messengers.url, PUBLIC_RATE_LIMIT: '100000', INTAKE_SOURCE_RATE_LIMIT: '100000', LOGIN_MAX_FAILURES_PER_IP: '100000',
  };
  let dropDatabase = async () => undefined;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${DATABASE}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
      await client.end();
    };
  } else {
    const dataDir = path.join(ROOT, '.data/console-e2e');
    rmSync(dataDir, { recursive: true, force: true });
    env.DATA_DIR = dataDir;
    env.DATABASE_URL = '';
  }

  const child = spawn(process.execPath, [main], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await dropDatabase();
    await messengers.close();
  };
  try {
    const baseUrl = await started(child);
    process.env.CLINICDESK_E2E_URL = baseUrl;
    process.env.CLINICDESK_E2E_SEED = JSON.stringify(await seedClinic(new ClinicApi(baseUrl), ADMIN));
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

function started(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start within 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /running at (http:\/\/\S+)\/api\/v1/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code} before starting:\n${output}`));
    });
  });
}
