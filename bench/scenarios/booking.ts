// Booking scenarios from DESIGN.md: concurrent bookings of one slot (and of overlapping slots), booking throughput on
// distinct slots, and availability latency for 20 doctors x 14 days with half the slots booked. Everything goes through
// the HTTP API except bulk-booking half the slots for the availability run, which is plain setup and uses SQL.
import { randomBytes } from 'node:crypto';
import type { BenchContext, ScenarioResult } from '../lib/scenario.js';
import { timeGet, withoutBody } from '../lib/request-timer.js';
import { percentile, round } from '../lib/stats.js';

export type BookingBenchContext = Pick<BenchContext, 'baseUrl' | 'auth' | 'db'>;

interface Clinic {
  branchId: string;
  serviceId: string;
  /** A 60-minute service the same doctors provide, for overlaps of different lengths. */
  longServiceId: string;
  doctorIds: string[];
}

interface Slot {
  doctorId: string;
  branchId: string;
  startsAt: string;
  endsAt: string;
}

const DAY_MS = 86_400_000;
const TIME_ZONE = 'Europe/Moscow';

/** (a) `concurrency` simultaneous bookings of the same slot: exactly one 201, the rest 409 SLOT_TAKEN, no 5xx. */
export async function concurrentBookingsOfOneSlot(ctx: BookingBenchContext, concurrency = 100): Promise<ScenarioResult> {
  const clinic = await setUpClinic(ctx, 1);
  const [slot] = await freeSlots(ctx, clinic, Date.now() + DAY_MS, 1);
  const auth = await ctx.auth('receptionist');
  const statuses = await Promise.all(Array.from({ length: concurrency }, () => book(ctx, auth, clinic, slot!.doctorId, slot!.startsAt)));
  const counts = tally(statuses);
  return {
    name: `booking: ${concurrency} concurrent bookings of one slot`,
    target: `exactly 1 x 201, ${concurrency - 1} x 409, 0 x 5xx`,
    result: counts,
    ok: counts.created === 1 && counts.conflict === concurrency - 1 && counts.serverErrors === 0 && counts.other === 0,
  };
}

/**
 * (a') `concurrency` simultaneous bookings of overlapping slots of different lengths (30 and 60 minutes, starting
 * 0–25 minutes apart, all covering one common 5 minutes): exactly one can win.
 */
export async function concurrentOverlappingBookings(ctx: BookingBenchContext, concurrency = 100): Promise<ScenarioResult> {
  const clinic = await setUpClinic(ctx, 1);
  // Tomorrow's first slot: the latest of these bookings (60 minutes from 25 past) still ends within the working day.
  const [slot] = await freeSlots(ctx, clinic, startOfNextLocalDay(), 1);
  const base = Date.parse(slot!.startsAt);
  const auth = await ctx.auth('operator');
  const statuses = await Promise.all(
    Array.from({ length: concurrency }, (_, i) => {
      const startsAt = new Date(base + (i % 6) * 5 * 60_000).toISOString();
      return book(ctx, auth, clinic, slot!.doctorId, startsAt, i % 2 ? clinic.longServiceId : clinic.serviceId);
    }),
  );
  const counts = tally(statuses);
  return {
    name: `booking: ${concurrency} concurrent overlapping bookings (30/60 min, staggered starts)`,
    target: `exactly 1 x 201, ${concurrency - 1} x 409, 0 x 5xx`,
    result: counts,
    ok: counts.created === 1 && counts.conflict === concurrency - 1 && counts.serverErrors === 0 && counts.other === 0,
  };
}

/** (b) Bookings per second on distinct free slots, `connections` requests in flight at a time. */
export async function bookingThroughput(
  ctx: BookingBenchContext,
  options: { doctors?: number; bookings?: number; connections?: number } = {},
): Promise<ScenarioResult> {
  const { doctors = 10, bookings = 1000, connections = 20 } = options;
  const clinic = await setUpClinic(ctx, doctors);
  const slots = (await freeSlots(ctx, clinic, Date.now() + DAY_MS, 14)).slice(0, bookings);
  const auth = await ctx.auth('receptionist');
  const latencies: number[] = [];
  const statuses: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(connections, slots.length) }, async () => {
      for (let i = next++; i < slots.length; i = next++) {
        const t0 = performance.now();
        statuses.push(await book(ctx, auth, clinic, slots[i]!.doctorId, slots[i]!.startsAt));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const counts = tally(statuses);
  return {
    name: `booking: throughput on distinct slots, ${connections} in flight`,
    target: 'reported; every booking 201',
    result: {
      bookings: slots.length,
      bookingsPerSec: Math.round(counts.created / seconds),
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms: round(percentile(latencies, 99), 2),
      ...counts,
    },
    ok: counts.created === slots.length,
  };
}

/**
 * (c) GET /availability for `doctors` doctors x `days` days with half the slots booked: p50/p99 over `runs` requests.
 * A thousand by default: the p99 of 200 is the third-slowest request, so one garbage collection of the app landing
 * in the run decided it (14–37 ms over runs of the same code); of 1,000 it is the tenth (15.6–15.7 ms).
 */
export async function availabilityLatency(ctx: BookingBenchContext, options: { doctors?: number; days?: number; runs?: number } = {}): Promise<ScenarioResult> {
  const { doctors = 20, days = 14, runs = 1000 } = options;
  const clinic = await setUpClinic(ctx, doctors);
  const from = startOfNextLocalDay();
  const all = await freeSlots(ctx, clinic, from, days);
  const booked = await bookHalf(ctx, clinic, all);
  const auth = await ctx.auth('operator');
  const query = new URLSearchParams({ serviceId: clinic.serviceId, from: new Date(from).toISOString(), to: new Date(from + days * DAY_MS).toISOString() });
  const timing = await timeGet({
    url: `${ctx.baseUrl}/api/v1/availability?${query}`,
    headers: { authorization: auth },
    runs,
    slowest: 4,
  });
  const returned = (JSON.parse(timing.lastBody) as { data: Slot[] }).data.length;
  return {
    name: `availability: ${doctors} doctors x ${days} days, half booked`,
    target: 'p50 <= 10 ms, p99 <= 20 ms',
    result: { slotsInRange: all.length, freeSlotsReturned: returned, ...withoutBody(timing) },
    ok: timing.p50 <= 10 && timing.p99 <= 20 && returned === all.length - booked,
  };
}

/** A branch, a specialty with a 30- and a 60-minute service, and doctors working 09:00–18:00 every day on a 30-minute grid. */
async function setUpClinic(ctx: BookingBenchContext, doctors: number): Promise<Clinic> {
  const tag = randomBytes(4).toString('hex');
  const admin = await ctx.auth('admin');
  const manager = await ctx.auth('manager');
  const branchId = (await call(ctx, admin, 'POST', '/branches', { name: `Bench ${tag}`, timezone: TIME_ZONE })).id;
  // Everyone the bench signs in as works at the bench branch (SQL: plain setup).
  for (const role of ['operator', 'receptionist'] as const) await ctx.auth(role);
  await ctx.db.query(`INSERT INTO staff_branches (staff_id, branch_id) SELECT id, $1 FROM staff_users WHERE role <> 'admin' ON CONFLICT DO NOTHING`, [
    branchId,
  ]);
  const specialtyId = (await call(ctx, manager, 'POST', '/specialties', { name: `Bench ${tag}` })).id;
  const serviceId = (
    await call(ctx, manager, 'POST', '/services', { name: 'Consultation', specialtyId, durationMin: 30, price: 2000, currency: 'RUB', slotStepMin: 30 })
  ).id;
  const longServiceId = (
    await call(ctx, manager, 'POST', '/services', {
      name: 'Extended consultation',
      specialtyId,
      durationMin: 60,
      price: 3500,
      currency: 'RUB',
      slotStepMin: 30,
    })
  ).id;
  const doctorIds: string[] = [];
  for (let i = 0; i < doctors; i++) {
    const id = (await call(ctx, manager, 'POST', '/doctors', { fullName: `Bench Doctor ${tag}-${i}`, specialtyIds: [specialtyId], branchIds: [branchId] })).id;
    await call(ctx, manager, 'PUT', `/doctors/${id}/working-hours`, [{ branchId, weekdays: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '18:00' }]);
    doctorIds.push(id);
  }
  return { branchId, serviceId, longServiceId, doctorIds };
}

/** Every free slot of the clinic's doctors in [from, from + days), fetched from the API itself. */
async function freeSlots(ctx: BookingBenchContext, clinic: Clinic, from: number, days: number): Promise<Slot[]> {
  const auth = await ctx.auth('receptionist');
  const query = new URLSearchParams({
    serviceId: clinic.serviceId,
    branchId: clinic.branchId,
    from: new Date(from).toISOString(),
    to: new Date(from + days * DAY_MS).toISOString(),
  });
  const res = await fetch(`${ctx.baseUrl}/api/v1/availability?${query}`, { headers: { authorization: auth } });
  if (res.status !== 200) throw new Error(`availability answered ${res.status}`);
  const slots = ((await res.json()) as { data: Slot[] }).data;
  if (!slots.length) throw new Error('the bench clinic has no free slots');
  return slots;
}

/**
 * Books every other slot of each doctor (SQL: plain setup), then vacuums and analyzes the table as autovacuum
 * soon would after that many new rows. Returns how many slots were booked.
 */
async function bookHalf(ctx: BookingBenchContext, clinic: Clinic, slots: Slot[]): Promise<number> {
  const patient = await call(ctx, await ctx.auth('receptionist'), 'POST', '/patients', { lastName: 'Bench', firstName: 'Patient', phone: randomPhone() });
  const seen = new Map<string, number>();
  const chosen = slots.filter((s) => {
    const n = seen.get(s.doctorId) ?? 0;
    seen.set(s.doctorId, n + 1);
    return n % 2 === 0;
  });
  await ctx.db.query(
    `INSERT INTO appointments (patient_id, doctor_id, service_id, branch_id, starts_at, ends_at, channel, price, currency)
     SELECT $1, s.doctor_id, $2, $3, s.starts_at, s.ends_at, 'phone', 2000, 'RUB'
     FROM unnest($4::uuid[], $5::timestamptz[], $6::timestamptz[]) AS s (doctor_id, starts_at, ends_at)`,
    [patient.id, clinic.serviceId, clinic.branchId, chosen.map((s) => s.doctorId), chosen.map((s) => s.startsAt), chosen.map((s) => s.endsAt)],
  );
  await ctx.db.query(`VACUUM (ANALYZE) appointments`);
  return chosen.length;
}

async function book(ctx: BookingBenchContext, auth: string, clinic: Clinic, doctorId: string, startsAt: string, serviceId = clinic.serviceId): Promise<number> {
  try {
    const res = await fetch(`${ctx.baseUrl}/api/v1/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({
        doctorId,
        serviceId,
        branchId: clinic.branchId,
        startsAt,
        patient: { lastName: 'Bench', firstName: 'Patient', phone: randomPhone() },
      }),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // connection-level failure
  }
}

async function call(ctx: BookingBenchContext, auth: string, method: string, path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${ctx.baseUrl}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

function tally(statuses: number[]): { created: number; conflict: number; serverErrors: number; other: number } {
  const created = statuses.filter((s) => s === 201).length;
  const conflict = statuses.filter((s) => s === 409).length;
  const serverErrors = statuses.filter((s) => s >= 500).length;
  return { created, conflict, serverErrors, other: statuses.length - created - conflict - serverErrors };
}

function randomPhone(): string {
  return `+7912${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

/** Midnight in the bench zone (Moscow, UTC+3 all year) after now, so every day in the window is whole and in the future. */
function startOfNextLocalDay(): number {
  const offset = 3 * 3_600_000;
  return (Math.floor((Date.now() + offset) / DAY_MS) + 1) * DAY_MS - offset;
}
