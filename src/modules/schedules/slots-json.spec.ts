import { describe, expect, it } from '@jest/globals';
import type { Slot } from './availability.js';
import { slotsJson } from './slots-json.js';

const DOCTOR_A = '0b5e7a52-8d0c-4c55-9a57-3c3c2f1f0a01';
const DOCTOR_B = 'f3a1c2d4-1111-4222-8333-944455566677';
const BRANCH = '7d1f2e3a-aaaa-4bbb-8ccc-dddddddddddd';
const at = (iso: string) => Date.parse(iso);
const slot = (doctorId: string, start: string, end: string, offsetMin: number): Slot => ({
  doctorId,
  branchId: BRANCH,
  startMs: at(start),
  endMs: at(end),
  offsetMin,
});

describe('slotsJson', () => {
  it('is an empty list when there are no slots', () => {
    expect(JSON.parse(slotsJson([]).toString('utf8'))).toEqual({ data: [] });
  });

  it('writes the same answer JSON.stringify gives, for shared, odd and negative-offset instants', () => {
    const slots = [
      slot(DOCTOR_A, '2027-03-28T06:00:00Z', '2027-03-28T06:30:00Z', 180),
      slot(DOCTOR_B, '2027-03-28T06:00:00Z', '2027-03-28T06:45:00Z', 180),
      slot(DOCTOR_A, '2027-03-28T06:30:00Z', '2027-03-28T07:00:00Z', 180),
      slot(DOCTOR_B, '2027-03-28T00:59:59.250Z', '2027-03-28T01:29:59.250Z', 60),
      slot(DOCTOR_A, '2027-11-07T05:30:00Z', '2027-11-07T06:00:00Z', -240),
      slot(DOCTOR_B, '2027-11-07T06:00:00Z', '2027-11-07T06:30:00Z', -330),
    ];
    const expected = JSON.stringify({
      data: slots.map((s) => ({
        doctorId: s.doctorId,
        branchId: s.branchId,
        startsAt: new Date(s.startMs).toISOString(),
        endsAt: new Date(s.endMs).toISOString(),
        utcOffset: `${s.offsetMin < 0 ? '-' : '+'}${String(Math.floor(Math.abs(s.offsetMin) / 60)).padStart(2, '0')}:${String(Math.abs(s.offsetMin) % 60).padStart(2, '0')}`,
      })),
    });
    expect(slotsJson(slots).toString('utf8')).toBe(expected);
  });
});
