// How other modules' queries read a branch. The branches table belongs to this module: a doctor's schedule, the
// public doctor list or a report placing rows on each branch's calendar reads branches through these fragments
// instead of naming the table and its columns itself, so a change to the table is made here and nowhere else. Each
// fragment takes the SQL expression holding the branch's id (for example `wh.branch_id`); `as` names the alias the
// join brings the branch in as (`b` unless given).

/** `JOIN branches` on the given branch id, active branches only; `optional` keeps rows without one (a LEFT JOIN). */
export function joinActiveBranch(branchId: string, { as = 'b', optional = false } = {}): string {
  return `${optional ? 'LEFT ' : ''}JOIN branches ${as} ON ${as}.id = ${branchId} AND ${as}.active`;
}

/** After `joinActiveBranch`: the branch's time zone (an IANA name); null for an optional join that found none. */
export function joinedBranchTimezone(as = 'b'): string {
  return `${as}.timezone`;
}

/** Every branch (active or not) as a FROM item named `alias`, with the columns `id` and `timezone`. */
export function branchZones(alias: string): string {
  return `(SELECT id, timezone FROM branches) ${alias}`;
}
