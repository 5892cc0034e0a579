/**
 * A WHERE clause built from optional conditions. Each `?` in a condition takes the next value as a numbered
 * parameter, so values never end up in the SQL text.
 */
export class Where {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  and(condition: string, ...values: unknown[]): this {
    let text = condition;
    for (const value of values) text = text.replace('?', this.param(value));
    this.conditions.push(text);
    return this;
  }

  /** The placeholder of one more parameter used outside the conditions (LIMIT, for instance). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
