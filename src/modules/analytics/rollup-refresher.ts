/**
 * Runs a rollup's refresh so that calls made while one runs share the single run after it (which sees every change
 * they saw): reports arriving together refresh once, and none reads before the changes it follows are in.
 */
export class RollupRefresher<T> {
  private running?: Promise<T>;
  private queued?: Promise<T>;

  constructor(private readonly run: () => Promise<T>) {}

  refresh(): Promise<T> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.refresh();
      });
    return this.queued;
  }
}

export function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
