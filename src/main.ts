import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createApp } from './app.setup.js';
import { CONSOLE_DIR } from './console/console-static.js';
import { ConfigError, loadConfig } from './config/config.js';
import { ensureDatabase, migrate } from './database/database.js';
import { startEmbeddedPostgres } from './database/embedded-postgres.mjs';
import { DemoSeeder } from './modules/demo/demo.seeder.js';
import { StaffService } from './modules/staff/staff.service.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const config = loadConfig();

  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), log: (line: string) => say(`[clinicdesk] ${line}`) });
  const databaseUrl = config.databaseUrl ?? (await ensureDatabase(embedded!.url, 'clinicdesk'));
  const stopDatabase = async () => embedded?.stop();

  try {
    const applied = await migrate(databaseUrl);
    if (applied.length) say(`[clinicdesk] applied ${applied.length} migration(s)`);

    const app = await createApp({ config: { ...config, databaseUrl } });
    const consoleServed = existsSync(`${CONSOLE_DIR}index.html`);
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`[clinicdesk] ${signal} received, shutting down`);
      await app.close().catch(() => undefined);
      await stopDatabase();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));

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
      say(`Sign in${consoleUrl ? ` at ${consoleUrl}` : `: POST ${base}/api/v1/auth/login`} with email "${config.adminEmail}" and ${config.adminPassword ? 'the ADMIN_PASSWORD you set' : `password "${generatedPassword}" (shown only this once)`}`);
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
