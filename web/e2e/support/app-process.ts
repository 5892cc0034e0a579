import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface StartedApp {
  baseUrl: string;
  /** The app's output so far (its start prints the demo sign-in details). */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the built app (`npm test` builds it first) as production runs it, on a fresh database: `database` on
 * DATABASE_URL's server when set, otherwise an embedded PostgreSQL in a fresh folder `.data/<name>`.
 */
export async function startBuiltApp(name: string, env: Record<string, string>): Promise<StartedApp> {
  const main = path.join(ROOT, 'dist/src/main.js');
  if (!existsSync(main) || !existsSync(path.join(ROOT, 'dist/web/index.html'))) throw new Error('Build first: npm run build');
  const database = `clinicdesk_${name.replace(/-/g, '_')}`;
  const childEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The tests open a website form's lead right after sending it: the answer waits until the lead is made.
    INTAKE_ANSWER_WAIT_MS: '10000',
    ...env,
  };
  let dropDatabase = async () => undefined;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${database}`;
    childEnv.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    };
  } else {
    const dataDir = path.join(ROOT, '.data', name);
    rmSync(dataDir, { recursive: true, force: true });
    childEnv.DATA_DIR = dataDir;
    childEnv.DATABASE_URL = '';
  }

  const child = spawn(process.execPath, [main], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await dropDatabase();
  };
  try {
    const baseUrl = await started(child, (chunk) => (output += chunk));
    return { baseUrl, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function started(child: ChildProcess, collect: (chunk: string) => void): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      collect(String(chunk));
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
