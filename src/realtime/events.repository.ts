import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { named } from '../database/prepared-query.js';
import { affected, one, returning, rows } from '../database/sql.js';
import { CONTROL_EVENT_TYPES, type StoredEvent } from './realtime.types.js';

interface EventRow {
  id: string;
  type: string;
  rooms: string[];
  payload: unknown;
  at: Date;
}

const toEvent = (row: EventRow): StoredEvent => ({ id: row.id, type: row.type, at: row.at.toISOString(), data: row.payload, rooms: row.rooms });

/** A real-time event on its way into the outbox. */
export interface NewEvent {
  type: string;
  rooms: string[];
  payload: unknown;
}

// Written with nearly every change and read by every instance after each commit: kept prepared.
// Events as stored, as the relay reads them and as writers get them back.
const STORED = `id::text AS id, type, rooms, payload, created_at AS at`;
const INSERT = named('events.insert', `INSERT INTO events (type, rooms, payload) VALUES ($1, $2, $3) RETURNING ${STORED}`);
const INSERT_MANY = named(
  'events.insert-many',
  `INSERT INTO events (type, rooms, payload)
   SELECT e->>'type', ARRAY(SELECT jsonb_array_elements_text(e->'rooms')), e->'payload'
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n)
    ORDER BY n
   RETURNING ${STORED}`,
);
// Ordered by the column, not by the text of the same name in the answer: as text, 1000 would come before 999.
const READ_AFTER = named('events.read-after', `SELECT ${STORED} FROM events e WHERE e.id > $1 ORDER BY e.id LIMIT $2`);

/** The `events` outbox: writes in the publisher's transaction (through `Outbox.publish`), reads for live delivery and replay. */
@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes one event; returns it as stored. */
  async insert(event: NewEvent, em: EntityManager): Promise<StoredEvent> {
    const [row] = await returning<EventRow>(em, INSERT, [event.type, event.rooms, event.payload]);
    return toEvent(row!);
  }

  /** Writes the events with one statement, their ids in the order given; returns them as stored, in id order. */
  async insertMany(events: NewEvent[], em: EntityManager): Promise<StoredEvent[]> {
    const stored = await returning<EventRow>(em, INSERT_MANY, [JSON.stringify(events)]);
    return stored.map(toEvent).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  async maxId(): Promise<bigint> {
    const row = await one<{ id: string }>(this.dataSource, `SELECT coalesce(max(id), 0)::text AS id FROM events`);
    return BigInt(row!.id);
  }

  /** The lowest id still stored; null when there are no events. */
  async oldestId(): Promise<bigint | null> {
    const row = await one<{ id: string | null }>(this.dataSource, `SELECT min(id)::text AS id FROM events`);
    return row?.id == null ? null : BigInt(row.id);
  }

  /**
   * The id below which every event is older than `minutes`: the first newer one in id order (ids and times do not
   * always agree, so nothing above it goes even if older), or one past the highest when all are older.
   */
  async purgeBoundary(minutes: number): Promise<bigint | null> {
    const row = await one<{ id: string | null }>(
      this.dataSource,
      `SELECT coalesce((SELECT id FROM events WHERE created_at >= now() - make_interval(mins => $1) ORDER BY id LIMIT 1),
                       (SELECT max(id) + 1 FROM events))::text AS id`,
      [minutes],
    );
    return row?.id == null ? null : BigInt(row.id);
  }

  /** Deletes up to `limit` of the oldest events with ids below `boundary`; returns how many went. */
  deleteBelow(boundary: bigint, limit: number, em: EntityManager): Promise<number> {
    return affected(em, `DELETE FROM events WHERE id IN (SELECT id FROM events WHERE id < $1 ORDER BY id LIMIT $2)`, [boundary.toString(), limit]);
  }

  /** Committed events after `after`, in id order. */
  async readAfter(after: bigint, limit: number): Promise<StoredEvent[]> {
    const found = await rows<EventRow>(this.dataSource, READ_AFTER, [after.toString(), limit]);
    return found.map(toEvent);
  }

  /**
   * Transactions running now (top-level xids) that took an event id and may still commit it: those holding the
   * events-writer lock the id trigger takes before the id. Other writers — of this database (a report refresh, an
   * import) or of others on the server — cannot fill a hole in our ids; waiting on them would hold delivery back for
   * nothing. (Every instance connects as the same role, which sees the xids of its own sessions in pg_stat_activity.)
   */
  async inFlightTransactions(): Promise<string[]> {
    const found = await rows<{ xid: string }>(
      this.dataSource,
      `SELECT x::text AS xid FROM pg_snapshot_xip(pg_current_snapshot()) AS x
       WHERE EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                     WHERE l.locktype = 'advisory' AND l.granted AND l.classid = hashtext('events-writer')::oid AND l.objid = 0 AND l.objsubid = 2
                       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND a.backend_xid = (x::text::numeric % 4294967296)::text::xid)`,
    );
    return found.map((r) => r.xid);
  }

  /** Those of `xids` that have not committed or rolled back yet. */
  async stillRunning(xids: string[]): Promise<string[]> {
    if (!xids.length) return [];
    const found = await rows<{ xid: string }>(this.dataSource, `SELECT x::text AS xid FROM unnest($1::xid8[]) AS x WHERE pg_xact_status(x) = 'in progress'`, [
      xids,
    ]);
    return found.map((r) => r.xid);
  }

  /**
   * The events in (after, upTo] sent to any of these rooms (a socket's rooms), in id order, leaving out the range
   * `except` (what a socket was already sent).
   */
  async entitledBetween(rooms: string[], after: bigint, upTo: bigint, limit: number, except?: { after: bigint; upTo: bigint }): Promise<StoredEvent[]> {
    const found = await rows<EventRow>(
      this.dataSource,
      `SELECT e.id::text AS id, e.type, e.rooms, e.payload, e.created_at AS at FROM events e
        WHERE e.id > $1 AND e.id <= $2 AND NOT (e.id > $3 AND e.id <= $4) AND e.type <> ALL($5::text[])
          AND e.rooms && $6::text[]
        ORDER BY e.id LIMIT $7`,
      [after.toString(), upTo.toString(), (except?.after ?? 0n).toString(), (except?.upTo ?? 0n).toString(), CONTROL_EVENT_TYPES, rooms, limit],
    );
    return found.map(toEvent);
  }
}
