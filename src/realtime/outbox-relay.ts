import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EventsRepository } from './events.repository.js';
import { deliverableCount, type StoredEvent } from './realtime.types.js';

export const EVENTS_CHANNEL = 'clinicdesk_events';
const BATCH = 500;
const RECONNECT_MS = 1000;
/** A read this often even without a notification: a writer that died between its commit and its notification is late, not lost. */
const SAFETY_READ_MS = 1000;

type Sink = (events: readonly StoredEvent[]) => void;

interface Gap {
  /** Transactions that were running when the hole was seen: one of them may still commit an id in it. */
  xids: string[];
  /** The highest id seen with the hole below it; settled once those transactions have ended. */
  upTo: bigint;
  since: number;
  retryMs: number;
}

/**
 * Reads the `events` outbox in id order and hands each committed event to the sinks (the socket gateway) exactly
 * once, on every instance. The instance that wrote events wakes its relay right after the commit and sends one
 * NOTIFY, outside any business transaction and coalesced while one is on its way, that wakes the others (a NOTIFY
 * inside the writing transactions would serialize every commit on the server's notification queue). It LISTENs on a
 * connection of its own, since a pooled connection would be handed to other work. Ids are taken in commit-independent order, so a lower id can
 * commit after a higher one: at a hole the relay stops and waits until every transaction running at that moment
 * has ended (the id trigger guarantees the holder of the hole is among them), then treats what is still missing
 * as rolled back. Everything up to `deliveredUpTo` is therefore final and has been delivered, which is what makes
 * replay plus live delivery gap- and duplicate-free.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly sinks: Sink[] = [];
  private readonly waiters = new Set<{ id: bigint; done: (reached: boolean) => void }>();
  private listener?: pg.Client;
  private delivered = 0n;
  private settledUpTo = 0n;
  private gap?: Gap;
  private ready = false;
  private stopped = false;
  private draining?: Promise<void>;
  private drainAgain = false;
  private wakeTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private safetyTimer?: NodeJS.Timeout;
  private notifying = false;
  private notifyAgain = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventsRepository,
  ) {}

  /** Every event with an id up to this one has been delivered (or was rolled back); none above it has. */
  get deliveredUpTo(): bigint {
    return this.delivered;
  }

  subscribe(sink: Sink): void {
    this.sinks.push(sink);
  }

  /** Resolves true once events up to `id` have been delivered here, false after `timeoutMs` or on shutdown. */
  waitFor(id: bigint, timeoutMs: number): Promise<boolean> {
    if (this.delivered >= id) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        id,
        done: (reached: boolean) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.done(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Reads once more and delivers what may go out now (what is held behind a running transaction stays held). */
  async catchUp(): Promise<void> {
    this.wake();
    while (this.draining) await this.draining;
  }

  async onApplicationBootstrap(): Promise<void> {
    // LISTEN first, so nothing committed after the starting point goes unnoticed.
    this.listener = await this.connectListener();
    const start = await this.events.maxId();
    await this.waitUntilEnded(await this.events.inFlightTransactions());
    this.delivered = this.settledUpTo = start;
    this.ready = true;
    this.safetyTimer = setInterval(() => this.wake(), SAFETY_READ_MS);
    this.safetyTimer.unref();
    this.wake();
  }

  /**
   * Events were committed here: deliver them, and wake the relays of the other instances with one NOTIFY (while one
   * is on its way, later calls wait for it and send one more). `committed` are the events as stored, when known.
   */
  announce(committed: readonly StoredEvent[] = []): void {
    if (!this.deliverCommitted(committed)) this.wake();
    if (this.stopped) return;
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    const listener = this.listener;
    if (!listener) return; // reconnecting: the others catch up on their next read
    this.notifying = true;
    this.notifyAgain = false;
    listener
      .query(`NOTIFY ${EVENTS_CHANNEL}`)
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn(`notifying other instances failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain) this.announce();
      });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
    clearTimeout(this.reconnectTimer);
    clearInterval(this.safetyTimer);
    for (const waiter of [...this.waiters]) waiter.done(false);
    await this.draining;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Reads and delivers whatever is new; calls made while a read is running coalesce into one more read. */
  wake(): void {
    if (!this.ready || this.stopped) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.drainAgain = false;
    this.draining = this.drain()
      .catch((error: unknown) => {
        this.logger.error(`reading the event outbox failed: ${error instanceof Error ? error.message : String(error)}`);
        this.wakeLater(RECONNECT_MS);
      })
      .finally(() => {
        this.draining = undefined;
        if (this.drainAgain) this.wake();
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.gap) await this.checkGap(this.gap);
      const batch = await this.events.readAfter(this.delivered, BATCH);
      if (this.stopped) return;
      const count = deliverableCount(
        this.delivered,
        batch.map((e) => BigInt(e.id)),
        this.settledUpTo,
      );
      if (count) this.deliver(batch.slice(0, count));
      if (count < batch.length) {
        if (this.gap) return; // still waiting; a timer or the next NOTIFY reads again
        const xids = await this.events.inFlightTransactions();
        const upTo = BigInt(batch[batch.length - 1]!.id);
        if (xids.length) {
          this.gap = { xids, upTo, since: Date.now(), retryMs: 2 };
          this.wakeLater(this.gap.retryMs);
          return;
        }
        this.settledUpTo = upTo; // nothing running: the hole is a rollback
        continue;
      }
      if (batch.length < BATCH) return;
    }
  }

  private async checkGap(gap: Gap): Promise<void> {
    gap.xids = await this.events.stillRunning(gap.xids);
    const waited = Date.now() - gap.since;
    if (gap.xids.length && waited < this.config.realtime.gapWaitMs) {
      gap.retryMs = Math.min(gap.retryMs * 2, 100);
      this.wakeLater(gap.retryMs);
      return;
    }
    if (gap.xids.length) {
      this.logger.warn(
        `gave up waiting ${waited} ms for ${gap.xids.length} running transaction(s) below event ${gap.upTo}; an event they commit later is not pushed live`,
      );
    }
    if (gap.upTo > this.settledUpTo) this.settledUpTo = gap.upTo;
    this.gap = undefined;
  }

  /**
   * Sends events this instance has just committed without reading them back, when nothing can come before them: no
   * read is under way (it might deliver them too), no hole is being waited on, and their ids continue the delivered
   * ones without a gap (every id up to `delivered` is final, so none is missing below them).
   */
  private deliverCommitted(events: readonly StoredEvent[]): boolean {
    if (!events.length || !this.ready || this.stopped || this.draining || this.gap) return false;
    let next = this.delivered;
    for (const event of events) if (BigInt(event.id) !== ++next) return false;
    this.deliver(events);
    return true;
  }

  private deliver(events: readonly StoredEvent[]): void {
    for (const sink of this.sinks) {
      try {
        sink(events);
      } catch (error) {
        this.logger.error(`delivering events failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.delivered = BigInt(events[events.length - 1]!.id);
    for (const waiter of [...this.waiters]) if (waiter.id <= this.delivered) waiter.done(true);
  }

  private wakeLater(ms: number): void {
    if (this.stopped || this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wake();
    }, ms);
  }

  private async waitUntilEnded(xids: string[]): Promise<void> {
    const since = Date.now();
    let pause = 2;
    while (xids.length && Date.now() - since < this.config.realtime.gapWaitMs && !this.stopped) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 100);
      xids = await this.events.stillRunning(xids);
    }
  }

  private async connectListener(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'clinicdesk-relay' });
    // Our own NOTIFY comes back to us too: this instance read already when it sent it.
    client.on('notification', (message) => {
      if (message.processId !== (client as unknown as { processID: number | null }).processID) this.wake();
    });
    client.on('error', (error) => {
      this.logger.warn(`event listener connection failed: ${error.message}`);
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  /** A lost LISTEN connection is reopened; the read after it catches up on anything committed meanwhile. */
  private reconnect(client: pg.Client): void {
    if (this.stopped || this.listener !== client) return;
    this.listener = undefined;
    void client.end().catch(() => undefined);
    const retry = () => {
      this.reconnectTimer = setTimeout(() => {
        this.connectListener().then(
          (fresh) => {
            if (this.stopped) return void fresh.end().catch(() => undefined);
            this.listener = fresh;
            this.wake();
          },
          () => retry(),
        );
      }, RECONNECT_MS);
    };
    retry();
  }
}
