import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertInScope, assertMayProcess, assertOwnBranch, branchScope, seesRestrictedRecords } from '../../common/access/access-policy.js';
import { personAudience } from '../../common/access/event-audience.js';
import type { Actor } from '../../common/auth/actor.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { decodeCursor, toPage, type Page } from '../../common/http/pagination.js';
import { normalizePhone } from '../../common/phone/phone.js';
import { namePrefixPattern } from '../../common/sql/name-search.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Outbox, type Audience } from '../../realtime/outbox.js';
import { BranchesService } from '../branches/branches.service.js';
import { LeadsService } from '../leads/leads.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { AuditService } from '../audit/audit.service.js';
import { DoctorsService } from '../doctors/doctors.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { type AppointmentStatus, canMove, statusChangeProblem } from './appointment-status.js';
import type { AppointmentChange, AppointmentEvent } from '../../realtime/realtime-events.js';
import { type AppointmentRow, type AppointmentWithPatient, AppointmentsRepository } from './appointments.repository.js';
import { AvailabilityService } from './availability.service.js';
import type {
  AppointmentChannel,
  AppointmentView,
  ChangeStatusDto,
  CreateAppointmentDto,
  ListAppointmentsQuery,
  MoveAppointmentDto,
} from './dto/appointment.dto.js';
import { OutsideWorkingHoursError } from './schedule-errors.js';

describeConstraint('appointments_patient_id_fkey', { code: 'NOT_FOUND', message: 'The patient does not exist' });
describeConstraint('appointments_branch_id_fkey', { code: 'NOT_FOUND', message: 'The branch does not exist' });

const MINUTE_MS = 60_000;

export interface NewBooking {
  patientId: string;
  doctorId: string;
  serviceId: string;
  branchId: string;
  startsAt: Date;
  leadId: string | null;
  /** The staff member who booked, or null for online booking by the patient. */
  bookedBy: string | null;
  channel: AppointmentChannel;
  note: string | null;
}

/** Booking, moving, cancelling and the visit lifecycle. Overlaps are refused by the database's exclusion constraint. */
@Injectable()
export class AppointmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly appointments: AppointmentsRepository,
    private readonly availability: AvailabilityService,
    private readonly doctors: DoctorsService,
    private readonly patients: PatientsService,
    private readonly leads: LeadsService,
    private readonly settings: SettingsService,
    private readonly branches: BranchesService,
    private readonly audit: AuditService,
    private readonly outbox: Outbox,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async book(actor: Actor, dto: CreateAppointmentDto): Promise<AppointmentView> {
    if (dto.patientId !== undefined && dto.patient !== undefined) {
      throw validationFailed('Give either patientId or patient', [{ field: 'patientId', messages: ['give either patientId or patient, not both'] }]);
    }
    if (dto.patientId === undefined && dto.patient === undefined && !dto.leadId) {
      throw validationFailed('Say whom the appointment is for', [{ field: 'patientId', messages: ['give patientId, patient or leadId'] }]);
    }
    assertOwnBranch(actor, dto.branchId);
    const id = await this.dataSource.transaction(async (em) => {
      const lead = dto.leadId ? await this.leadToBook(actor, dto.leadId, em) : undefined;
      if (lead && dto.patientId && dto.patientId !== lead.patientId) throw conflict('The lead belongs to another patient');
      const patientId = dto.patient
        ? (await this.patients.create(actor, dto.patient, em)).id
        : await this.existingPatient(actor, dto.patientId ?? lead!.patientId, em);
      const row = await this.bookIn(em, {
        patientId,
        doctorId: dto.doctorId,
        serviceId: dto.serviceId,
        branchId: dto.branchId,
        startsAt: new Date(dto.startsAt),
        leadId: dto.leadId ?? null,
        bookedBy: actor.id,
        channel: dto.channel ?? defaultChannel(actor),
        note: dto.note ?? null,
      });
      await this.audit.record(
        actor,
        { action: 'appointment.created', entity: 'appointment', entityId: row.id, fields: Object.keys(dto).filter((k) => k !== 'patient') },
        em,
      );
      return row.id;
    });
    return (await this.views([(await this.appointments.findWithPatient(id))!]))[0]!;
  }

  /**
   * Books inside the caller's transaction: checks the doctor, service, branch and working time, inserts (the
   * exclusion constraint refuses overlaps) and announces it. Online booking creates its lead in the same transaction.
   */
  async bookIn(em: EntityManager, booking: NewBooking): Promise<AppointmentRow> {
    const terms = await this.bookable(booking.doctorId, booking.serviceId, booking.branchId, em);
    const endsAt = new Date(booking.startsAt.getTime() + terms.durationMin * MINUTE_MS);
    await this.assertBookableTime(booking.doctorId, booking.branchId, booking.startsAt, endsAt, em);
    const row = await this.appointments.insert({ ...booking, endsAt, price: terms.price, currency: terms.currency }, em);
    await this.outbox.publish(em, 'appointment.created', await this.audienceOf(row, em), eventOf(row));
    await this.events.emit(
      'appointment.booked',
      { appointmentId: row.id, patientId: row.patientId, leadId: row.leadId, branchId: row.branchId, actorId: booking.bookedBy },
      em,
    );
    return row;
  }

  /** The appointment booked from a lead (online booking answers a repeated request with it). */
  firstForLead(leadId: string, em?: EntityManager): Promise<AppointmentRow | null> {
    return this.appointments.firstForLead(leadId, em);
  }

  /** Moves to another time, doctor, service or branch (and/or edits the note). */
  async move(actor: Actor, id: string, dto: MoveAppointmentDto): Promise<AppointmentView> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.locked(actor, id, em);
      const changes: Partial<AppointmentRow> = {};
      const relocating = [dto.startsAt, dto.doctorId, dto.serviceId, dto.branchId].some((v) => v !== undefined);
      if (relocating) {
        if (!canMove(current.status)) throw conflict(`A ${current.status} appointment cannot be moved`);
        const doctorId = dto.doctorId ?? current.doctorId;
        const serviceId = dto.serviceId ?? current.serviceId;
        const branchId = dto.branchId ?? current.branchId;
        if (branchId !== current.branchId) assertOwnBranch(actor, branchId);
        const startsAt = dto.startsAt ? new Date(dto.startsAt) : current.startsAt;
        let durationMs = current.endsAt.getTime() - current.startsAt.getTime();
        if (doctorId !== current.doctorId || serviceId !== current.serviceId || branchId !== current.branchId) {
          const terms = await this.bookable(doctorId, serviceId, branchId, em);
          if (doctorId !== current.doctorId || serviceId !== current.serviceId) {
            durationMs = terms.durationMin * MINUTE_MS;
            Object.assign(changes, { price: terms.price, currency: terms.currency });
          }
        }
        const endsAt = new Date(startsAt.getTime() + durationMs);
        await this.assertBookableTime(doctorId, branchId, startsAt, endsAt, em);
        Object.assign(changes, { doctorId, serviceId, branchId, startsAt, endsAt });
      }
      if (dto.note !== undefined) changes.note = dto.note;
      const updated = await this.appointments.update(id, changes, em);
      await this.audit.record(actor, { action: 'appointment.updated', entity: 'appointment', entityId: id, fields: Object.keys(dto) }, em);
      await this.announce(actor, current, updated, relocating ? 'moved' : 'note', em);
    });
    return this.get(actor, id, false);
  }

  async cancel(actor: Actor, id: string, reason: string): Promise<AppointmentView> {
    await this.changeStatus(actor, id, 'cancelled', reason);
    return this.get(actor, id, false);
  }

  async setStatus(actor: Actor, id: string, dto: ChangeStatusDto): Promise<AppointmentView> {
    // The call center confirms visits; what happens at the clinic is for reception to record.
    if (actor.role === 'operator' && dto.status !== 'confirmed') throw forbidden('Operators can only confirm appointments');
    await this.changeStatus(actor, id, dto.status);
    return this.get(actor, id, false);
  }

  async get(actor: Actor, id: string, audited = true): Promise<AppointmentView> {
    const row = await this.appointments.findWithPatient(id);
    if (!row) throw notFound('Appointment');
    assertInScope(actor, row.branchId, 'Appointment');
    assertMayProcess(actor, row.patient.restricted);
    if (audited) await this.audit.recordOutsideTransaction(actor, { action: 'appointment.viewed', entity: 'appointment', entityId: id, fields: ['patient'] });
    return (await this.views([row]))[0]!;
  }

  async list(actor: Actor, query: ListAppointmentsQuery): Promise<Page<AppointmentView>> {
    if (query.branchId) assertOwnBranch(actor, query.branchId);
    const limit = query.limit ?? 50;
    // A phone in any usual form finds the patient's number; anything else is the start of a last or first name.
    const phone = query.q ? normalizePhone(query.q, this.config.defaultPhoneRegion) : null;
    const rows = await this.appointments.list({
      branchIds: query.branchId ? [query.branchId] : branchScope(actor).branchIds,
      hideRestricted: !seesRestrictedRecords(actor.role),
      doctorId: query.doctorId,
      patientId: query.patientId,
      status: query.status,
      phone: phone ?? undefined,
      namePattern: query.q && !phone ? namePrefixPattern(query.q) : undefined,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    await this.audit.recordOutsideTransaction(actor, { action: 'appointment.listed', entity: 'appointment', fields: query.q ? ['patient', 'q'] : ['patient'] });
    return toPage(await this.views(rows), limit, (a) => ({ at: a.startsAt.toISOString(), id: a.id }));
  }

  /** The appointment as stored, for work that follows it (reminders, feedback); no access check. */
  findRow(id: string, em?: EntityManager): Promise<AppointmentWithPatient | null> {
    return this.appointments.findWithPatient(id, em);
  }

  /**
   * The patient's own answer to a confirmation or reminder ("yes" / "cancel"), inside the caller's transaction. Follows
   * the same rules as staff changes (a cancellation frees the slot at once and is announced); answers why not when
   * the visit can no longer take that status (already cancelled, started), changing nothing then.
   */
  async answerByPatient(
    em: EntityManager,
    id: string,
    status: 'confirmed' | 'cancelled',
    meta: { requestId?: string } = {},
  ): Promise<{ changed: boolean; problem: string | null; appointment: AppointmentRow | null }> {
    const current = await this.appointments.lockById(id, em);
    if (!current) return { changed: false, problem: 'The appointment no longer exists', appointment: null };
    if (current.status === status) return { changed: false, problem: null, appointment: current };
    const problem = statusChangeProblem(current.status, status, current.startsAt, new Date(), { kind: 'patient' });
    if (problem) return { changed: false, problem, appointment: current };
    const updated = await this.appointments.update(
      id,
      { status, cancelReason: status === 'cancelled' ? 'Cancelled by the patient in reply to a message' : undefined },
      em,
    );
    await this.audit.recordAnonymous(
      { requestId: meta.requestId, actorRole: 'patient' },
      {
        action: `appointment.${status === 'cancelled' ? 'cancelled' : 'status_changed'}`,
        entity: 'appointment',
        entityId: id,
        fields: ['status', 'patient_reply'],
      },
      em,
    );
    await this.announce(null, current, updated, status === 'cancelled' ? 'cancelled' : 'status', em);
    return { changed: true, problem: null, appointment: updated };
  }

  /** A patient's coming appointments (for the operator's screen when they call); no personal data in the rows. */
  upcomingForPatient(patientId: string, limit = 5, em?: EntityManager): Promise<AppointmentRow[]> {
    return this.appointments.upcomingForPatient(patientId, limit, em);
  }

  private async changeStatus(actor: Actor, id: string, status: AppointmentStatus, reason?: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.locked(actor, id, em);
      const { arrivalLeadMinutes } = await this.settings.get(em);
      const zone = (await this.branches.get(current.branchId)).timezone;
      const problem = statusChangeProblem(current.status, status, current.startsAt, new Date(), { kind: 'staff', arrivalLeadMin: arrivalLeadMinutes, zone });
      if (problem) throw conflict(problem);
      const updated = await this.appointments.update(id, { status, cancelReason: reason }, em);
      await this.audit.record(
        actor,
        {
          action: `appointment.${status === 'cancelled' ? 'cancelled' : 'status_changed'}`,
          entity: 'appointment',
          entityId: id,
          fields: reason ? ['status', 'cancelReason'] : ['status'],
        },
        em,
      );
      await this.announce(actor, current, updated, status === 'cancelled' ? 'cancelled' : 'status', em);
    });
  }

  private async locked(actor: Actor, id: string, em: EntityManager): Promise<AppointmentRow> {
    const row = await this.appointments.lockById(id, em);
    if (!row) throw notFound('Appointment');
    assertInScope(actor, row.branchId, 'Appointment');
    assertMayProcess(actor, await this.patients.isRestricted(row.patientId, em));
    return row;
  }

  private async bookable(doctorId: string, serviceId: string, branchId: string, em: EntityManager) {
    const terms = await this.doctors.bookingTerms(doctorId, serviceId, em);
    if (!terms.doctorActive) throw new AppError('UNPROCESSABLE', 'The doctor no longer sees patients');
    if (!terms.serviceActive) throw new AppError('UNPROCESSABLE', 'The service is no longer offered');
    if (!terms.provides) throw new AppError('UNPROCESSABLE', 'The doctor does not provide this service');
    if (!terms.branchIds.includes(branchId)) throw new OutsideWorkingHoursError('The doctor does not work at this branch');
    return terms;
  }

  private async assertBookableTime(doctorId: string, branchId: string, startsAt: Date, endsAt: Date, em: EntityManager): Promise<void> {
    if (startsAt.getTime() < Date.now()) throw new AppError('UNPROCESSABLE', 'The appointment would start in the past');
    await this.availability.assertWorkingTime(doctorId, branchId, startsAt, endsAt, em);
  }

  /** Booking from a lead books the lead: an operator may book their own lead or one nobody holds, not a colleague's. */
  private async leadToBook(actor: Actor, leadId: string, em: EntityManager) {
    const lead = await this.leads.visible(actor, leadId, em);
    if (actor.role === 'operator' && lead.assignedOperatorId && lead.assignedOperatorId !== actor.id) throw forbidden('Another operator holds this lead');
    return lead;
  }

  private async existingPatient(actor: Actor, patientId: string, em: EntityManager): Promise<string> {
    const patient = await this.patients.findVisible(actor, patientId, em);
    if (patient.anonymizedAt) throw new AppError('UNPROCESSABLE', 'This person’s data was erased; register them again to book');
    return patient.id;
  }

  private async announce(actor: Actor | null, before: AppointmentRow, after: AppointmentRow, change: AppointmentChange, em: EntityManager): Promise<void> {
    const data = { ...eventOf(after), change, previousStatus: before.status, previousStartsAt: before.startsAt.toISOString() };
    await this.outbox.publish(em, 'appointment.updated', await this.audienceOf(after, em), data);
    // A move to another branch tells the old branch too.
    if (before.branchId !== after.branchId) await this.outbox.publish(em, 'appointment.updated', await this.audienceOf(before, em), data);
    await this.events.emit(
      'appointment.changed',
      { appointmentId: after.id, patientId: after.patientId, leadId: after.leadId, status: after.status, change, actorId: actor?.id ?? null },
      em,
    );
  }

  /** Everyone at the branch (reception, the call center there) and managers; a restricted person's, managers only. */
  private async audienceOf(row: AppointmentRow, em: EntityManager): Promise<Audience> {
    return personAudience(['operator', 'receptionist'], row.branchId, await this.patients.isRestricted(row.patientId, em));
  }

  /**
   * The appointments with the doctor's, service's and patient's names beside their ids. A restricted person's
   * appointment (managers only get it) shows no name or phone.
   */
  private async views(rows: AppointmentWithPatient[]): Promise<AppointmentView[]> {
    const names = await this.doctors.names([...new Set(rows.map((r) => r.doctorId))], [...new Set(rows.map((r) => r.serviceId))]);
    return rows.map((row) => {
      const patient = row.patient.restricted
        ? { id: row.patient.id, lastName: null, firstName: null, middleName: null, phone: null, restricted: true }
        : row.patient;
      return {
        ...row,
        patient,
        note: row.patient.restricted ? null : row.note,
        doctor: { id: row.doctorId, fullName: names.doctors.get(row.doctorId) ?? '' },
        service: { id: row.serviceId, name: names.services.get(row.serviceId) ?? '' },
      };
    });
  }
}

function defaultChannel(actor: Actor): AppointmentChannel {
  return actor.role === 'operator' ? 'phone' : actor.role === 'receptionist' ? 'walk_in' : 'other';
}

function eventOf(row: AppointmentRow): AppointmentEvent {
  return {
    id: row.id,
    patientId: row.patientId,
    doctorId: row.doctorId,
    serviceId: row.serviceId,
    branchId: row.branchId,
    leadId: row.leadId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status,
    channel: row.channel,
    bookedBy: row.bookedBy,
  };
}
