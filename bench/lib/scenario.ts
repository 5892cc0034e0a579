import type pg from 'pg';
import type { FakeSmsRu } from './fake-sms-ru.js';

/** What every scenario gets: a freshly started app (its own process) and its database. */
export interface BenchContext {
  baseUrl: string;
  /** The app process, for memory readings. */
  appPid: number;
  db: pg.Pool;
  /** Authorization header of a signed-in staff member of that role (created on first use). */
  auth(role: 'admin' | 'manager' | 'operator' | 'receptionist'): Promise<string>;
  /** The SMS.ru stand-in every app instance of the run sends to. */
  smsRu: FakeSmsRu;
  /** Starts one more app instance on the same database (for scale-out scenarios). */
  startSecondInstance(): Promise<{ baseUrl: string; pid: number }>;
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
