// How other modules' queries read staff members. The staff_users and staff_branches tables belong to this module: a
// query that must filter or order on staff in the same statement (who takes leads now, checking a session on every
// request) joins through these fragments instead of naming the tables and their columns itself. Each fragment takes
// the SQL expression holding the staff member's id (for example `p.staff_id`); `as` names the alias the join brings
// them in as (`u` unless given).

/** `JOIN staff_users` on the given staff id, for active staff members only. */
export function joinActiveStaff(staffId: string, { as = 'u' } = {}): string {
  return `JOIN staff_users ${as} ON ${as}.id = ${staffId} AND ${as}.active`;
}

/** `JOIN staff_users` on the given staff id: active operators only. */
export function joinActiveOperator(staffId: string, { as = 'u' } = {}): string {
  return `${joinActiveStaff(staffId, { as })} AND ${as}.role = 'operator'`;
}

/** After a join above: the staff member's role. */
export function joinedStaffRole(as = 'u'): string {
  return `${as}.role`;
}

/** After a join above: how many leads the operator holds at most. */
export function joinedStaffCapacity(as = 'u'): string {
  return `${as}.capacity`;
}

/** A condition: the staff member works at the branch whose id is the given expression. */
export function staffWorksAt(staffId: string, branchId: string): string {
  return `EXISTS (SELECT 1 FROM staff_branches sb WHERE sb.staff_id = ${staffId} AND sb.branch_id = ${branchId})`;
}

/** The branches the staff member works at, as an ordered array of ids (text); empty for none. */
export function staffBranchIds(staffId: string): string {
  return `ARRAY(SELECT sb.branch_id::text FROM staff_branches sb WHERE sb.staff_id = ${staffId} ORDER BY sb.branch_id)`;
}
