import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { one, returning, rows } from '../../database/sql.js';
import { joinActiveOperator, joinedStaffCapacity, staffWorksAt } from '../../modules/staff/staff-sql.js';
import type { PresenceStatus } from './presence.types.js';

export interface PresenceRow {
  status: PresenceStatus;
  changedAt: Date;
}

export interface AvailableOperator {
  userId: string;
  capacity: number;
  /** Available since; the longest-waiting operator comes first. */
  since: Date;
}

const COLUMNS = `status, changed_at AS "changedAt"`;

@Injectable()
export class PresenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(staffId: string, em: EntityManager = this.dataSource.manager): Promise<PresenceRow | null> {
    return (await one<PresenceRow>(em, `SELECT ${COLUMNS} FROM staff_presence WHERE staff_id = $1`, [staffId])) ?? null;
  }

  /** The staff member's status, locked until the transaction ends, so changes of it apply one after another. */
  async lockById(staffId: string, em: EntityManager): Promise<PresenceRow | null> {
    return (await one<PresenceRow>(em, `SELECT ${COLUMNS} FROM staff_presence WHERE staff_id = $1 FOR UPDATE`, [staffId])) ?? null;
  }

  async save(staffId: string, status: PresenceStatus, em: EntityManager): Promise<PresenceRow> {
    const [row] = await returning<PresenceRow>(
      em,
      `INSERT INTO staff_presence (staff_id, status) VALUES ($1, $2)
       ON CONFLICT (staff_id) DO UPDATE SET status = EXCLUDED.status, changed_at = now()
       RETURNING ${COLUMNS}`,
      [staffId, status],
    );
    return row!;
  }

  /** The statuses of these staff members (those never set are absent: offline). */
  statuses(staffIds: string[]): Promise<Array<{ staffId: string; status: PresenceStatus; changedAt: Date }>> {
    return rows(this.dataSource, `SELECT staff_id AS "staffId", ${COLUMNS} FROM staff_presence WHERE staff_id = ANY($1::uuid[])`, [staffIds]);
  }

  /** Active operators whose status is available, in the branch (or serving every branch) when one is given. */
  availableOperators(branchId: string | undefined, em: EntityManager = this.dataSource.manager): Promise<AvailableOperator[]> {
    return rows<AvailableOperator>(
      em,
      `SELECT p.staff_id AS "userId", ${joinedStaffCapacity()} AS capacity, p.changed_at AS since
         FROM staff_presence p ${joinActiveOperator('p.staff_id')}
        WHERE p.status = 'available' AND ($1::uuid IS NULL OR ${staffWorksAt('p.staff_id', '$1::uuid')})
        ORDER BY p.changed_at, p.staff_id`,
      [branchId ?? null],
    );
  }
}
