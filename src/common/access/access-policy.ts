import { AppError, notFound } from '../errors/app-error.js';
import type { Role } from '../auth/roles.js';

/**
 * The one access policy for people's data (leads, patients, calls, callbacks, appointments, consents, requests,
 * reports, real-time events). Roles decide the endpoints; this decides the objects:
 *
 * - Branch wall: admins reach every branch; everyone else reaches the objects of their own branches plus the
 *   clinic-wide ones (a lead, call or callback without a branch). Staff without branches reach only clinic-wide objects.
 * - A patient belongs to every branch where they had a lead, a call or an appointment, and is clinic-wide while
 *   they have none.
 * - Within a branch operators read every lead and card, but change only the leads they hold.
 * - Restricted people (processing restricted, or personal-data consent withdrawn): operators and receptionists
 *   cannot list, read, claim, be assigned, call, book or get events about them; managers and admins see that the
 *   record exists, without personal values.
 *
 * Services apply it; repositories turn a scope into SQL on their own columns.
 */

/** Who is asking: the fields of a signed-in staff member the policy looks at. */
export interface StaffMember {
  id: string;
  role: Role;
  branchIds: string[];
}

/** The branches a staff member reaches. `branchIds` undefined means every branch; clinic-wide objects are always in. */
export interface BranchScope {
  readonly branchIds?: readonly string[];
}

export const EVERY_BRANCH: BranchScope = Object.freeze({});

export function branchScope(staff: StaffMember): BranchScope {
  return staff.role === 'admin' ? EVERY_BRANCH : { branchIds: staff.branchIds };
}

/** An object of `branchId` (null: clinic-wide) is within the scope. */
export function inScope(scope: BranchScope, branchId: string | null | undefined): boolean {
  return !scope.branchIds || !branchId || scope.branchIds.includes(branchId);
}

/** A patient with these branches (where they had leads, calls or appointments) is within the scope. */
export function patientInScope(scope: BranchScope, patientBranchIds: readonly string[]): boolean {
  return !scope.branchIds || patientBranchIds.length === 0 || patientBranchIds.some((id) => scope.branchIds!.includes(id));
}

/** Managers and admins see that a restricted person's record exists (without personal values); others see nothing. */
export function seesRestrictedRecords(role: Role): boolean {
  return role === 'manager' || role === 'admin';
}

/** An object behind the wall is answered as if it did not exist, so its existence does not leak across branches. */
export const outsideScope = (what: string) => notFound(what);

export const restrictedPerson = () => new AppError('FORBIDDEN', 'Processing of this person’s data is restricted');

/** Throws unless the staff member may reach an object of this branch. */
export function assertInScope(staff: StaffMember, branchId: string | null | undefined, what: string): void {
  if (!inScope(branchScope(staff), branchId)) throw outsideScope(what);
}

/** Throws for operators and receptionists when the person is restricted. */
export function assertMayProcess(staff: StaffMember, restricted: boolean): void {
  if (restricted && !seesRestrictedRecords(staff.role)) throw restrictedPerson();
}

/** A branch a staff member names for something new (a manual lead, a booking) must be one of theirs. */
export function assertOwnBranch(staff: StaffMember, branchId: string): void {
  if (!inScope(branchScope(staff), branchId)) throw new AppError('FORBIDDEN', 'You do not work at this branch');
}

/** The branch a staff member's new object belongs to when they name none: their only branch, else clinic-wide. */
export function defaultBranchOf(staff: StaffMember): string | null {
  return staff.role !== 'admin' && staff.branchIds.length === 1 ? staff.branchIds[0]! : null;
}
