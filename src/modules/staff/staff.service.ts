import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { hashPassword } from '../../common/auth/passwords.js';
import type { Role } from '../../common/auth/roles.js';
import { conflict, notFound } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { decodeCursor, toPage, type Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateStaffDto, ListStaffQuery, StaffView, UpdateStaffDto } from './dto/staff.dto.js';
import type { StaffUser } from './staff-user.entity.js';
import { StaffRepository, type StaffValues } from './staff.repository.js';

describeConstraint('staff_users_email_key', { code: 'CONFLICT', message: 'A staff member with this email already exists' });
describeConstraint('staff_users_extension_key', { code: 'CONFLICT', message: 'This telephony extension belongs to another staff member' });
describeConstraint('staff_branches_branch_id_fkey', { code: 'NOT_FOUND', message: 'One of the branches does not exist' });

/** How an admin created on the server is named until they enter their own name: in the clinic's language. */
const FIRST_ADMIN_NAME = 'Администратор';

@Injectable()
export class StaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async list(query: ListStaffQuery): Promise<Page<StaffView>> {
    const limit = query.limit ?? 50;
    const rows = await this.staff.list({
      role: query.role,
      active: query.active,
      branchId: query.branchId,
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    return toPage(rows.map(toView), limit, (u) => ({ at: u.createdAt.toISOString(), id: u.id }));
  }

  /** Who works at these branches (every branch when undefined) in these roles, active ones only. */
  async activeAt(roles: Role[], branchIds: readonly string[] | undefined): Promise<StaffView[]> {
    return (await this.staff.activeAt(roles, branchIds)).map(toView);
  }

  async get(id: string): Promise<StaffView> {
    const user = await this.staff.findById(id);
    if (!user) throw notFound('Staff member');
    return toView(user);
  }

  /** The user as they are now, or null when gone or deactivated (refreshing tokens checks this). */
  async findActive(id: string): Promise<{ id: string; role: Role; branchIds: string[] } | null> {
    const user = await this.staff.findById(id);
    return user?.active ? { id: user.id, role: user.role, branchIds: user.branchIds } : null;
  }

  findForLogin(email: string) {
    return this.staff.findByEmailForLogin(email.trim().toLowerCase());
  }

  async create(actor: Actor, dto: CreateStaffDto): Promise<StaffView> {
    const passwordHash = await hashPassword(dto.password);
    const id = await this.dataSource.transaction(async (em) => {
      const newId = await this.staff.insert(
        {
          email: dto.email.toLowerCase(),
          passwordHash,
          fullName: dto.fullName,
          role: dto.role,
          active: true,
          capacity: dto.capacity ?? 5,
          extension: dto.extension ?? null,
        },
        dto.branchIds ?? [],
        em,
      );
      await this.audit.record(
        actor,
        { action: 'staff.created', entity: 'staff_user', entityId: newId, fields: ['email', 'fullName', 'role', 'branchIds'] },
        em,
      );
      return newId;
    });
    return this.get(id);
  }

  async update(actor: Actor, id: string, dto: UpdateStaffDto): Promise<StaffView> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    await this.dataSource.transaction(async (em) => {
      const current = await this.staff.lockById(id, em);
      if (!current) throw notFound('Staff member');
      const losesAdmin = current.role === 'admin' && current.active && ((dto.role && dto.role !== 'admin') || dto.active === false);
      if (losesAdmin && (await this.staff.countActiveAdmins(em)) <= 1) {
        throw conflict('This is the last active admin: make someone else an admin first');
      }
      const changes: Partial<StaffValues> = {};
      if (dto.email !== undefined) changes.email = dto.email.toLowerCase();
      if (dto.fullName !== undefined) changes.fullName = dto.fullName;
      if (dto.role !== undefined) changes.role = dto.role;
      if (dto.active !== undefined) changes.active = dto.active;
      if (dto.capacity !== undefined) changes.capacity = dto.capacity;
      if (dto.extension !== undefined) changes.extension = dto.extension;
      if (passwordHash) changes.passwordHash = passwordHash;
      await this.staff.update(id, changes, em);
      if (dto.branchIds) await this.staff.replaceBranches(id, dto.branchIds, em);

      const fields = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
      const roleChanged = dto.role !== undefined && dto.role !== current.role;
      const deactivated = dto.active === false && current.active;
      await this.audit.record(actor, { action: roleChanged ? 'staff.role_changed' : 'staff.updated', entity: 'staff_user', entityId: id, fields }, em);
      if (deactivated) await this.events.emit('staff.access_changed', { userId: id, reason: 'deactivated' }, em);
      else if (roleChanged) await this.events.emit('staff.access_changed', { userId: id, reason: 'role_changed' }, em);
      else if (passwordHash) await this.events.emit('staff.access_changed', { userId: id, reason: 'password_changed' }, em);
      else if (dto.branchIds && !sameMembers(dto.branchIds, current.branchIds)) await this.events.emit('staff.branches_changed', { userId: id }, em);
    });
    return this.get(id);
  }

  /** A new password set on the server (`npm run admin -- reset-password`): audited as the system, ends every session. */
  async resetPasswordFromServer(id: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (em) => {
      await this.staff.update(id, { passwordHash }, em);
      await this.audit.recordAnonymous(
        { actorRole: 'system' },
        { action: 'staff.password_reset', entity: 'staff_user', entityId: id, fields: ['password'] },
        em,
      );
      await this.events.emit('staff.access_changed', { userId: id, reason: 'password_reset' }, em);
    });
  }

  /** An admin created on the server (`npm run admin -- create-admin`), whatever staff exist. */
  async createAdminFromServer(email: string, password: string): Promise<string> {
    const passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (em) => {
      const id = await this.staff.insert(
        { email: email.trim().toLowerCase(), passwordHash, fullName: FIRST_ADMIN_NAME, role: 'admin', active: true, capacity: 5, extension: null },
        [],
        em,
      );
      await this.audit.recordAnonymous({ actorRole: 'system' }, { action: 'staff.created', entity: 'staff_user', entityId: id, fields: ['email', 'role'] }, em);
      return id;
    });
  }

  /** Creates the first admin of an empty installation; returns undefined when staff already exist. */
  async createFirstAdmin(email: string, password: string): Promise<string | undefined> {
    return this.dataSource.transaction(async (em) => {
      await this.staff.lockAll(em);
      if ((await this.staff.countAdmins(em)) > 0) return undefined;
      const id = await this.staff.insert(
        { email, passwordHash: await hashPassword(password), fullName: FIRST_ADMIN_NAME, role: 'admin', active: true, capacity: 5, extension: null },
        [],
        em,
      );
      await this.audit.recordAnonymous({ actorRole: 'system' }, { action: 'staff.created', entity: 'staff_user', entityId: id, fields: ['email', 'role'] }, em);
      return id;
    });
  }

  /** The active staff member with this telephony extension (PBX events name the operator's extension). */
  activeIdByExtension(extension: string, em?: EntityManager): Promise<string | undefined> {
    return this.staff.activeIdByExtension(extension, em);
  }
}

function toView(user: StaffUser): StaffView {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    role: user.role,
    active: user.active,
    branchIds: user.branchIds ?? [],
    capacity: user.capacity,
    extension: user.extension,
    createdAt: user.createdAt,
  };
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}
