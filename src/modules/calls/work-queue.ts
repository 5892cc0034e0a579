/** One thing an operator should do, with the time by which it should be done (null: no deadline). */
export interface Urgent {
  kind: 'lead' | 'callback';
  dueAt: Date | null;
  /** Tie-breaker: older first. */
  createdAt: Date;
  id: string;
}

/**
 * Most urgent first: by deadline (a lead's first-contact deadline, a callback's due time), items without one last,
 * then oldest first. A callback and a first contact due at the same time keep a stable order (callbacks first:
 * the person was promised that time).
 */
export function byUrgency<T extends Urgent>(items: T[]): T[] {
  const time = (d: Date | null) => (d ? d.getTime() : Number.POSITIVE_INFINITY);
  return [...items].sort((a, b) =>
    time(a.dueAt) - time(b.dueAt)
    || (a.kind === b.kind ? 0 : a.kind === 'callback' ? -1 : 1)
    || a.createdAt.getTime() - b.createdAt.getTime()
    || a.id.localeCompare(b.id));
}
