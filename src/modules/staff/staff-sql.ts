// How other queries read a staff member. The staff_users and staff_branches tables belong to this module: a query
// that must filter or order on staff in the same statement (who takes leads now) joins through these fragments
// instead of naming the tables and their columns itself. Each fragment takes the SQL expression holding the staff
// member's id (for example `p.staff_id`); `as` names the alias the join brings them in as (`u` unless given).

/** `JOIN staff_users` on the given staff id: active operators only. */
export function joinActiveOperator(staffId: string, { as = 'u' } = {}): string {
  return `JOIN staff_users ${as} ON ${as}.id = ${staffId} AND ${as}.active AND ${as}.role = 'operator'`;
}

/** After `joinActiveOperator`: how many leads the operator holds at most. */
export function joinedStaffCapacity(as = 'u'): string {
  return `${as}.capacity`;
}

/** A condition: the staff member works at the branch whose id is the given expression. */
export function staffWorksAt(staffId: string, branchId: string): string {
  return `EXISTS (SELECT 1 FROM staff_branches sb WHERE sb.staff_id = ${staffId} AND sb.branch_id = ${branchId})`;
}
