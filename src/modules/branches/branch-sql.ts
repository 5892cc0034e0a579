// How other modules' queries read branches. The branches table belongs to this module: a report placing rows on each
// branch's calendar reads the branches through this fragment instead of naming the table itself.

/** Every branch (active or not) as a FROM item named `alias`, with the columns `id` and `timezone`. */
export function branchZones(alias: string): string {
  return `(SELECT id, timezone FROM branches) ${alias}`;
}
