import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../common/auth/actor.js';
import { BranchesService } from '../branches/branches.service.js';
import { DemoCatalogSeeder } from '../schedules/demo-catalog.seeder.js';
import { StaffService } from '../staff/staff.service.js';
import { DemoLeadsSeeder } from './demo-leads.seeder.js';

export interface DemoLogins {
  password: string;
  emails: string[];
}

/** Fills an empty installation with a small living clinic, so a newcomer has something to look at. */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly branches: BranchesService,
    private readonly staff: StaffService,
    private readonly catalog: DemoCatalogSeeder,
    private readonly leads: DemoLeadsSeeder,
  ) {}

  /** Returns the demo logins it created, or undefined when the database already has a clinic in it. */
  async seedIfEmpty(adminId: string): Promise<DemoLogins | undefined> {
    if ((await this.branches.list(true)).length > 0) return undefined;
    const actor: Actor = { id: adminId, role: 'admin', sessionId: '', branchIds: [], requestId: 'demo-seed', ip: '127.0.0.1' };
    const weekdays = { weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '21:00' };
    const weekend = { weekdays: [6, 7], start: '09:00', end: '18:00' };
    const center = await this.branches.create(actor, {
      name: 'Clinicdesk Demo — Center', address: 'Tverskaya st. 7, Moscow', phone: '+74950000001', timezone: 'Europe/Moscow',
      callCenterHours: [weekdays, weekend],
    });
    const east = await this.branches.create(actor, {
      name: 'Clinicdesk Demo — Yekaterinburg', address: 'Lenina ave. 24, Yekaterinburg', phone: '+73430000002', timezone: 'Asia/Yekaterinburg',
      callCenterHours: [weekdays],
    });
    const password = randomBytes(9).toString('base64url');
    const people = [
      { email: 'manager@demo.clinicdesk.local', fullName: 'Maria Manager', role: 'manager' as const, branchIds: [center.id, east.id] },
      { email: 'operator1@demo.clinicdesk.local', fullName: 'Oleg Operator', role: 'operator' as const, branchIds: [center.id, east.id], extension: '101' },
      { email: 'operator2@demo.clinicdesk.local', fullName: 'Olga Operator', role: 'operator' as const, branchIds: [center.id], extension: '102' },
      { email: 'reception@demo.clinicdesk.local', fullName: 'Regina Reception', role: 'receptionist' as const, branchIds: [center.id] },
    ];
    const created = [];
    for (const person of people) created.push(await this.staff.create(actor, { ...person, password: `demo-${password}` }));
    const as = (view: { id: string; role: Actor['role']; branchIds: string[] }): Actor => ({ ...actor, id: view.id, role: view.role, branchIds: view.branchIds });
    const { serviceIds } = await this.catalog.seed(actor, [center.id, east.id]);
    await this.leads.seed({ admin: actor, operators: created.filter((s) => s.role === 'operator').map(as), booker: as(created[0]!), serviceIds });
    return { password: `demo-${password}`, emails: people.map((p) => p.email) };
  }
}
