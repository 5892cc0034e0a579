import type { AssignmentStrategy } from '../settings/assignment-strategy.js';

export interface OperatorLoad {
  id: string;
  openLeads: number;
  capacity: number;
  /** When this operator was last given a lead; null if never. */
  lastAssignedAt: Date | null;
}

/**
 * The operator who gets the next lead, or null when nobody available has room.
 * broadcast never picks (every available operator sees the lead and the first claim wins);
 * round_robin takes turns (longest since the last assignment); least_loaded takes the fewest open leads.
 */
export function chooseOperator(strategy: AssignmentStrategy, available: OperatorLoad[]): string | null {
  if (strategy === 'broadcast') return null;
  const withRoom = available.filter((o) => o.openLeads < o.capacity);
  if (!withRoom.length) return null;
  const since = (o: OperatorLoad) => o.lastAssignedAt?.getTime() ?? -Infinity;
  const order =
    strategy === 'round_robin'
      ? (a: OperatorLoad, b: OperatorLoad) => since(a) - since(b) || a.id.localeCompare(b.id)
      : (a: OperatorLoad, b: OperatorLoad) => a.openLeads - b.openLeads || since(a) - since(b) || a.id.localeCompare(b.id);
  return [...withRoom].sort(order)[0]!.id;
}
