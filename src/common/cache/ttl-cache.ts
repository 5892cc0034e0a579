/**
 * Values read often and changed rarely (settings, consent documents, branches, intake sources), kept for `ttlMs` so
 * that a change made on another instance is seen within that time; the instance that makes a change forgets the
 * value at once. Callers asking together while a value loads share the one read; a failed read is not kept.
 * A `ttlMs` of 0 keeps nothing (every call reads).
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const entry = { at: Date.now(), value: load() };
    if (this.ttlMs > 0) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, entry);
      entry.value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    }
    return entry.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
