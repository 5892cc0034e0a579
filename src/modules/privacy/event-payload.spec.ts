import { describe, expect, it } from '@jest/globals';
import { scrubPayload } from './event-payload.js';

describe('scrubPayload', () => {
  it.each<[string, unknown, unknown]>([
    [
      'keeps ids, times and categories',
      { patientId: 'p1', leadId: 'l1', createdAt: '2026-01-01', status: 'new', channel: 'vk' },
      { patientId: 'p1', leadId: 'l1', createdAt: '2026-01-01', status: 'new', channel: 'vk' },
    ],
    ['drops contact values', { patientId: 'p1', name: 'Ivan', phone: '+79990000000', email: 'a@b.c', message: 'hi' }, { patientId: 'p1' }],
    ['drops unknown text fields by default', { patientId: 'p1', comment: 'free text', landingUrl: 'https://x/?phone=1' }, { patientId: 'p1' }],
    ['recurses into objects and arrays', { lead: { id: 'l1', name: 'Ivan' }, calls: [{ id: 'c1', note: 'x' }] }, { lead: { id: 'l1' }, calls: [{ id: 'c1' }] }],
    ['leaves scalars alone', 5, 5],
  ])('%s', (_name, input, expected) => {
    expect(scrubPayload(input)).toEqual(expected);
  });
});
