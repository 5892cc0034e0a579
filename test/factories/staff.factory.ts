import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/common/auth/actor.js';
import type { Role } from '../../src/common/auth/roles.js';
import type { CreateStaffDto } from '../../src/modules/staff/dto/staff.dto.js';
import { StaffService } from '../../src/modules/staff/staff.service.js';
import type { TestApp } from '../setup/test-app.js';

export const SETUP_ACTOR: Actor = {
  id: '00000000-0000-4000-8000-000000000001',
  role: 'admin',
  sessionId: '',
  branchIds: [],
  requestId: 'test-setup',
  ip: '127.0.0.1',
};

export interface TestStaff {
  id: string;
  email: string;
  password: string;
  role: Role;
}

export interface SignedIn extends TestStaff {
  accessToken: string;
  refreshToken: string;
  /** `Authorization` header value. */
  auth: string;
}

/** A staff member created through the real service, with unique data. */
export async function createStaff(t: TestApp, role: Role, overrides: Partial<CreateStaffDto> = {}): Promise<TestStaff> {
  const tag = randomBytes(4).toString('hex');
  const password = `pw-${tag}-long-enough`;
  const email = overrides.email ?? `${role}-${tag}@test.clinicdesk.local`;
  const view = await t.app.get(StaffService).create(SETUP_ACTOR, { email, password, fullName: `Test ${role} ${tag}`, role, ...overrides });
  return { id: view.id, email, password, role };
}

export async function signIn(t: TestApp, staff: TestStaff, ip = '127.0.0.1'): Promise<SignedIn> {
  const res = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email: staff.email, password: staff.password });
  if (res.status !== 200) throw new Error(`sign-in failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return { ...staff, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken, auth: `Bearer ${res.body.accessToken}` };
}

export async function signedIn(t: TestApp, role: Role, overrides: Partial<CreateStaffDto> = {}): Promise<SignedIn> {
  return signIn(t, await createStaff(t, role, overrides));
}

/** The staff members now also work at this branch (as an admin would set it); their sign-ins stay valid. */
export async function worksAt(t: TestApp, branchId: string, ...staff: { id: string }[]): Promise<void> {
  const service = t.app.get(StaffService);
  for (const member of staff) {
    const current = await service.get(member.id);
    await service.update(SETUP_ACTOR, member.id, { branchIds: [...new Set([...current.branchIds, branchId])] });
  }
}
