import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app.setup.js';
import { type AppConfig, loadConfig } from '../../src/config/config.js';
import { createTestDatabase, dropTestDatabase } from './database.js';

export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export interface TestApp {
  app: NestFastifyApplication;
  /** Base URL of the listening server, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  databaseUrl: string;
  /** A direct connection to this test's database, for checking what was stored. */
  db: pg.Pool;
  /** Everything the application logged, one JSON line per entry. */
  logs: string[];
  http(): request.Agent;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    // The docs page's static files load an ESM-only package that Jest's CommonJS loader cannot require on Node 20;
    // the page itself is checked against the built app in startup.e2e-spec.ts.
    API_DOCS_UI: 'false',
    // Tests read and work on a website form's lead right after submitting it: the answer waits until the lead is in
    // the queue (intake-inbox.e2e-spec.ts covers answers that come before it).
    INTAKE_ANSWER_WAIT_MS: '10000',
    // The console's static files need the same package; the browser tests (web/e2e) run against the built app.
    CONSOLE_UI: 'false',
    ...env,
  });
}

/** Boots the whole application on its own fresh database and a real port, as production does. */
export async function startTestApp(options: { env?: Record<string, string>; databaseUrl?: string } = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createApp({ config: { ...testConfig(options.env), databaseUrl }, logDestination });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const db = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  return {
    app,
    baseUrl,
    databaseUrl,
    db,
    logs,
    http: () => request.agent(baseUrl),
    async close() {
      await app.close();
      await db.end();
      if (!options.databaseUrl) await dropTestDatabase(databaseUrl);
    },
  };
}
