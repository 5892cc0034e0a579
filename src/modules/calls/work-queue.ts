/** One thing an operator should do, with the time by which it should be done (null: no deadline). */
export interface Urgent {
  kind: 'lead' | 'callback';
  dueAt: Date | null;
  /** Tie-breaker: older first. */
  createdAt: Date;
  id: string;
}

/**
 * Most urgent first. The operator's own callbacks that are due or overdue lead (the person was promised that time),
 * ahead of leads whose first-contact deadline passed long ago; then by deadline (a lead's first-contact deadline, a
 * callback's due time), items without one last, then oldest first. A callback and a first contact due at the same
 * time keep a stable order (callbacks first).
 */
export function byUrgency<T extends Urgent>(items: T[], now: Date = new Date()): T[] {
  const time = (d: Date | null) => (d ? d.getTime() : Number.POSITIVE_INFINITY);
  const promisedNow = (i: Urgent) => (i.kind === 'callback' && time(i.dueAt) <= now.getTime() ? 0 : 1);
  return [...items].sort(
    (a, b) =>
      promisedNow(a) - promisedNow(b) ||
      time(a.dueAt) - time(b.dueAt) ||
      (a.kind === b.kind ? 0 : a.kind === 'callback' ? -1 : 1) ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.id.localeCompare(b.id),
  );
}
