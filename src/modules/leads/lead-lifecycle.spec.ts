import { describe, expect, it } from '@jest/globals';
import { canMove } from './lead-lifecycle.js';

describe('lead lifecycle', () => {
  it.each([
    ['new', 'assigned', true],
    ['new', 'in_progress', false],
    ['new', 'booked', true],
    ['assigned', 'in_progress', true],
    ['assigned', 'new', true],
    ['in_progress', 'booked', true],
    ['in_progress', 'lost', true],
    ['booked', 'new', false],
    ['booked', 'in_progress', true],
    ['lost', 'new', true],
    ['junk', 'booked', false],
  ] as const)('%s -> %s: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });
});
