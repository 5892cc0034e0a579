import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Role } from '../../src/common/auth/roles.js';
import {
  availabilityLatency,
  type BookingBenchContext,
  bookingThroughput,
  concurrentBookingsOfOneSlot,
  concurrentOverlappingBookings,
} from '../../bench/scenarios/booking.js';
import { signedIn } from '../factories/staff.factory.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** The booking bench scenarios at small sizes: their logic and counting, not their speed. */
describe('booking bench scenarios', () => {
  let t: TestApp;
  let ctx: BookingBenchContext;
  beforeAll(async () => {
    t = await startTestApp();
    const sessions = new Map<Role, Promise<string>>();
    ctx = {
      baseUrl: t.baseUrl,
      db: t.db,
      auth: (role) => {
        if (!sessions.has(role))
          sessions.set(
            role,
            signedIn(t, role).then((s) => s.auth),
          );
        return sessions.get(role)!;
      },
    };
  });
  afterAll(async () => t.close());

  it('counts one winner among concurrent bookings of one slot', async () => {
    const result = await concurrentBookingsOfOneSlot(ctx, 20);
    expect(result.result).toEqual({ created: 1, conflict: 19, serverErrors: 0, other: 0 });
    expect(result.ok).toBe(true);
  });

  it('counts one winner among concurrent overlapping bookings of different lengths', async () => {
    const result = await concurrentOverlappingBookings(ctx, 20);
    expect(result.result).toEqual({ created: 1, conflict: 19, serverErrors: 0, other: 0 });
    expect(result.ok).toBe(true);
  });

  it('books distinct slots and reports throughput', async () => {
    const result = await bookingThroughput(ctx, { doctors: 2, bookings: 30, connections: 5 });
    expect(result.result).toMatchObject({ bookings: 30, created: 30, conflict: 0, serverErrors: 0 });
    expect(result.ok).toBe(true);
  });

  it('books half the slots and times availability over the rest', async () => {
    const result = await availabilityLatency(ctx, { doctors: 3, days: 2, runs: 5 });
    const { slotsInRange, freeSlotsReturned } = result.result as { slotsInRange: number; freeSlotsReturned: number };
    expect(slotsInRange).toBe(3 * 2 * 18);
    expect(freeSlotsReturned).toBe(slotsInRange / 2);
    expect(typeof result.ok).toBe('boolean');
  });
});
