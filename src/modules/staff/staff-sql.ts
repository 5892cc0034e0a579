// How other modules' queries read staff members. The staff tables belong to this module: checking a session on every
// request reads the person's role and branches in the same query through these fragments instead of naming the
// tables itself.

/** `JOIN staff_users u` on the given staff id, for active staff members only. */
export function joinActiveStaff(staffId: string): string {
  return `JOIN staff_users u ON u.id = ${staffId} AND u.active`;
}

/** The role of the staff member `u` brought in by joinActiveStaff. */
export const JOINED_STAFF_ROLE = 'u.role';

/** The branches the staff member works at, as an ordered array of ids (text); empty for none. */
export function staffBranchIds(staffId: string): string {
  return `ARRAY(SELECT sb.branch_id::text FROM staff_branches sb WHERE sb.staff_id = ${staffId} ORDER BY sb.branch_id)`;
}
