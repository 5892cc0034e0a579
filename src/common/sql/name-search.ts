/**
 * Name search by the start of a last or first name, whatever the case, on any database locale: both sides are folded
 * the same way (fold_name() in SQL, created by a migration; this function in code), and indexes on
 * fold_name(last_name) and fold_name(first_name) serve the search.
 */
export function foldName(value: string): string {
  return value.toLowerCase().replace(/ё/g, 'е');
}

/** The LIKE pattern for names starting with `q` (its own % and _ match literally). */
export function namePrefixPattern(q: string): string {
  return `${foldName(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** SQL: the patients row `alias` has a last or first name matching the pattern in `param`. */
export function nameMatches(alias: string, param: string): string {
  return `(fold_name(${alias}.last_name) LIKE ${param} OR fold_name(${alias}.first_name) LIKE ${param})`;
}
