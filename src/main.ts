import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.setup.js';
import { CONSOLE_DIR } from './console/console-static.js';
import { ConfigError, loadConfig } from './config/config.js';
import { ensureDatabase, migrate } from './database/database.js';
import { startEmbeddedPostgres } from './database/embedded-postgres.mjs';
import { DemoSeeder } from './modules/demo/demo.seeder.js';
import { StaffService } from './modules/staff/staff.service.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
/** Longest wait for the app to close before the embedded database is stopped anyway. */
const SHUTDOWN_GRACE_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfig();

  const starting = config.databaseUrl
    ? undefined
    : startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), log: (line: string) => say(`[clinicdesk] ${line}`) });
  // Also when the server is still starting: it runs detached, so it would outlive us otherwise.
  const stopDatabase = async () => (await starting?.catch(() => undefined))?.stop();

  // Whatever ends the app (Ctrl+C reaches npm and the app together, npm forwards it again; SIGTERM to the app or its
  // group) stops the embedded server with it, also during start-up or when closing hangs. A repeated signal must not
  // cut the shutdown short: the server runs in its own process group and would be left behind.
  let app: NestFastifyApplication | undefined;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`[clinicdesk] ${signal} received, shutting down`);
    setTimeout(() => void stopDatabase().finally(() => process.exit(1)), SHUTDOWN_GRACE_MS).unref();
    void (async () => {
      await app?.close().catch(() => undefined);
      await stopDatabase();
      process.exit(0);
    })();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));

  try {
    const embedded = await starting;
    const databaseUrl = config.databaseUrl ?? (await ensureDatabase(embedded!.url, 'clinicdesk'));
    const applied = await migrate(databaseUrl);
    if (applied.length) say(`[clinicdesk] applied ${applied.length} migration(s)`);

    app = await createApp({ config: { ...config, databaseUrl } });
    const consoleServed = existsSync(`${CONSOLE_DIR}index.html`);
    await app.listen({ port: config.port, host: config.host });

    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    const consoleUrl = config.consoleUi && consoleServed ? `${base}/` : undefined;
    if (consoleUrl) say(`Clinicdesk console: ${consoleUrl}`);
    const generatedPassword = config.adminPassword ? undefined : randomBytes(12).toString('base64url');
    const adminId = await app.get(StaffService).createFirstAdmin(config.adminEmail, config.adminPassword ?? generatedPassword!);
    // Shown before the demo is seeded, so stopping during the seeding cannot lose the only copy of the password.
    if (adminId) {
      say('');
      say(
        `Sign in${consoleUrl ? ` at ${consoleUrl}` : `: POST ${base}/api/v1/auth/login`} with email "${config.adminEmail}" and ${config.adminPassword ? 'the ADMIN_PASSWORD you set' : `password "${generatedPassword}" (shown only this once)`}`,
      );
    }
    const demo = adminId && config.seedDemo ? await app.get(DemoSeeder).seedIfEmpty(adminId) : undefined;
    if (demo) say(`Demo staff (password "${demo.password}"): ${demo.emails.join(', ')}`);

    say('');
    if (consoleUrl) say(`Console: ${consoleUrl}`);
    say(`Clinicdesk is running at ${base}/api/v1`);
    say(`API docs: ${base}/api/docs`);
    if (embedded) say(`Database: embedded PostgreSQL (data in ${path.join(config.dataDir, 'pg')}); set DATABASE_URL to use your own server`);
    say('');
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
