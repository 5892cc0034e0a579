import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { branchScope } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { conflict, notFound, unprocessable, validationFailed } from '../../common/errors/app-error.js';
import { decodeCursor, type Page, toPage } from '../../common/http/pagination.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { PatientsService } from '../patients/patients.service.js';
import type {
  CompleteSubjectRequestDto,
  CreateSubjectRequestDto,
  ExtendSubjectRequestDto,
  ListSubjectRequestsQuery,
  NonWorkingDayView,
  PutNonWorkingDayDto,
  SubjectRequestView,
} from './dto/subject-request.dto.js';
import { type SubjectRequestRow, SubjectRequestsRepository } from './subject-requests.repository.js';
import {
  addWorkingDays,
  deadlineState,
  EXTENDABLE_TYPES,
  EXTENSION_WORKING_DAYS,
  localDay,
  RESPONSE_WORKING_DAYS,
  type SubjectRequestType,
  type WorkingCalendar,
} from './working-days.js';

const DAY_MS = 86_400_000;
/** Calendar rows loaded around a date: comfortably more than 15 working days plus the longest holiday run. */
const CALENDAR_SPAN_DAYS = 120;

const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Requests from data subjects (access, rectification, restriction, erasure, withdrawal) and their legal deadlines. */
@Injectable()
export class SubjectRequestsService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly requests: SubjectRequestsRepository,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
    private readonly registry: PersonalDataRegistry,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    // An erasure that answers a request completes it, in the same transaction.
    this.events.on('patient.erased', async ({ patientId, subjectRequestId, actorId }, em) => {
      if (!subjectRequestId) return;
      const request = await this.requests.lockById(subjectRequestId, em!);
      if (!request || request.patientId !== patientId) throw notFound('Subject request of this person');
      if (request.status !== 'open') throw conflict('This request is already closed');
      if (request.type !== 'erasure' && request.type !== 'withdrawal') throw unprocessable(`An erasure does not answer a ${request.type} request`);
      await this.requests.complete(subjectRequestId, 'completed', actorId, em!);
    });
    this.registry.register({
      table: 'subject_requests',
      category: 'requests the person made about their data',
      personalColumns: ['note'],
      export: (em, patientId) => this.requests.exportForPatient(patientId, em),
      erase: (em, patientId) => this.requests.eraseForPatient(patientId, em),
    });
  }

  async create(actor: Actor, dto: CreateSubjectRequestDto): Promise<SubjectRequestView> {
    const receivedAt = new Date(dto.receivedAt);
    if (receivedAt.getTime() > Date.now() + 60_000)
      throw validationFailed('receivedAt cannot be in the future', [{ field: 'receivedAt', messages: ['receivedAt cannot be in the future'] }]);
    const receivedDay = localDay(receivedAt, this.config.privacy.legalTimeZone);
    return this.dataSource.transaction(async (em) => {
      await this.patients.findVisible(actor, dto.patientId, em);
      const calendar = await this.calendarAround(receivedDay, em);
      const dueAt = addWorkingDays(receivedDay, RESPONSE_WORKING_DAYS[dto.type], calendar);
      const row = await this.requests.insert({ patientId: dto.patientId, type: dto.type, receivedAt, dueAt, note: dto.note ?? null, createdBy: actor.id }, em);
      await this.audit.record(actor, { action: 'subject_request.created', entity: 'subject_request', entityId: row.id, fields: [dto.type] }, em);
      return this.view(row, calendar);
    });
  }

  async list(actor: Actor, query: ListSubjectRequestsQuery): Promise<Page<SubjectRequestView>> {
    const limit = query.limit ?? 50;
    const rows = await this.requests.list({
      status: query.status,
      patientId: query.patientId,
      scope: branchScope(actor),
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    const calendar = await this.calendarAround(this.today());
    await this.audit.record(
      actor,
      {
        action: 'subject_request.listed',
        entity: 'subject_request',
        fields: [query.status ?? '', query.patientId ? 'patientId' : ''].filter(Boolean),
      },
      this.dataSource.manager,
    );
    return toPage(
      rows.map((r) => this.view(r, calendar)),
      limit,
      (r) => ({ at: `${r.extendedUntil ?? r.dueAt}T00:00:00Z`, id: r.id }),
    );
  }

  async get(actor: Actor, id: string): Promise<SubjectRequestView> {
    const row = await this.requests.findById(id);
    if (!row) throw notFound('Subject request');
    await this.patients.findVisible(actor, row.patientId);
    await this.audit.record(actor, { action: 'subject_request.viewed', entity: 'subject_request', entityId: id }, this.dataSource.manager);
    return this.view(row, await this.calendarAround(this.today()));
  }

  /** An access request may be extended once by 5 working days, with the reason recorded. */
  async extend(actor: Actor, id: string, dto: ExtendSubjectRequestDto): Promise<SubjectRequestView> {
    return this.dataSource.transaction(async (em) => {
      const row = await this.openForUpdate(actor, id, em);
      if (!EXTENDABLE_TYPES.has(row.type as SubjectRequestType)) throw unprocessable(`A ${row.type} request cannot be extended`);
      if (row.extendedUntil) throw conflict('This request was already extended');
      const calendar = await this.calendarAround(row.dueAt, em);
      await this.requests.extend(id, addWorkingDays(row.dueAt, EXTENSION_WORKING_DAYS, calendar), dto.reason, em);
      await this.audit.record(actor, { action: 'subject_request.extended', entity: 'subject_request', entityId: id, fields: ['extensionReason'] }, em);
      return this.view((await this.requests.findById(id, em))!, await this.calendarAround(this.today(), em));
    });
  }

  async complete(actor: Actor, id: string, dto: CompleteSubjectRequestDto): Promise<SubjectRequestView> {
    return this.dataSource.transaction(async (em) => {
      await this.openForUpdate(actor, id, em);
      await this.requests.complete(id, dto.outcome, actor.id, em);
      await this.audit.record(actor, { action: 'subject_request.completed', entity: 'subject_request', entityId: id, fields: [dto.outcome] }, em);
      return this.view((await this.requests.findById(id, em))!, await this.calendarAround(this.today(), em));
    });
  }

  listDays(year: number): Promise<NonWorkingDayView[]> {
    return this.requests.listDays(year);
  }

  async putDay(actor: Actor, day: string, dto: PutNonWorkingDayDto): Promise<NonWorkingDayView> {
    const working = dto.working ?? false;
    const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
    if (working !== weekend) {
      throw validationFailed(working ? 'Only a Saturday or Sunday can be made a working day' : 'Weekends are days off already; list weekdays off here');
    }
    await this.dataSource.transaction(async (em) => {
      await this.requests.putDay(day, working, dto.label ?? '', em);
      await this.audit.record(actor, { action: 'calendar.day_set', entity: 'non_working_day', entityId: day, fields: ['working'] }, em);
    });
    return { day, working, label: dto.label ?? '' };
  }

  async deleteDay(actor: Actor, day: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      if (!(await this.requests.deleteDay(day, em))) throw notFound('Calendar day');
      await this.audit.record(actor, { action: 'calendar.day_removed', entity: 'non_working_day', entityId: day }, em);
    });
  }

  private async openForUpdate(actor: Actor, id: string, em: EntityManager): Promise<SubjectRequestRow> {
    const row = await this.requests.lockById(id, em);
    if (!row) throw notFound('Subject request');
    await this.patients.findVisible(actor, row.patientId, em);
    if (row.status !== 'open') throw conflict('This request is already closed');
    return row;
  }

  private today(): string {
    return localDay(new Date(), this.config.privacy.legalTimeZone);
  }

  private calendarAround(day: string, em?: EntityManager): Promise<WorkingCalendar> {
    return this.requests.calendar(shiftDay(day, -7), shiftDay(day, CALENDAR_SPAN_DAYS), em);
  }

  private view(row: SubjectRequestRow, calendar: WorkingCalendar): SubjectRequestView {
    const { overdue, dueSoon } = deadlineState(row.dueAt, row.extendedUntil, row.status === 'open', this.today(), calendar);
    return { ...row, overdue, dueSoon };
  }
}
