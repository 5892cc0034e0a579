import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cursor } from '../../common/http/pagination.js';
import { Where } from '../../common/sql/where.js';
import { execute, one, returning, rows } from '../../database/sql.js';
import type { StaffUser } from './staff-user.entity.js';
import { staffBranchIds } from './staff-sql.js';

/** What a staff member's record holds that can be set (the id, branches and times are not). */
export type StaffValues = Pick<StaffUser, 'email' | 'passwordHash' | 'fullName' | 'role' | 'active' | 'capacity' | 'extension'>;

const COLUMN_OF: Record<keyof StaffValues, string> = {
  email: 'email',
  passwordHash: 'password_hash',
  fullName: 'full_name',
  role: 'role',
  active: 'active',
  capacity: 'capacity',
  extension: 'extension',
};

/** A StaffUser (without the password hash) of the staff member `u`, with their branches. */
const COLUMNS = `u.id, u.email, u.full_name AS "fullName", u.role, u.active, u.capacity, u.extension,
                 u.created_at AS "createdAt", u.updated_at AS "updatedAt", ${staffBranchIds('u.id')} AS "branchIds"`;

@Injectable()
export class StaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<StaffUser | null> {
    return (await one<StaffUser>(em, `SELECT ${COLUMNS} FROM staff_users u WHERE u.id = $1`, [id])) ?? null;
  }

  /** The staff member, locked until the transaction ends (their branches are read, not locked). */
  async lockById(id: string, em: EntityManager): Promise<StaffUser | null> {
    return (await one<StaffUser>(em, `SELECT ${COLUMNS} FROM staff_users u WHERE u.id = $1 FOR UPDATE OF u`, [id])) ?? null;
  }

  /** With the password hash, for signing in. */
  async findByEmailForLogin(email: string): Promise<StaffUser | null> {
    return (
      (await one<StaffUser>(this.dataSource, `SELECT ${COLUMNS}, u.password_hash AS "passwordHash" FROM staff_users u WHERE u.email = $1`, [email])) ?? null
    );
  }

  list(filter: { role?: string; active?: boolean; branchId?: string; after?: Cursor; limit: number }): Promise<StaffUser[]> {
    const where = new Where();
    if (filter.role) where.and('u.role = ?', filter.role);
    if (filter.active !== undefined) where.and('u.active = ?', filter.active);
    if (filter.branchId) where.and('EXISTS (SELECT 1 FROM staff_branches sb WHERE sb.staff_id = u.id AND sb.branch_id = ?::uuid)', filter.branchId);
    if (filter.after) where.and('(u.created_at, u.id) > (?, ?::uuid)', filter.after.at, filter.after.id);
    return rows<StaffUser>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM staff_users u ${where} ORDER BY u.created_at, u.id LIMIT ${where.add(filter.limit)}`,
      where.values,
    );
  }

  /** Active staff of these roles working at any of the branches (every branch when undefined), by name. */
  activeAt(roles: string[], branchIds: readonly string[] | undefined): Promise<StaffUser[]> {
    const where = new Where();
    where.and('u.active').and('u.role = ANY(?::text[])', roles);
    if (branchIds) where.and('EXISTS (SELECT 1 FROM staff_branches sb WHERE sb.staff_id = u.id AND sb.branch_id = ANY(?::uuid[]))', branchIds);
    return rows<StaffUser>(this.dataSource, `SELECT ${COLUMNS} FROM staff_users u ${where} ORDER BY u.full_name`, where.values);
  }

  /** Keeps anyone else from adding or changing staff until the transaction ends (reads go on). */
  async lockAll(em: EntityManager): Promise<void> {
    await execute(em, `LOCK TABLE staff_users IN EXCLUSIVE MODE`);
  }

  /** Admins, active or not. */
  async countAdmins(em: EntityManager = this.dataSource.manager): Promise<number> {
    return (await one<{ n: number }>(em, `SELECT count(*)::int AS n FROM staff_users WHERE role = 'admin'`))!.n;
  }

  async countActiveAdmins(em: EntityManager = this.dataSource.manager): Promise<number> {
    return (await one<{ n: number }>(em, `SELECT count(*)::int AS n FROM staff_users WHERE role = 'admin' AND active`))!.n;
  }

  async insert(values: StaffValues, branchIds: string[], em: EntityManager): Promise<string> {
    const keys = Object.keys(COLUMN_OF) as (keyof StaffValues)[];
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO staff_users (${keys.map((k) => COLUMN_OF[k]).join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      keys.map((k) => values[k]),
    );
    await this.replaceBranches(row!.id, branchIds, em);
    return row!.id;
  }

  async update(id: string, values: Partial<StaffValues>, em: EntityManager): Promise<void> {
    const entries = (Object.entries(values) as [keyof StaffValues, unknown][]).filter(([, v]) => v !== undefined);
    if (!entries.length) return;
    await execute(em, `UPDATE staff_users SET ${entries.map(([k], i) => `${COLUMN_OF[k]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`, [
      id,
      ...entries.map(([, v]) => v),
    ]);
  }

  async replaceBranches(staffId: string, branchIds: string[], em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM staff_branches WHERE staff_id = $1`, [staffId]);
    if (branchIds.length) {
      await execute(em, `INSERT INTO staff_branches (staff_id, branch_id) SELECT $1, unnest($2::uuid[])`, [staffId, branchIds]);
    }
  }

  /** The active staff member with this telephony extension. */
  async activeIdByExtension(extension: string, em: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    return (await one<{ id: string }>(em, `SELECT id FROM staff_users WHERE extension = $1 AND active`, [extension]))?.id;
  }
}
