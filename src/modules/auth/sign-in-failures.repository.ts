import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, one } from '../../database/sql.js';

export interface FailureCount {
  count: number;
  /** When the oldest failure in the window happened (it leaves the window first). */
  oldestAt: Date | null;
}

/** Failed sign-ins and two-factor codes, by keyed hash of the submitted email and by address. */
@Injectable()
export class SignInFailuresRepository {
  constructor(private readonly dataSource: DataSource) {}

  async count(by: { emailKey: Buffer } | { ip: string }, windowSec: number, em: EntityManager = this.dataSource.manager): Promise<FailureCount> {
    const [column, value] = 'emailKey' in by ? ['email_key', by.emailKey] : ['ip', by.ip];
    const row = await one<FailureCount>(
      em,
      `SELECT count(*)::int AS count, min(at) AS "oldestAt" FROM sign_in_failures
       WHERE ${column} = $1 AND at > now() - make_interval(secs => $2)`,
      [value, windowSec],
    );
    return row!;
  }

  /** Records one failure and drops those that have left the window (nothing reads them again). */
  async record(emailKey: Buffer, ip: string | null, windowSec: number, em: EntityManager): Promise<void> {
    await execute(
      em,
      `WITH expired AS (DELETE FROM sign_in_failures WHERE at <= now() - make_interval(secs => $3))
       INSERT INTO sign_in_failures (email_key, ip) VALUES ($1, $2)`,
      [emailKey, ip, windowSec],
    );
  }

  async clear(emailKey: Buffer, em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM sign_in_failures WHERE email_key = $1`, [emailKey]);
  }
}
