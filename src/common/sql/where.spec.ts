import { describe, expect, it } from '@jest/globals';
import { Where } from './where.js';

describe('Where', () => {
  it('numbers parameters in the order conditions and extra values are added', () => {
    const where = new Where().and('a = ?', 1).and('b IS NULL').and('(c, d) < (?, ?)', 'x', 'y');
    const limit = where.add(50);
    expect(`${where} LIMIT ${limit}`).toBe('WHERE a = $1 AND b IS NULL AND (c, d) < ($2, $3) LIMIT $4');
    expect(where.values).toEqual([1, 'x', 'y', 50]);
  });

  it('is empty without conditions', () => {
    expect(`${new Where()}`).toBe('');
  });
});
