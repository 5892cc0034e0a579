import { describe, expect, it } from '@jest/globals';
import { byUrgency, type Urgent } from './work-queue.js';

const at = (min: number) => new Date(Date.UTC(2030, 0, 1, 10, min));
const item = (id: string, kind: Urgent['kind'], due: number | null, created = 0): Urgent => ({
  id,
  kind,
  dueAt: due === null ? null : at(due),
  createdAt: at(created),
});

describe('byUrgency', () => {
  const cases: [string, Urgent[], string[]][] = [
    ['earliest deadline first', [item('a', 'lead', 30), item('b', 'callback', 10), item('c', 'lead', 20)], ['b', 'c', 'a']],
    ['items without a deadline last, oldest first', [item('a', 'lead', null, 5), item('b', 'lead', 50), item('c', 'lead', null, 1)], ['b', 'c', 'a']],
    ['a callback before a lead due at the same time', [item('a', 'lead', 10), item('b', 'callback', 10)], ['b', 'a']],
    ['a lead overdue before a callback not yet due', [item('a', 'callback', 5), item('b', 'lead', -30)], ['b', 'a']],
    [
      'due and overdue callbacks before leads overdue for longer',
      [item('a', 'lead', -3000), item('b', 'callback', 0), item('c', 'callback', -5), item('d', 'lead', -10)],
      ['c', 'b', 'a', 'd'],
    ],
    ['same deadline and kind: older first', [item('a', 'lead', 10, 3), item('b', 'lead', 10, 1)], ['b', 'a']],
  ];
  it.each(cases)('%s', (_name, items, expected) => {
    expect(byUrgency(items, at(0)).map((i) => i.id)).toEqual(expected);
  });

  it('does not change its input', () => {
    const items = [item('a', 'lead', 2), item('b', 'lead', 1)];
    byUrgency(items);
    expect(items.map((i) => i.id)).toEqual(['a', 'b']);
  });
});
