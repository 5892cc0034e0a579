import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cursor } from '../../common/http/pagination.js';
import { one } from '../../database/sql.js';
import { StaffUser } from './staff-user.entity.js';

@Injectable()
export class StaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<StaffUser | null> {
    const user = await em.getRepository(StaffUser).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    return user && (await this.withBranches([user], em))[0]!;
  }

  /** With the password hash, for signing in. */
  async findByEmailForLogin(email: string): Promise<StaffUser | null> {
    return this.dataSource.getRepository(StaffUser).createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
  }

  async findPasswordHash(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT password_hash FROM staff_users WHERE id = $1`, [id]);
    return row?.password_hash ?? null;
  }

  async list(filter: { role?: string; active?: boolean; branchId?: string; after?: Cursor; limit: number }): Promise<StaffUser[]> {
    const qb = this.dataSource.getRepository(StaffUser).createQueryBuilder('u').orderBy('u.createdAt', 'ASC').addOrderBy('u.id', 'ASC').take(filter.limit);
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.active !== undefined) qb.andWhere('u.active = :active', { active: filter.active });
    if (filter.branchId)
      qb.andWhere('EXISTS (SELECT 1 FROM staff_branches sb WHERE sb.staff_id = u.id AND sb.branch_id = :branchId)', { branchId: filter.branchId });
    if (filter.after) qb.andWhere('(u.created_at, u.id) > (:at, :id)', { at: filter.after.at, id: filter.after.id });
    return this.withBranches(await qb.getMany());
  }

  /** Active staff of these roles working at any of the branches (every branch when undefined), by name. */
  async activeAt(roles: string[], branchIds: readonly string[] | undefined): Promise<StaffUser[]> {
    const qb = this.dataSource
      .getRepository(StaffUser)
      .createQueryBuilder('u')
      .where('u.active')
      .andWhere('u.role IN (:...roles)', { roles })
      .orderBy('u.fullName', 'ASC');
    if (branchIds) qb.andWhere('EXISTS (SELECT 1 FROM staff_branches sb WHERE sb.staff_id = u.id AND sb.branch_id = ANY(:branchIds::uuid[]))', { branchIds });
    return this.withBranches(await qb.getMany());
  }

  async countActiveAdmins(em: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = await em.query(`SELECT count(*)::int AS n FROM staff_users WHERE role = 'admin' AND active`);
    return row.n;
  }

  async insert(values: Omit<StaffUser, 'id' | 'createdAt' | 'updatedAt' | 'branchIds'>, branchIds: string[], em: EntityManager): Promise<string> {
    const result = await em.getRepository(StaffUser).insert(values);
    const id = result.identifiers[0]!.id as string;
    await this.replaceBranches(id, branchIds, em);
    return id;
  }

  async update(id: string, values: Partial<Omit<StaffUser, 'id' | 'branchIds'>>, em: EntityManager): Promise<void> {
    if (Object.keys(values).length) await em.getRepository(StaffUser).update({ id }, values);
  }

  async replaceBranches(staffId: string, branchIds: string[], em: EntityManager): Promise<void> {
    await em.query(`DELETE FROM staff_branches WHERE staff_id = $1`, [staffId]);
    if (branchIds.length) {
      await em.query(`INSERT INTO staff_branches (staff_id, branch_id) SELECT $1, unnest($2::uuid[])`, [staffId, branchIds]);
    }
  }

  async countAll(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM staff_users`);
    return row.n;
  }

  /** The active staff member with this telephony extension. */
  async activeIdByExtension(extension: string, em: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    return (await one<{ id: string }>(em, `SELECT id FROM staff_users WHERE extension = $1 AND active`, [extension]))?.id;
  }

  private async withBranches(users: StaffUser[], em: EntityManager = this.dataSource.manager): Promise<StaffUser[]> {
    if (!users.length) return users;
    const rows: { staff_id: string; branch_id: string }[] = await em.query(
      `SELECT staff_id, branch_id FROM staff_branches WHERE staff_id = ANY($1::uuid[]) ORDER BY branch_id`,
      [users.map((u) => u.id)],
    );
    for (const user of users) user.branchIds = rows.filter((r) => r.staff_id === user.id).map((r) => r.branch_id);
    return users;
  }
}
