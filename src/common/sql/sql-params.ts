/** Collects bind values while a query is composed from fragments; `add` returns the placeholder to embed. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
