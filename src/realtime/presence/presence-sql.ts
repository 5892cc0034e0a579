// How feature modules' queries read presence. The staff_presence table belongs to the real-time layer: a query that
// must decide on presence in the same statement as its change (returning the leads of operators who went away)
// uses this fragment instead of naming the table itself.

/**
 * A condition: the staff member whose id is `staffId` has not been available for at least `graceSec` seconds (a
 * bound parameter): away, offline, or never connected.
 */
export function awayLongerThan(staffId: string, graceSec: string): string {
  return `NOT EXISTS (SELECT 1 FROM staff_presence p
                      WHERE p.staff_id = ${staffId} AND (p.status = 'available' OR p.changed_at >= now() - make_interval(secs => ${graceSec})))`;
}
