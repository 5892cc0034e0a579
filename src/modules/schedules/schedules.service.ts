import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { AppError, notFound, validationFailed } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { BranchesService } from '../branches/branches.service.js';
import { DoctorsService } from '../doctors/doctors.service.js';
import { overlappingHours, type WeeklyHours, workIntervals } from './availability.js';
import { assertOwnBranch } from '../../common/access/access-policy.js';
import type { CreateScheduleExceptionDto, ListScheduleExceptionsQuery, ScheduleExceptionView, WorkingHoursDto, WorkingHoursView } from './dto/schedule.dto.js';
import type { WorkingTimeQuery, WorkingTimeView } from './dto/working-time.dto.js';
import { SchedulesRepository } from './schedules.repository.js';
import { DAY_MS, dayFromIsoDate, isoDateFromDay, localToUtc, minutesOfDay } from '../../common/time/zoned-time.js';

describeConstraint('schedule_exceptions_branch_id_fkey', { code: 'NOT_FOUND', message: 'The branch does not exist' });

/** A doctor's weekly hours (local time of each branch) and dated exceptions. */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly schedules: SchedulesRepository,
    private readonly doctors: DoctorsService,
    private readonly branches: BranchesService,
    private readonly audit: AuditService,
  ) {}

  /** Each active doctor of the branch with their working time there on a local day (weekly hours and exceptions applied). */
  async workingTime(actor: Actor, query: WorkingTimeQuery): Promise<WorkingTimeView> {
    assertOwnBranch(actor, query.branchId);
    const branch = await this.branches.get(query.branchId);
    const day = dayFromIsoDate(query.date);
    const fromMs = localToUtc(branch.timezone, day * DAY_MS).utcMs;
    const toMs = localToUtc(branch.timezone, (day + 1) * DAY_MS).utcMs;
    const doctorIds: string[] = [];
    for (let cursor: string | undefined, page; !page || cursor; cursor = page.nextCursor ?? undefined) {
      page = await this.doctors.list({ branchId: branch.id, active: true, limit: 200, cursor });
      doctorIds.push(...page.data.map((d) => d.id));
    }
    const { schedules } = doctorIds.length
      ? await this.schedules.loadSchedules(doctorIds, isoDateFromDay(day - 1), isoDateFromDay(day + 1))
      : { schedules: new Map() };
    const zones = new Map([[branch.id, branch.timezone]]);
    return {
      branchId: branch.id,
      date: query.date,
      timezone: branch.timezone,
      slotStepMin: this.config.slotStepMin,
      dayStartsAt: new Date(fromMs).toISOString(),
      dayEndsAt: new Date(toMs).toISOString(),
      doctors: doctorIds.map((doctorId) => ({
        doctorId,
        intervals: workIntervals(schedules.get(doctorId)!, zones, fromMs, toMs).map((w) => ({
          startsAt: new Date(Math.max(w.startMs, fromMs)).toISOString(),
          endsAt: new Date(Math.min(w.endMs, toMs)).toISOString(),
        })),
      })),
    };
  }

  async listHours(doctorId: string): Promise<WorkingHoursView[]> {
    await this.doctors.get(doctorId);
    return this.schedules.listHours(doctorId);
  }

  /** Replaces the doctor's whole weekly schedule. Rules may not overlap: a doctor is in one place at a time. */
  async replaceHours(actor: Actor, doctorId: string, dto: WorkingHoursDto[]): Promise<WorkingHoursView[]> {
    const rows: WeeklyHours[] = dto.map((h, i) => {
      if (minutesOfDay(h.start) >= minutesOfDay(h.end)) throw fieldError(`${i}.end`, 'end must be later than start (overnight hours are two rules)');
      if (h.validFrom && h.validTo && h.validTo < h.validFrom) throw fieldError(`${i}.validTo`, 'validTo must not be before validFrom');
      return { branchId: h.branchId, weekdays: [...h.weekdays].sort(), start: h.start, end: h.end, validFrom: h.validFrom ?? null, validTo: h.validTo ?? null };
    });
    const overlap = overlappingHours(rows);
    if (overlap) throw fieldError(`${overlap[1]}`, `overlaps rule ${overlap[0]} on a shared weekday`);
    return this.dataSource.transaction(async (em) => {
      const { branchIds } = await this.doctors.lockForSchedule(doctorId, em);
      rows.forEach((r, i) => {
        if (!branchIds.includes(r.branchId)) throw unprocessableBranch(`${i}.branchId`);
      });
      await this.schedules.replaceHours(doctorId, rows, em);
      await this.audit.record(actor, { action: 'doctor.working_hours_replaced', entity: 'doctor', entityId: doctorId, fields: ['workingHours'] }, em);
      return this.schedules.listHours(doctorId, em);
    });
  }

  async listExceptions(doctorId: string, query: ListScheduleExceptionsQuery): Promise<ScheduleExceptionView[]> {
    await this.doctors.get(doctorId);
    return this.schedules.listExceptions(doctorId, query.from, query.to);
  }

  async createException(actor: Actor, doctorId: string, dto: CreateScheduleExceptionDto): Promise<ScheduleExceptionView> {
    const dateTo = dto.dateTo ?? dto.dateFrom;
    if (dateTo < dto.dateFrom) throw fieldError('dateTo', 'dateTo must not be before dateFrom');
    if (Date.parse(dateTo) - Date.parse(dto.dateFrom) > 366 * 86_400_000) throw fieldError('dateTo', 'an exception covers at most a year');
    if ((dto.start === undefined) !== (dto.end === undefined)) throw fieldError(dto.start ? 'end' : 'start', 'give both start and end, or neither');
    if (dto.start && dto.end && minutesOfDay(dto.start) >= minutesOfDay(dto.end)) throw fieldError('end', 'end must be later than start');
    if (dto.kind === 'extra_hours' && (!dto.branchId || !dto.start)) throw fieldError('branchId', 'extra hours need a branch, a start and an end');
    return this.dataSource.transaction(async (em) => {
      const { branchIds } = await this.doctors.lockForSchedule(doctorId, em);
      if (dto.branchId && !branchIds.includes(dto.branchId)) throw unprocessableBranch('branchId');
      const id = await this.schedules.insertException(
        doctorId,
        {
          kind: dto.kind,
          dateFrom: dto.dateFrom,
          dateTo,
          start: dto.start ?? null,
          end: dto.end ?? null,
          branchId: dto.branchId ?? null,
          reason: dto.reason ?? null,
        },
        actor.id,
        em,
      );
      await this.audit.record(actor, { action: 'doctor.schedule_exception_created', entity: 'schedule_exception', entityId: id, fields: Object.keys(dto) }, em);
      return (await this.schedules.findException(doctorId, id, em))!;
    });
  }

  async deleteException(actor: Actor, doctorId: string, id: string): Promise<ScheduleExceptionView> {
    return this.dataSource.transaction(async (em) => {
      await this.doctors.lockForSchedule(doctorId, em);
      const exception = await this.schedules.findException(doctorId, id, em);
      if (!exception || !(await this.schedules.deleteException(doctorId, id, em))) throw notFound('Schedule exception');
      await this.audit.record(actor, { action: 'doctor.schedule_exception_deleted', entity: 'schedule_exception', entityId: id }, em);
      return exception;
    });
  }
}

function fieldError(field: string, message: string): AppError {
  return validationFailed('The schedule is not valid', [{ field, messages: [message] }]);
}

function unprocessableBranch(field: string): AppError {
  return new AppError('UNPROCESSABLE', 'The doctor does not work at this branch; add the branch to the doctor first', [
    { field, messages: ['not one of the doctor’s branches'] },
  ]);
}
