import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DAY_MS } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { JobRunner } from '../../jobs/job-runner.js';
import { ConsentsService } from '../consents/consents.service.js';
import { CatalogService } from '../doctors/catalog.service.js';
import { LeadsService } from '../leads/leads.service.js';
import { PatientsService } from '../patients/patients.service.js';
import type { AppointmentRow } from '../schedules/appointments.repository.js';
import { AppointmentsService } from '../schedules/appointments.service.js';
import { MessagesRepository } from './messages.repository.js';
import { OptOutsRepository } from './opt-outs.repository.js';
import { MessagingSettingsService } from './messaging-settings.service.js';
import { OutboundService } from './outbound.service.js';
import { nextAllowed } from './quiet-hours.js';
import { type RecallRow, RecallsRepository } from './recalls.repository.js';
import { renderTemplate, unsubscribeHint } from './templates.js';

export const RECALL_JOB = 'messages.recall';
export const RECALL_FOLLOW_UP_JOB = 'messages.recall_follow_up';
const BATCH = 200;

/**
 * Patients due back: a completed visit of a service with a recall interval sets a recall. When it is due and the
 * patient has no booking, a recall message goes out (with marketing consent only); if it stays unanswered and
 * nothing gets booked, the patient appears in the operators' queue as a lead of the `recall` channel.
 */
@Injectable()
export class RecallService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly recalls: RecallsRepository,
    private readonly messages: MessagesRepository,
    private readonly optOuts: OptOutsRepository,
    private readonly settings: MessagingSettingsService,
    private readonly outbound: OutboundService,
    private readonly appointments: AppointmentsService,
    private readonly patients: PatientsService,
    private readonly consents: ConsentsService,
    private readonly catalog: CatalogService,
    private readonly leads: LeadsService,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.every(RECALL_JOB, this.config.messaging.recallEverySec, async () => {
      await this.sendDue();
    });
    this.jobs.handle(RECALL_FOLLOW_UP_JOB, async (payload) => {
      await this.followUp(String(payload.appointmentId));
    });
  }

  /** A completed visit: due back after the service's recall interval, if it has one. */
  async noteVisit(em: EntityManager, visit: AppointmentRow): Promise<void> {
    const rule = await this.settings.recallRule(visit.serviceId, em);
    if (!rule) return;
    await this.recalls.add(
      {
        appointmentId: visit.id,
        patientId: visit.patientId,
        serviceId: visit.serviceId,
        branchId: visit.branchId,
        dueAt: new Date(visit.startsAt.getTime() + rule.intervalDays * DAY_MS),
      },
      em,
    );
  }

  /** Works the due recalls; returns how many it looked at. */
  async sendDue(): Promise<number> {
    let seen = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (em) => {
        const due = await this.recalls.claimDue(BATCH, em);
        for (const recall of due) await this.work(em, recall);
        return due.length;
      });
      seen += done;
      if (done < BATCH) return seen;
    }
  }

  private async work(em: EntityManager, recall: RecallRow): Promise<void> {
    if ((await this.appointments.upcomingForPatient(recall.patientId, 1, em)).length) {
      await this.recalls.set(recall.appointmentId, { status: 'booked' }, em);
      return;
    }
    const patient = await this.patients.findRow(recall.patientId, em);
    if (!patient || patient.restrictedAt || patient.anonymizedAt)
      return this.recalls.set(recall.appointmentId, { status: 'skipped', skipReason: 'restricted' }, em);
    if (!(await this.consents.hasActiveConsent(recall.patientId, 'marketing', em))) {
      return this.recalls.set(recall.appointmentId, { status: 'skipped', skipReason: 'no_marketing_consent' }, em);
    }
    if ((await this.optOuts.optedOutAmong([recall.patientId], em)).size)
      return this.recalls.set(recall.appointmentId, { status: 'skipped', skipReason: 'opted_out' }, em);
    const rule = await this.settings.recallRule(recall.serviceId, em);
    const route = await this.outbound.routeOf(patient, undefined, em);
    if (!route) return this.createLead(em, recall);
    const branch = await this.settings.forBranch(recall.branchId, em);
    const template = await this.settings.template(recall.branchId, branch.language, 'recall', em);
    const service = await this.catalog.getService(recall.serviceId, em).catch(() => undefined);
    const sendAt = nextAllowed(branch.timezone, Date.now(), branch.quiet);
    const message = await this.outbound.queue(em, {
      route,
      purpose: 'recall',
      patientId: recall.patientId,
      branchId: recall.branchId,
      appointmentId: recall.appointmentId,
      scheduleKey: 'recall',
      sendAt: new Date(sendAt),
      render: (url) =>
        renderTemplate(template, {
          clinic: branch.clinic,
          firstName: patient.firstName,
          service: service?.name ?? null,
          clinicPhone: branch.phone,
          unsubscribe: unsubscribeHint(branch.language, route.channel, url),
        }),
    });
    await this.recalls.set(recall.appointmentId, { status: 'messaged', messageId: message?.id ?? null }, em);
    await this.jobs.enqueue(
      em,
      RECALL_FOLLOW_UP_JOB,
      { appointmentId: recall.appointmentId },
      {
        runAt: new Date(sendAt + (rule?.followUpDays ?? 7) * DAY_MS),
        dedupeKey: `recall-follow-up:${recall.appointmentId}`,
      },
    );
  }

  /** After the wait: booked or answered meanwhile, nothing more; otherwise the operators call. */
  async followUp(appointmentId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const recall = await this.recalls.lockByAppointment(appointmentId, em);
      if (!recall || recall.status !== 'messaged') return;
      if ((await this.appointments.upcomingForPatient(recall.patientId, 1, em)).length) return this.recalls.set(appointmentId, { status: 'booked' }, em);
      const message = recall.messageId ? await this.messages.findById(recall.messageId, em) : undefined;
      const since = message?.sentAt ?? message?.createdAt;
      if (since && (await this.messages.inboundSince(recall.patientId, since, em))) return this.recalls.set(appointmentId, { status: 'answered' }, em);
      if (await this.patients.isRestricted(recall.patientId, em)) return this.recalls.set(appointmentId, { status: 'skipped', skipReason: 'restricted' }, em);
      await this.createLead(em, recall);
    });
  }

  private async createLead(em: EntityManager, recall: RecallRow): Promise<void> {
    const service = await this.catalog.getService(recall.serviceId, em).catch(() => undefined);
    const consented = await this.consents.hasActiveConsent(recall.patientId, 'personal_data', em);
    const { leadId } = await this.leads.receive(em, {
      channel: 'recall',
      branchId: recall.branchId,
      patientId: recall.patientId,
      contact: {},
      requestedServiceId: recall.serviceId,
      message: `Due back for ${service?.name ?? 'a check-up'} since ${recall.dueAt.toISOString().slice(0, 10)}; the recall message got no answer`,
      consentStatus: consented ? 'given' : 'pending',
    });
    await this.recalls.set(recall.appointmentId, { status: 'lead_created', leadId }, em);
  }
}
