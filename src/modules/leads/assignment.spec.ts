import { describe, expect, it } from '@jest/globals';
import { chooseOperator, type OperatorLoad } from './assignment.js';

const at = (iso: string | null) => (iso ? new Date(iso) : null);
const op = (id: string, openLeads: number, capacity: number, last: string | null): OperatorLoad => ({ id, openLeads, capacity, lastAssignedAt: at(last) });

describe('chooseOperator', () => {
  const team = [op('a', 2, 5, '2026-05-01T10:00:00Z'), op('b', 0, 5, '2026-05-01T10:05:00Z'), op('c', 1, 5, null), op('d', 3, 3, '2026-05-01T09:00:00Z')];

  it.each([
    ['broadcast', team, null],
    ['round_robin', team, 'c'], // never assigned goes first; d is full
    ['round_robin', [team[0]!, team[1]!], 'a'],
    ['least_loaded', team, 'b'],
    ['least_loaded', [op('x', 1, 5, '2026-05-01T10:00:00Z'), op('y', 1, 5, '2026-05-01T09:00:00Z')], 'y'], // tie: longest waiting
    ['round_robin', [op('full', 5, 5, null)], null],
    ['least_loaded', [], null],
  ] as const)('%s -> %s', (strategy, available, expected) => {
    expect(chooseOperator(strategy, [...available])).toBe(expected);
  });
});
