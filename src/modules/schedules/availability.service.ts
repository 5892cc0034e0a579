import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { validationFailed } from '../../common/errors/app-error.js';
import { isLocalDate } from '../../common/http/instant.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { CatalogService } from '../doctors/catalog.service.js';
import { DoctorsService } from '../doctors/doctors.service.js';
import { AppointmentsRepository } from './appointments.repository.js';
import { type Slot, freeSlots, withinWorkingTime, workIntervals } from './availability.js';
import type { AvailabilityQuery } from './dto/availability.dto.js';
import { SchedulesRepository } from './schedules.repository.js';
import { DAY_MS, HOUR_MS } from '../../common/time/zoned-time.js';
import { OutsideWorkingHoursError } from './schedule-errors.js';

const DEFAULT_RANGE_MS = 7 * DAY_MS;
const MAX_RANGE_MS = 31 * DAY_MS;
/** The longest a slot may last (services.duration_min): a slot starting just before `to` ends this much later. */
const LONGEST_APPOINTMENT_MS = 12 * HOUR_MS;

/**
 * Free slots: two rounds of queries (service and doctors; then appointments and schedules side by side), then pure
 * computation in memory.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalog: CatalogService,
    private readonly doctors: DoctorsService,
    private readonly schedules: SchedulesRepository,
    private readonly appointments: AppointmentsRepository,
  ) {}

  async find(query: AvailabilityQuery, nowMs = Date.now()): Promise<Slot[]> {
    const days = localDays(query);
    // Local days are days in each branch's own zone, somewhere within UTC-12..+14 of the same UTC dates.
    const fromMs = days ? Date.parse(`${days.from}T00:00:00Z`) - 14 * HOUR_MS : query.from ? Date.parse(query.from) : nowMs;
    const toMs = days ? Date.parse(`${days.to}T00:00:00Z`) + DAY_MS + 12 * HOUR_MS : query.to ? Date.parse(query.to) : fromMs + DEFAULT_RANGE_MS;
    if (toMs <= fromMs) throw validationFailed('to must be later than from', [{ field: 'to', messages: ['to must be later than from'] }]);
    if (toMs - fromMs > MAX_RANGE_MS + (days ? 26 * HOUR_MS : 0))
      throw validationFailed('Ask for at most 31 days at a time', [{ field: 'to', messages: ['at most 31 days after from'] }]);
    if (toMs <= nowMs) return [];

    const [service, doctors] = await Promise.all([
      this.catalog.getService(query.serviceId),
      this.doctors.bookableDoctors({ serviceId: query.serviceId, doctorId: query.doctorId, specialtyId: query.specialtyId, branchId: query.branchId }),
    ]);
    if (!doctors.length) return [];
    const ids = doctors.map((d) => d.doctorId);
    // The appointments take longest to read: they are asked for first, and working time is worked out meanwhile.
    const [busy, work] = await Promise.all([
      this.appointments.busy(ids, new Date(fromMs), new Date(toMs + LONGEST_APPOINTMENT_MS)),
      this.schedules.loadSchedules(ids, isoDate(fromMs), isoDate(toMs)).then(({ schedules, zones }) => {
        if (query.branchId) for (const id of [...zones.keys()]) if (id !== query.branchId) zones.delete(id);
        return new Map(ids.map((id) => [id, workIntervals(schedules.get(id)!, zones, Math.max(fromMs, nowMs), toMs)]));
      }),
    ]);

    const slots = freeSlots(
      doctors.map((d) => ({ doctorId: d.doctorId, durationMin: d.durationMin, work: work.get(d.doctorId)!, busy: busy.get(d.doctorId) ?? [] })),
      { fromMs, toMs, nowMs, stepMin: service.slotStepMin ?? this.config.slotStepMin },
    );
    return days ? slots.filter((s) => onLocalDays(s, days)) : slots;
  }

  /** 422 OUTSIDE_WORKING_HOURS unless [start, end) lies within the doctor's working time at the branch (exceptions applied). */
  async assertWorkingTime(doctorId: string, branchId: string, start: Date, end: Date, em: EntityManager): Promise<void> {
    const { schedules, zones } = await this.schedules.loadSchedules([doctorId], isoDate(start.getTime()), isoDate(end.getTime()), em);
    if (!withinWorkingTime(schedules.get(doctorId)!, zones, branchId, start.getTime(), end.getTime())) {
      throw new OutsideWorkingHoursError('The doctor does not work at this branch at that time');
    }
  }
}

/** The local days asked for, when `from`/`to` are dates (`to` defaults to a week from `from`); undefined for instants. */
function localDays(query: AvailabilityQuery): { from: string; to: string } | undefined {
  const fromIsDate = query.from !== undefined && isLocalDate(query.from);
  const toIsDate = query.to !== undefined && isLocalDate(query.to);
  if (!fromIsDate && !toIsDate) return undefined;
  if (!fromIsDate || (query.to !== undefined && !toIsDate)) {
    throw validationFailed('Give from and to both as local dates or both as instants', [{ field: 'to', messages: ['from and to must be of the same kind'] }]);
  }
  return { from: query.from!, to: query.to ?? isoDate(Date.parse(`${query.from}T00:00:00Z`) + DEFAULT_RANGE_MS - DAY_MS) };
}

/** Whether the slot starts on one of the days, in its branch's zone. */
function onLocalDays(slot: Slot, days: { from: string; to: string }): boolean {
  const day = isoDate(slot.startMs + slot.offsetMin * 60_000);
  return day >= days.from && day <= days.to;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
