import { describe, expect, it } from '@jest/globals';
import type { Role } from '../auth/roles.js';
import { assertMayProcess, branchScope, defaultBranchOf, inScope, patientInScope, type StaffMember } from './access-policy.js';
import { personAudience, roomsFor, roomsOf } from './event-audience.js';

const staff = (role: Role, branchIds: string[] = []): StaffMember => ({ id: `${role}-1`, role, branchIds });

describe('branch wall', () => {
  it.each([
    { who: 'an admin', member: staff('admin'), branch: 'B', reaches: true },
    { who: 'a manager of A', member: staff('manager', ['A']), branch: 'B', reaches: false },
    { who: 'a manager of A', member: staff('manager', ['A']), branch: 'A', reaches: true },
    { who: 'an operator of A and B', member: staff('operator', ['A', 'B']), branch: 'B', reaches: true },
    { who: 'an operator of A', member: staff('operator', ['A']), branch: null, reaches: true },
    { who: 'an operator without branches', member: staff('operator'), branch: 'A', reaches: false },
    { who: 'an operator without branches', member: staff('operator'), branch: null, reaches: true },
  ])('$who reaching an object of branch $branch: $reaches', ({ member, branch, reaches }) => {
    expect(inScope(branchScope(member), branch)).toBe(reaches);
  });

  it.each([
    { patientBranches: [], scope: ['A'], visible: true },
    { patientBranches: ['B'], scope: ['A'], visible: false },
    { patientBranches: ['A', 'B'], scope: ['A'], visible: true },
    { patientBranches: ['B'], scope: [], visible: false },
    { patientBranches: [], scope: [], visible: true },
  ])('a patient of $patientBranches is visible to staff of $scope: $visible', ({ patientBranches, scope, visible }) => {
    expect(patientInScope(branchScope(staff('receptionist', scope)), patientBranches)).toBe(visible);
    expect(patientInScope(branchScope(staff('admin')), patientBranches)).toBe(true);
  });

  it('gives a new object the only branch of its creator, else none (clinic-wide)', () => {
    expect(defaultBranchOf(staff('operator', ['A']))).toBe('A');
    expect(defaultBranchOf(staff('operator', ['A', 'B']))).toBeNull();
    expect(defaultBranchOf(staff('admin', ['A']))).toBeNull();
  });

  it('refuses restricted people to operators and receptionists only', () => {
    for (const role of ['operator', 'receptionist'] as Role[]) expect(() => assertMayProcess(staff(role), true)).toThrow('restricted');
    for (const role of ['manager', 'admin'] as Role[]) expect(() => assertMayProcess(staff(role), true)).not.toThrow();
    expect(() => assertMayProcess(staff('operator'), false)).not.toThrow();
  });
});

describe('event rooms', () => {
  it('puts a staff member in their own room, their role clinic-wide and their role at each branch; admins in theirs', () => {
    expect(roomsOf(staff('operator', ['A', 'B']))).toEqual(['user:operator-1', 'role:operator', 'role:operator@A', 'role:operator@B']);
    expect(roomsOf(staff('admin', ['A']))).toEqual(['user:admin-1', 'role:admin']);
  });

  it('sends a branch event to the roles at that branch and to admins, a clinic-wide one to the roles everywhere', () => {
    expect(roomsFor({ roles: ['operator', 'admin'], branchId: 'A', users: ['u1'] })).toEqual(['user:u1', 'role:operator@A', 'role:admin']);
    expect(roomsFor({ roles: ['operator'], branchId: null })).toEqual(['role:operator']);
    expect(roomsFor({})).toEqual([]);
  });

  it('matches exactly the sockets the policy lets see the object', () => {
    const audience = roomsFor(personAudience(['operator'], 'A', false));
    const sees = (member: StaffMember) => roomsOf(member).some((room) => audience.includes(room));
    expect(sees(staff('operator', ['A']))).toBe(true);
    expect(sees(staff('operator', ['B']))).toBe(false);
    expect(sees(staff('operator'))).toBe(false);
    expect(sees(staff('receptionist', ['A']))).toBe(false);
    expect(sees(staff('manager', ['A']))).toBe(true);
    expect(sees(staff('manager', ['B']))).toBe(false);
    expect(sees(staff('admin'))).toBe(true);
  });

  it('tells only managers and admins about a restricted person, whoever holds the lead', () => {
    expect(personAudience(['operator'], 'A', true, ['op-1'])).toEqual({ roles: ['manager', 'admin'], branchId: 'A' });
    expect(personAudience(['operator'], 'A', false, ['op-1', null])).toEqual({ roles: ['operator', 'manager', 'admin'], branchId: 'A', users: ['op-1'] });
  });
});
