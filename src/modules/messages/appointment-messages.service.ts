import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events.js';
import { MINUTE_MS } from '../../common/time/zoned-time.js';
import { CatalogService } from '../doctors/catalog.service.js';
import { DoctorsService } from '../doctors/doctors.service.js';
import { PatientsService } from '../patients/patients.service.js';
import type { Patient } from '../patients/patient.entity.js';
import type { AppointmentWithPatient } from '../schedules/appointments.repository.js';
import { AppointmentsService } from '../schedules/appointments.service.js';
import { ANSWERABLE, answerHint, renderTemplate, type TemplateValues, unsubscribeHint, visitDateTime } from './templates.js';
import type { TemplatePurpose } from './message-types.js';
import { MessageQueueRepository } from './message-queue.repository.js';
import { type BranchMessaging, MessagingSettingsService } from './messaging-settings.service.js';
import { OutboundService, type Route } from './outbound.service.js';
import { nextAllowed, reminderSendAt } from './quiet-hours.js';
import { RecallService } from './recall.service.js';

const FEEDBACK_VALID_DAYS = 7;

/**
 * Messages that follow a visit: a confirmation right after booking, reminders before it (moved with it, withdrawn
 * when it is cancelled or took place), a feedback request after it, and the recall that follows. Everything is
 * written in the transaction of the change it follows.
 */
@Injectable()
export class AppointmentMessagesService implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly appointments: AppointmentsService,
    private readonly patients: PatientsService,
    private readonly doctors: DoctorsService,
    private readonly catalog: CatalogService,
    private readonly settings: MessagingSettingsService,
    private readonly queue: MessageQueueRepository,
    private readonly outbound: OutboundService,
    private readonly recalls: RecallService,
  ) {}

  onModuleInit(): void {
    this.events.on('appointment.booked', async ({ appointmentId }, em) => this.booked(em!, appointmentId));
    this.events.on('appointment.changed', async ({ appointmentId, change, status }, em) => {
      if (change === 'moved') await this.moved(em!, appointmentId);
      else if (change === 'cancelled' || (change === 'status' && ['arrived', 'completed', 'no_show'].includes(status))) {
        await this.withdraw(em!, appointmentId, change === 'cancelled' ? 'withdrawn: the appointment was cancelled' : 'withdrawn: the visit took place');
      }
      if (change === 'status' && status === 'completed') await this.completed(em!, appointmentId);
    });
  }

  private async booked(em: EntityManager, appointmentId: string): Promise<void> {
    const context = await this.context(em, appointmentId);
    if (!context) return;
    const { visit, branch, route } = context;
    if (branch.confirmations) {
      await this.outbound.queue(em, {
        route,
        purpose: 'confirmation',
        render: await this.renderer(em, context, 'confirmation'),
        patientId: visit.patientId,
        branchId: visit.branchId,
        appointmentId: visit.id,
        scheduleKey: 'confirmation',
        expiresAt: visit.startsAt,
      });
    }
    await this.scheduleReminders(em, context);
  }

  private async moved(em: EntityManager, appointmentId: string): Promise<void> {
    const context = await this.context(em, appointmentId);
    const pending = await this.queue.lockPendingOfAppointment(appointmentId, em);
    if (!context) {
      await this.queue.withdraw(
        pending.map((m) => m.id),
        'withdrawn: the person can no longer be reached',
        em,
      );
      return;
    }
    const { visit, branch } = context;
    const withdrawn: string[] = [];
    for (const message of pending) {
      if (message.scheduleKey === 'confirmation') {
        await this.queue.reschedule(
          message.id,
          { body: (await this.renderer(em, context, 'confirmation', message.channel))(null), sendAt: new Date(), expiresAt: visit.startsAt },
          em,
        );
        continue;
      }
      const offset = /^reminder:(\d+)$/.exec(message.scheduleKey ?? '')?.[1];
      if (!offset) continue;
      const at = reminderSendAt(visit.startsAt.getTime(), Number(offset), branch.timezone, branch.quiet, Date.now());
      if (at === null) withdrawn.push(message.id);
      else
        await this.queue.reschedule(
          message.id,
          { body: (await this.renderer(em, context, 'reminder', message.channel))(null), sendAt: new Date(at), expiresAt: visit.startsAt },
          em,
        );
    }
    await this.queue.withdraw(withdrawn, 'withdrawn: the visit moved too close for this reminder', em);
    // Reminders that did not fit the old time may fit the new one.
    await this.scheduleReminders(em, context);
  }

  private async withdraw(em: EntityManager, appointmentId: string, reason: string): Promise<void> {
    const pending = await this.queue.lockPendingOfAppointment(appointmentId, em);
    await this.queue.withdraw(
      pending.filter((m) => m.scheduleKey === 'confirmation' || m.scheduleKey?.startsWith('reminder:')).map((m) => m.id),
      reason,
      em,
    );
  }

  private async completed(em: EntityManager, appointmentId: string): Promise<void> {
    const visit = await this.appointments.findRow(appointmentId, em);
    if (!visit) return;
    await this.recalls.noteVisit(em, visit);
    const context = await this.context(em, appointmentId);
    if (!context || !context.branch.feedbackRequests || !ANSWERABLE.includes(context.route.channel)) return;
    const { branch } = context;
    const at = nextAllowed(branch.timezone, Date.now() + branch.feedbackDelayMin * MINUTE_MS, branch.quiet);
    await this.outbound.queue(em, {
      route: context.route,
      purpose: 'feedback',
      render: await this.renderer(em, context, 'feedback'),
      patientId: visit.patientId,
      branchId: visit.branchId,
      appointmentId: visit.id,
      scheduleKey: 'feedback',
      sendAt: new Date(at),
      expiresAt: new Date(at + FEEDBACK_VALID_DAYS * 24 * 60 * MINUTE_MS),
    });
  }

  private async scheduleReminders(em: EntityManager, context: VisitContext): Promise<void> {
    const { visit, branch, route } = context;
    const due = branch.reminderOffsetsMin
      .map((offset) => ({ offset, at: reminderSendAt(visit.startsAt.getTime(), offset, branch.timezone, branch.quiet, Date.now()) }))
      .filter((r): r is { offset: number; at: number } => r.at !== null);
    if (!due.length) return;
    const render = await this.renderer(em, context, 'reminder');
    for (const { offset, at } of due) {
      await this.outbound.queue(em, {
        route,
        purpose: 'reminder',
        render,
        patientId: visit.patientId,
        branchId: visit.branchId,
        appointmentId: visit.id,
        scheduleKey: `reminder:${offset}`,
        sendAt: new Date(at),
        expiresAt: visit.startsAt,
      });
    }
  }

  /** The visit, its branch's settings and the person's channel; null when the person cannot be written to at all. */
  private async context(em: EntityManager, appointmentId: string): Promise<VisitContext | null> {
    const visit = await this.appointments.findRow(appointmentId, em);
    if (!visit || visit.patient.restricted) return null;
    const patient = await this.patients.findRow(visit.patientId, em);
    if (!patient) return null;
    const route = await this.outbound.routeOf(patient, undefined, em);
    if (!route) return null;
    return { visit, patient, route, branch: await this.settings.forBranch(visit.branchId, em) };
  }

  /** The text of a visit's message in the branch's language, from its template. */
  private async renderer(em: EntityManager, { visit, patient, branch, route }: VisitContext, purpose: TemplatePurpose, channel = route.channel) {
    // One after another: they share the transaction's connection.
    const doctor = await this.doctors.get(visit.doctorId, em).catch(() => undefined);
    const service = await this.catalog.getService(visit.serviceId, em).catch(() => undefined);
    const template = await this.settings.template(visit.branchId, branch.language, purpose, em);
    const { date, time } = visitDateTime(visit.startsAt, branch.timezone, branch.language);
    const values: TemplateValues = {
      clinic: branch.clinic,
      firstName: patient.firstName,
      doctor: doctor?.fullName ?? null,
      service: service?.name ?? null,
      date,
      time,
      address: branch.address || null,
      clinicPhone: branch.phone,
      answerHint: answerHint(branch.language, purpose, channel, branch.phone),
    };
    return (url: string | null) => renderTemplate(template, { ...values, unsubscribe: unsubscribeHint(branch.language, channel, url) });
  }
}

export interface VisitContext {
  visit: AppointmentWithPatient;
  patient: Patient;
  route: Route;
  branch: BranchMessaging;
}
