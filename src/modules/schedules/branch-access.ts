import type { Actor } from '../../common/auth/actor.js';
import { forbidden } from '../../common/errors/app-error.js';

/** Staff assigned to branches act at those branches; managers, admins and staff with no branches act everywhere. */
export function branchesOf(actor: Actor): string[] | undefined {
  if (actor.role === 'admin' || actor.role === 'manager' || actor.branchIds.length === 0) return undefined;
  return actor.branchIds;
}

export function assertBranchAccess(actor: Actor, branchId: string): void {
  const allowed = branchesOf(actor);
  if (allowed && !allowed.includes(branchId)) throw forbidden('You do not work at this branch');
}
