import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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

@Injectable()
export class PresenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(staffId: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<PresenceRow | null> {
    const [row] = await em.query(`SELECT status, changed_at AS "changedAt" FROM staff_presence WHERE staff_id = $1${lock ? ' FOR UPDATE' : ''}`, [staffId]);
    return row ?? null;
  }

  async save(staffId: string, status: PresenceStatus, em: EntityManager): Promise<PresenceRow> {
    const [row] = await em.query(
      `INSERT INTO staff_presence (staff_id, status) VALUES ($1, $2)
       ON CONFLICT (staff_id) DO UPDATE SET status = EXCLUDED.status, changed_at = now()
       RETURNING status, changed_at AS "changedAt"`,
      [staffId, status],
    );
    return row;
  }

  /** The statuses of these staff members (those never set are absent: offline). */
  async statuses(staffIds: string[]): Promise<Array<{ staffId: string; status: PresenceStatus; changedAt: Date }>> {
    return this.dataSource.query(`SELECT staff_id AS "staffId", status, changed_at AS "changedAt" FROM staff_presence WHERE staff_id = ANY($1::uuid[])`, [
      staffIds,
    ]);
  }

  /** Active operators whose status is available, in the branch (or serving every branch) when one is given. */
  availableOperators(branchId: string | undefined, em: EntityManager = this.dataSource.manager): Promise<AvailableOperator[]> {
    return em.query(
      `SELECT p.staff_id AS "userId", u.capacity, p.changed_at AS since
         FROM staff_presence p JOIN staff_users u ON u.id = p.staff_id
        WHERE p.status = 'available' AND u.active AND u.role = 'operator'
          AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM staff_branches sb WHERE sb.staff_id = u.id AND sb.branch_id = $1::uuid))
        ORDER BY p.changed_at, p.staff_id`,
      [branchId ?? null],
    );
  }
}
