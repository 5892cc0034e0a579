import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JobRunner } from '../jobs/job-runner.js';
import { EventsRepository } from './events.repository.js';

const PURGE_JOB = 'realtime.events_purge';
const BATCH = 5000;

/**
 * Keeps the `events` outbox to the replay window (REALTIME_KEEP_EVENTS_HOURS): older events have long been
 * delivered, and a client away longer than that is told to reload rather than replay. Deletes in short batches,
 * oldest first, so live writers and readers are never held up.
 */
@Injectable()
export class EventsRetention implements OnModuleInit {
  private readonly logger = new Logger(EventsRetention.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventsRepository,
    private readonly jobs: JobRunner,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // Hourly, or four times per retention period when that is shorter than four hours.
    const everySec = Math.max(10, Math.min(3600, (this.config.realtime.keepEventsMinutes * 60) / 4));
    this.jobs.every(PURGE_JOB, Math.round(everySec), async () => {
      const deleted = await this.purge();
      if (deleted) this.logger.log(`deleted ${deleted} delivered events older than ${this.config.realtime.keepEventsMinutes} min`);
    });
  }

  /** Deletes the events older than the retention period; returns how many. */
  async purge(): Promise<number> {
    const boundary = await this.events.purgeBoundary(this.config.realtime.keepEventsMinutes);
    if (boundary === null) return 0;
    let total = 0;
    for (;;) {
      // Each batch commits on its own: a long purge never holds the rows it already deleted.
      const deleted = await this.events.deleteBelow(boundary, BATCH, this.dataSource.manager);
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
