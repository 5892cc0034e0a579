import type { Role } from '../auth/roles.js';
import type { StaffMember } from './access-policy.js';

/**
 * Who may receive a real-time event, by the access policy: the people named, and staff of the roles who reach the
 * event's branch (admins reach every branch; an event without a branch is clinic-wide).
 */
export interface Audience {
  users?: string[];
  roles?: Role[];
  /** The branch the event is about; null or absent: clinic-wide. */
  branchId?: string | null;
}

/** Managers and admins: the only ones who learn anything about a restricted person. */
export const MANAGERS: Role[] = ['manager', 'admin'];

/**
 * The socket rooms of an audience. Live delivery sends to these rooms and replay matches them against the rooms of
 * the reconnecting socket, so one rule decides both.
 */
export function roomsFor(audience: Audience): string[] {
  const rooms = (audience.users ?? []).map((id) => `user:${id}`);
  for (const role of audience.roles ?? []) rooms.push(role === 'admin' || !audience.branchId ? `role:${role}` : `role:${role}@${audience.branchId}`);
  return [...new Set(rooms)];
}

/** The rooms a signed-in staff member's sockets join, chosen by the server: their own, their role's clinic-wide room, and their role at each branch. */
export function roomsOf(staff: StaffMember): string[] {
  const branchRooms = staff.role === 'admin' ? [] : staff.branchIds.map((id) => `role:${staff.role}@${id}`);
  return [`user:${staff.id}`, `role:${staff.role}`, ...branchRooms];
}

/**
 * An event about a person: staff of `roles` at the branch and the people named; when the person is restricted, only
 * managers and admins (the payload must then carry no personal values).
 */
export function personAudience(roles: Role[], branchId: string | null, restricted: boolean, users: (string | null | undefined)[] = []): Audience {
  if (restricted) return { roles: MANAGERS, branchId };
  const named = users.filter((u): u is string => !!u);
  return { roles: [...new Set([...roles, ...MANAGERS])], branchId, ...(named.length ? { users: [...new Set(named)] } : {}) };
}
