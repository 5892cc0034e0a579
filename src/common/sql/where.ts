import type { BranchScope } from '../access/access-policy.js';
import { SqlParams } from './sql-params.js';

/**
 * A WHERE clause built from optional conditions. Each `?` in a condition takes the next value as a numbered
 * parameter, so values never end up in the SQL text; `add` gives placeholders used elsewhere (LIMIT, for instance).
 */
export class Where extends SqlParams {
  private readonly conditions: string[] = [];

  and(condition: string, ...values: unknown[]): this {
    let text = condition;
    for (const value of values) text = text.replace('?', this.add(value));
    this.conditions.push(text);
    return this;
  }

  /** Rows whose branch `column` is within the access policy's scope (clinic-wide rows, without a branch, always are). */
  inScope(column: string, scope: BranchScope): this {
    return scope.branchIds ? this.and(`(${column} IS NULL OR ${column} = ANY(?::uuid[]))`, scope.branchIds) : this;
  }

  override toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
