import { describe, expect, it } from '@jest/globals';
import { type CallOutcome, contactTimeOf, leadEffectOfCall } from './call-outcomes.js';
import type { LeadStatus } from '../leads/lead-lifecycle.js';

describe('leadEffectOfCall', () => {
  const cases: [CallOutcome, LeadStatus, string][] = [
    ['wrong_number', 'assigned', 'move:junk'],
    ['wrong_number', 'in_progress', 'move:junk'],
    ['wrong_number', 'new', 'move:junk'],
    ['wrong_number', 'junk', 'keep'],
    ['wrong_number', 'booked', 'refuse'],
    ['duplicate', 'in_progress', 'move:junk'],
    ['declined', 'in_progress', 'move:lost'],
    ['declined', 'assigned', 'move:lost'],
    ['declined', 'lost', 'keep'],
    ['declined', 'booked', 'refuse'],
    ['booked', 'booked', 'keep'],
    ['booked', 'in_progress', 'refuse'],
    ['booked', 'new', 'refuse'],
    ['callback_requested', 'assigned', 'move:in_progress'],
    ['callback_requested', 'in_progress', 'keep'],
    ['no_answer', 'assigned', 'move:in_progress'],
    ['busy', 'new', 'keep'],
    ['consultation_only', 'booked', 'keep'],
    ['no_answer', 'lost', 'keep'],
  ];
  it.each(cases)('%s on a %s lead -> %s', (outcome, status, expected) => {
    const effect = leadEffectOfCall(outcome, status);
    expect(effect.kind === 'move' ? `move:${effect.status}` : effect.kind).toBe(expected);
  });
});

describe('contactTimeOf', () => {
  const startedAt = new Date('2030-01-01T10:00:00Z');
  const answeredAt = new Date('2030-01-01T10:00:07Z');
  it.each([
    ['an answered inbound call: when answered', 'inbound', answeredAt, answeredAt],
    ['an answered outbound call: when answered', 'outbound', answeredAt, answeredAt],
    ['an outbound attempt: when it started', 'outbound', null, startedAt],
    ['a missed inbound call: no contact', 'inbound', null, null],
  ] as const)('%s', (_name, direction, answered, expected) => {
    expect(contactTimeOf({ direction, startedAt, answeredAt: answered })).toBe(expected);
  });
});
