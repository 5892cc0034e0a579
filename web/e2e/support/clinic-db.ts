import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * The test app's database, for what the API rightly refuses to set up (a visit that started a while ago: bookings
 * are for the future). The embedded server's port and password are read from its data folder.
 */
function databaseUrl(): string {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/clinicdesk_console_e2e';
    return url.toString();
  }
  const pgDir = path.join(ROOT, '.data/console-e2e/pg');
  const { user, password } = JSON.parse(readFileSync(path.join(pgDir, 'credentials.json'), 'utf8')) as { user: string; password: string };
  const port = readFileSync(path.join(pgDir, 'pgdata/postmaster.pid'), 'utf8').split('\n')[3]!.trim();
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/clinicdesk`;
}

/** Moves a booked visit to have started `minutesAgo` minutes ago (its length kept); returns the new start. */
export async function visitStarted(appointmentId: string, minutesAgo: number): Promise<Date> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query(
      `UPDATE appointments SET ends_at = date_trunc('minute', now()) - make_interval(mins => $2) + (ends_at - starts_at),
              starts_at = date_trunc('minute', now()) - make_interval(mins => $2)
        WHERE id = $1 RETURNING starts_at`,
      [appointmentId, minutesAgo],
    );
    return rows[0].starts_at;
  } finally {
    await client.end();
  }
}

/** A query on the test app's database, for what no API sets up (a lead that arrived a while ago). */
export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
