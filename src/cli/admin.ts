// `npm run admin -- <command> <email>`: recovers access to an installation from its server. Connects to DATABASE_URL,
// or to the embedded PostgreSQL in DATA_DIR (the one a running Clinicdesk uses, or started just for this command).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import path from 'node:path';
import { AppError } from '../common/errors/app-error.js';
import { type AppConfig, ConfigError, loadConfig } from '../config/config.js';
import { ensureDatabase, migrate } from '../database/database.js';
import { findRunningEmbeddedPostgres, startEmbeddedPostgres } from '../database/embedded-postgres.mjs';
import { AccountRecoveryService } from '../modules/auth/account-recovery.service.js';
import { AdminCliModule } from './admin-cli.module.js';

const USAGE = `Usage: npm run admin -- <command> <email>

Commands:
  reset-password <email>   give an existing staff member a new one-time password
  create-admin <email>     create another admin with a one-time password
  reset-2fa <email>        remove someone's authenticator and recovery codes (a lost phone)

Each command ends that person's sessions and is written to the audit trail.
Uses DATABASE_URL, or the embedded database in DATA_DIR (${path.resolve('.data')} by default).`;

const say = (line = '') => process.stdout.write(`${line}\n`);

type Command = 'reset-password' | 'create-admin' | 'reset-2fa';
const COMMANDS: Command[] = ['reset-password', 'create-admin', 'reset-2fa'];

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, email, ...rest] = argv;
  if (!COMMANDS.includes(command as Command) || !email || rest.length) throw new UsageError(USAGE);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new UsageError(`"${email}" is not an email address.\n\n${USAGE}`);
  const config = loadConfig();

  const database = await openDatabase(config);
  try {
    const databaseUrl = config.databaseUrl ?? (await ensureDatabase(database.serverUrl, 'clinicdesk'));
    await migrate(databaseUrl);
    const app = await NestFactory.createApplicationContext(AdminCliModule.forRoot({ ...config, databaseUrl }), { logger: ['error'], abortOnError: false });
    try {
      await run(app.get(AccountRecoveryService), command as Command, email.trim().toLowerCase());
    } finally {
      await app.close();
    }
  } finally {
    await database.release();
  }
}

async function run(recovery: AccountRecoveryService, command: Command, email: string): Promise<void> {
  if (command === 'reset-2fa') {
    await recovery.resetTwoFactor(email);
    say(`Two-factor sign-in of ${email} was removed; their sessions have ended.`);
    say('They sign in with their password and, if their role requires it, set up an authenticator again.');
    return;
  }
  const issued = command === 'reset-password' ? await recovery.resetPassword(email) : await recovery.createAdmin(email);
  say(command === 'reset-password' ? `New password of ${email} (its sessions have ended):` : `Admin ${email} created. Password:`);
  say();
  say(`    ${issued.password}`);
  say();
  say('It is shown only this once and stored only as a hash. Sign in with it, then have a password of your own set at once');
  say('(an admin: PATCH /api/v1/staff/<id> {"password": "…"}).');
  if (issued.inactive) say('Note: this account is deactivated; an admin must activate it before it can sign in.');
}

/** DATABASE_URL; else the embedded server a running app already owns (never stopped here); else one started just for this. */
async function openDatabase(config: AppConfig): Promise<{ serverUrl: string; release: () => Promise<void> }> {
  if (config.databaseUrl) return { serverUrl: config.databaseUrl, release: async () => undefined };
  const dataDir = path.join(config.dataDir, 'pg');
  const running = await findRunningEmbeddedPostgres({ dataDir });
  if (running) return { serverUrl: running.url, release: async () => undefined };
  const started = await startEmbeddedPostgres({ dataDir });
  return { serverUrl: started.url, release: () => started.stop() };
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const known = error instanceof UsageError || error instanceof ConfigError || error instanceof AppError;
    process.stderr.write(`${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
