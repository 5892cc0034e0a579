/** An event as it goes over the socket: emitted under its `type`, `id` is the events row id as a string. */
export interface WireEvent {
  id: string;
  type: string;
  at: string;
  data: unknown;
}

/** An events row as the relay reads it: `rooms` are the socket rooms the access policy chose for it. */
export interface StoredEvent extends WireEvent {
  rooms: string[];
}

/** Types that steer the servers (disconnect a session) and are never sent to clients. */
export const CONTROL_EVENT_TYPES: readonly string[] = ['session.revoked'];

/**
 * How many of `ids` (ascending, all above `delivered`) may be delivered now. Ids up to `settledUpTo` are final:
 * no transaction still running can add one below it, so holes there are rolled-back ids. Above it only an
 * unbroken run may go out, since a hole may be a transaction that has not committed yet.
 */
export function deliverableCount(delivered: bigint, ids: readonly bigint[], settledUpTo: bigint): number {
  let cursor = delivered;
  let count = 0;
  for (const id of ids) {
    if (id <= cursor) throw new Error(`event ids out of order: ${id} after ${cursor}`);
    if (id > settledUpTo && id !== cursor + 1n) break;
    cursor = id;
    count++;
  }
  return count;
}

/** A client's resume point: a non-negative event id as a string or a safe integer; undefined when absent or invalid. */
export function parseEventId(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^(0|[1-9][0-9]{0,18})$/.test(value)) {
    const id = BigInt(value);
    return id <= 9223372036854775807n ? id : undefined;
  }
  return undefined;
}
