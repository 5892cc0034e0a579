import pg from 'pg';
import { ensureDatabase, migrate } from '../../src/database/database.js';
import { type AppProcess } from './app-process.js';
import { type Authenticator, authenticator } from './auth.js';
import { buildLargeDataset, type LargeDatasetSizes, LARGE_MARKER } from './large-dataset.js';

/** A data set of `leads` leads in its own database, with an app process on it and staff to sign in as. */
export interface Dataset {
  leads: number;
  url: string;
  db: pg.Pool;
  sizes: LargeDatasetSizes;
  /** Seconds it took to build (0 when it was kept from an earlier run). */
  buildSec: number;
  /** Seconds the first reports took to bring the report rollups up to date (a whole rebuild after a bulk load). */
  rollupSec: number;
  app: AppProcess;
  auth: Authenticator;
}

/**
 * Data sets by size, each in a database `clinicdesk_dataset_<leads>` on the bench server. They are kept between runs
 * (building a million leads takes minutes): delete .data/bench-pg, or drop the databases, to build them afresh.
 */
export class Datasets {
  private readonly open = new Map<number, Promise<Dataset>>();

  constructor(
    private readonly serverUrl: string,
    private readonly startApp: (databaseUrl: string) => Promise<AppProcess>,
    private readonly log: (line: string) => void,
  ) {}

  get(leads: number): Promise<Dataset> {
    if (!this.open.has(leads)) this.open.set(leads, this.prepare(leads));
    return this.open.get(leads)!;
  }

  async close(): Promise<void> {
    for (const dataset of this.open.values()) {
      const d = await dataset.catch(() => undefined);
      await d?.app.stop();
      await d?.db.end();
    }
  }

  private async prepare(leads: number): Promise<Dataset> {
    const url = await ensureDatabase(this.serverUrl, `clinicdesk_dataset_${leads}`);
    await migrate(url);
    const db = new pg.Pool({ connectionString: url, max: 8 });
    const started = Date.now();
    const sizes = await buildLargeDataset(db, { leads, log: (line) => this.log(`data set ${leads}: ${line}`) });
    const buildSec = Math.round((Date.now() - started) / 1000);
    // A kept data set grows with every run (the intake of the cost curves, the leads copied before reports), in
    // bursts a busy server's autovacuum does not analyze at once: plans are made on statistics of the data measured.
    await db.query('ANALYZE');
    const app = await this.startApp(url);
    const auth = authenticator(app.baseUrl);
    // A manager over every branch of the data set and an operator of its first branch (lists and reports then apply
    // the access policy's branch filter, as for real branch staff).
    await auth('manager');
    await auth('operator');
    await db.query(
      `INSERT INTO staff_branches (staff_id, branch_id)
       SELECT u.id, b.id FROM staff_users u, branches b
        WHERE u.email LIKE 'bench-%' AND b.name LIKE $1 AND (u.role = 'manager' OR b.name = $2)
       ON CONFLICT DO NOTHING`,
      [`${LARGE_MARKER}%`, `${LARGE_MARKER} 1`],
    );
    // Reports bring their rollups up to date first: after a bulk load that is a whole rebuild, not to be measured
    // as part of anything else (the background refresh would otherwise do it in the middle of a measurement).
    const rollupStarted = Date.now();
    const manager = await auth('manager');
    for (const path of ['funnel', 'operators', 'repeat-visits', 'doctors']) {
      const res = await fetch(`${app.baseUrl}/api/v1/analytics/${path}?from=2025-01-01&to=2025-12-31`, { headers: { authorization: manager } });
      if (!res.ok) throw new Error(`${path} answered ${res.status}`);
      await res.arrayBuffer();
    }
    const rollupSec = Math.round((Date.now() - rollupStarted) / 100) / 10;
    return { leads, url, db, sizes, buildSec, rollupSec, app, auth };
  }
}
