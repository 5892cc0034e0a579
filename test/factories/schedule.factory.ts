import { SchedulesService } from '../../src/modules/schedules/schedules.service.js';
import type { WorkingHoursDto } from '../../src/modules/schedules/dto/schedule.dto.js';
import { DAY_MS, isoDateFromDay, isoWeekday, localDayOf, localToUtc, minutesOfDay, offsetMinutes } from '../../src/common/time/zoned-time.js';
import type { TestApp } from '../setup/test-app.js';
import { createBranch, createDoctor, createService, createSpecialty } from './doctor.factory.js';
import { SETUP_ACTOR, worksAt } from './staff.factory.js';

export const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

export interface BookableDoctor {
  branchId: string;
  specialtyId: string;
  serviceId: string;
  doctorId: string;
  timezone: string;
}

/**
 * A branch in `timezone`, a specialty, a service and a doctor providing it, with weekly hours at the branch; `staff`
 * work at the new branch too.
 */
export async function bookableDoctor(
  t: TestApp,
  options: {
    timezone?: string;
    hours?: Array<Omit<WorkingHoursDto, 'branchId'>>;
    durationMin?: number;
    slotStepMin?: number;
    price?: number;
    staff?: { id: string }[];
  } = {},
): Promise<BookableDoctor> {
  const timezone = options.timezone ?? 'Europe/Moscow';
  const branchId = await createBranch(t, timezone);
  await worksAt(t, branchId, ...(options.staff ?? []));
  const specialtyId = await createSpecialty(t);
  const serviceId = await createService(t, specialtyId, { durationMin: options.durationMin ?? 30, slotStepMin: options.slotStepMin, price: options.price });
  const doctorId = await createDoctor(t, { specialtyIds: [specialtyId], branchIds: [branchId] });
  const hours = options.hours ?? [{ weekdays: EVERY_DAY, start: '09:00', end: '18:00' }];
  await setHours(
    t,
    doctorId,
    hours.map((h) => ({ ...h, branchId })),
  );
  return { branchId, specialtyId, serviceId, doctorId, timezone };
}

export async function setHours(t: TestApp, doctorId: string, hours: WorkingHoursDto[]): Promise<void> {
  await t.app.get(SchedulesService).replaceHours(SETUP_ACTOR, doctorId, hours);
}

/** A local date in the zone at least `daysAhead` days from today (and on `weekday` when given), as YYYY-MM-DD. */
export function futureDate(zone: string, daysAhead = 2, weekday?: number): string {
  let day = localDayOf(zone, Date.now()) + daysAhead;
  while (weekday !== undefined && isoWeekday(day) !== weekday) day++;
  return isoDateFromDay(day);
}

/** The UTC instant (ISO) of a local date and time in the zone. */
export function localInstant(zone: string, date: string, time: string): string {
  return new Date(localToUtc(zone, Date.parse(`${date}T00:00:00Z`) + minutesOfDay(time) * 60_000).utcMs).toISOString();
}

/** The next local date, from tomorrow on, on which the zone's UTC offset changes; null for zones without changes. */
export function nextOffsetChangeDay(zone: string): string | null {
  const today = localDayOf(zone, Date.now());
  for (let day = today + 1; day < today + 400; day++) {
    const start = localToUtc(zone, day * DAY_MS).utcMs;
    const end = localToUtc(zone, (day + 1) * DAY_MS).utcMs;
    if (offsetMinutes(zone, start) !== offsetMinutes(zone, end - 1)) return isoDateFromDay(day);
  }
  return null;
}
