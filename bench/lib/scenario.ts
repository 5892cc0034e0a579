import type pg from 'pg';
import type { FakeSmsRu } from './fake-sms-ru.js';
import type { AppProcess } from './app-process.js';
import type { Authenticator } from './auth.js';
import type { Datasets } from './datasets.js';

/** What every scenario gets: a freshly started app (its own process) and its database. */
export interface BenchContext {
  baseUrl: string;
  /** The app process, for memory readings. */
  appPid: number;
  db: pg.Pool;
  /** Authorization header of a signed-in staff member of that role (created on first use). */
  auth: Authenticator;
  /** The SMS.ru stand-in every app instance of the run sends to. */
  smsRu: FakeSmsRu;
  /** Starts one more app instance on the same database (for scale-out scenarios); the same one on later calls. */
  startSecondInstance(): Promise<{ baseUrl: string; pid: number }>;
  /** Starts an app process on another database (with extra settings); stopped at the end of the run. */
  startApp(databaseUrl: string, env?: Record<string, string>): Promise<AppProcess>;
  /** The bench database's URL (its server also holds the kept data sets). */
  databaseUrl: string;
  /** A new empty database on the bench server, dropped at the end of the run. */
  freshDatabase(tag: string): Promise<string>;
  /** Data sets of a given number of leads, kept between runs. */
  datasets: Datasets;
  /** CPU time the PostgreSQL server has used, in ms (undefined with DATABASE_URL: it may be elsewhere). */
  postgresCpuMs(): number | undefined;
}

export interface ScenarioResult {
  name: string;
  /** The target from DESIGN.md, as text. */
  target: string;
  result: Record<string, unknown>;
  /** Whether the measured figures meet the target (undefined when the scenario only reports). */
  ok?: boolean;
}

export type Scenario = (ctx: BenchContext) => Promise<ScenarioResult | ScenarioResult[]>;
