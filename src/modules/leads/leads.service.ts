import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { assertInScope, assertMayProcess, assertOwnBranch, branchScope, defaultBranchOf, seesRestrictedRecords } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { conflict, forbidden, notFound, validationFailed } from '../../common/errors/app-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { decodeCursor, toPage, type Page } from '../../common/http/pagination.js';
import { normalizePhone } from '../../common/phone/phone.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Outbox } from '../../realtime/outbox.js';
import { AuditService } from '../audit/audit.service.js';
import { BranchesService } from '../branches/branches.service.js';
import { ConsentsService } from '../consents/consents.service.js';
import { type InquiryContact, PatientMatchingService } from '../patients/patient-matching.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { SettingsService } from '../settings/settings.service.js';
import type { CreateLeadDto, LeadPage, LeadView, ListLeadsQuery, UpdateLeadDto } from './dto/lead.dto.js';
import { firstContactDueAt } from './first-contact-sla.js';
import { assertLeadStep, type LeadChannel, type LeadStatus } from './lead-lifecycle.js';
import { LeadAssignment } from './lead-assignment.js';
import { leadEventData, toLeadView } from './lead-view.js';
import { type FloorRow, type LeadFilter, LeadListRepository } from './lead-list.repository.js';
import { type LeadRow, LeadsRepository } from './leads.repository.js';
import { isLocalDate } from '../../common/http/instant.js';
import { periodProblem } from './funnel-definitions.js';

describeConstraint('leads_source_external_id_key', { code: 'CONFLICT', message: 'A lead with this external id already came from this source' });
describeConstraint('leads_patient_id_fkey', { code: 'NOT_FOUND', message: 'The patient does not exist' });
describeConstraint('appointments_lead_id_fkey', { code: 'NOT_FOUND', message: 'The lead does not exist' });
describeConstraint('leads_branch_id_fkey', { code: 'NOT_FOUND', message: 'The branch does not exist' });

/** An inquiry as any channel delivers it, already validated and with the phone in E.164. */
export interface IncomingLead {
  channel: LeadChannel;
  sourceId?: string | null;
  branchId?: string | null;
  contact: InquiryContact;
  /** The patient is already known (a staff member picked them, or the messenger user wrote before). */
  patientId?: string;
  utm?: { source?: string; medium?: string; campaign?: string; content?: string; term?: string };
  referrer?: string | null;
  landingUrl?: string | null;
  message?: string | null;
  messengerUserId?: string | null;
  messengerUsername?: string | null;
  requestedServiceId?: string | null;
  requestedDoctorId?: string | null;
  externalId?: string | null;
  consentStatus: 'given' | 'pending';
  createdBy?: string | null;
}

@Injectable()
export class LeadsService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly leads: LeadsRepository,
    private readonly lists: LeadListRepository,
    private readonly matching: PatientMatchingService,
    private readonly patients: PatientsService,
    private readonly consents: ConsentsService,
    private readonly branches: BranchesService,
    private readonly settings: SettingsService,
    private readonly assignment: LeadAssignment,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    // An appointment made from a lead books it, in the same transaction.
    this.events.on('appointment.booked', async ({ leadId, patientId, branchId }, em) => {
      if (leadId) await this.markBooked(em!, leadId, patientId, branchId);
    });
    // Consent to personal-data processing taken (by phone, say): the person's leads stop waiting for it.
    // A patient created by this very intake has no other leads, and this one was stored with its consent.
    this.events.on('consent.recorded', async ({ kind, patientId, newPatient }, em) => {
      if (kind === 'personal_data' && patientId && !newPatient) await this.markConsent(em!, patientId, 'given');
    });
    // Withdrawn: the person's leads say so (the person is restricted in the same transaction).
    this.events.on('consent.withdrawn', async ({ kind, patientId }, em) => {
      if (kind === 'personal_data' && patientId) await this.markConsent(em!, patientId, 'withdrawn');
    });
  }

  /**
   * Records an inquiry inside the caller's transaction: links it to a patient, sets its first-contact deadline,
   * assigns it by the clinic's strategy and announces it. A messenger user writing again within the window
   * extends their open lead instead (created: false).
   */
  async receive(em: EntityManager, input: IncomingLead): Promise<{ leadId: string; lead: LeadRow; created: boolean }> {
    let knownPatientId = input.patientId;
    if (input.sourceId && input.messengerUserId) {
      const settings = await this.settings.get(em);
      const open = await this.leads.lockOpenMessengerLead(input.sourceId, input.messengerUserId, settings.messengerLeadWindowMin, em);
      if (open) {
        if (input.message) await this.leads.appendMessage(open, input.message, em);
        const lead = (await this.leads.findById(open, em))!;
        await this.outbox.publish(em, 'lead.updated', this.assignment.audienceOf(lead), leadEventData(lead));
        return { leadId: open, lead, created: false };
      }
      knownPatientId ??= await this.leads.patientOfMessengerUser(input.sourceId, input.messengerUserId, em);
    }
    const [lead] = await this.receiveMany(em, [{ ...input, patientId: knownPatientId }]);
    return { leadId: lead!.id, lead: lead!, created: true };
  }

  /**
   * Records several new inquiries inside the caller's transaction with a few statements in all, exactly as `receive`
   * would one after another (patients matched in order, assignment in order), minus the messenger window (messenger
   * deliveries go through `receive`). `id` and `receivedAt` may be chosen by the caller (an inquiry accepted earlier).
   * With `announce: false` the caller announces each lead with `announceReceived`, to order the events as it needs.
   */
  async receiveMany(
    em: EntityManager,
    inputs: Array<IncomingLead & { id?: string; receivedAt?: Date }>,
    options: { announce?: boolean } = {},
  ): Promise<LeadRow[]> {
    if (!inputs.length) return [];
    const settings = await this.settings.get(em);
    const patients = await this.matching.matchOrCreateMany(
      em,
      inputs.map((i) => ({ contact: i.contact, knownPatientId: i.patientId, at: i.receivedAt })),
    );
    // A lead without a branch is clinic-wide (every operator sees it); its deadline runs in the main call center's hours.
    const branchIds = inputs.map((i) => i.branchId ?? null);
    const operators = await this.assignment.pickOperators(em, settings.assignmentStrategy, branchIds);
    const values = [];
    for (const [i, input] of inputs.entries()) {
      const callCenter = await this.branches.callCenter(branchIds[i], em);
      const operatorId = operators[i] ?? null;
      values.push({
        id: input.id ?? randomUUID(),
        createdAt: input.receivedAt,
        patientId: patients[i]!.patientId,
        sourceId: input.sourceId ?? null,
        branchId: branchIds[i]!,
        channel: input.channel,
        utmSource: input.utm?.source ?? null,
        utmMedium: input.utm?.medium ?? null,
        utmCampaign: input.utm?.campaign ?? null,
        utmContent: input.utm?.content ?? null,
        utmTerm: input.utm?.term ?? null,
        referrer: input.referrer ?? null,
        landingUrl: input.landingUrl ?? null,
        message: input.message ?? null,
        messengerUserId: input.messengerUserId ?? null,
        messengerUsername: input.messengerUsername ?? null,
        requestedServiceId: input.requestedServiceId ?? null,
        requestedDoctorId: input.requestedDoctorId ?? null,
        status: operatorId ? ('assigned' as const) : ('new' as const),
        assignedOperatorId: operatorId,
        slaDueAt: firstContactDueAt(input.receivedAt ?? new Date(), settings.firstContactSlaMinutes, callCenter.hours, callCenter.timezone),
        consentStatus: input.consentStatus,
        returningPatient: patients[i]!.returning,
        externalId: input.externalId ?? null,
        createdBy: input.createdBy ?? null,
      });
    }
    const leads = await this.leads.insertMany(values, em);
    if (options.announce !== false) for (const lead of leads) await this.announceReceived(em, lead);
    return leads;
  }

  /** The real-time events of a new lead: to its branch's operators and managers, and to the operator it went to. */
  async announceReceived(em: EntityManager, lead: LeadRow): Promise<void> {
    await this.outbox.publish(em, 'lead.created', this.assignment.audienceOf(lead), leadEventData(lead));
    if (lead.assignedOperatorId) await this.outbox.publish(em, 'lead.assigned', { users: [lead.assignedOperatorId] }, leadEventData(lead));
  }

  /** A lead a staff member enters: a phone call, a walk-in, a referral. */
  async create(actor: Actor, dto: CreateLeadDto): Promise<LeadView> {
    const phone = dto.phone ? normalizePhone(dto.phone, this.config.defaultPhoneRegion) : null;
    if (!dto.patientId && !phone)
      throw validationFailed('The phone number is not valid', [{ field: 'phone', messages: ['phone must be a valid phone number'] }]);
    if (dto.branchId) assertOwnBranch(actor, dto.branchId);
    const leadId = await this.dataSource.transaction(async (em) => {
      if (dto.patientId) await this.patients.findVisible(actor, dto.patientId, em);
      // A known person who consented before needs no new consent; anyone else gives it on the call or at the desk.
      const consented = dto.patientId ? await this.consents.hasActiveConsent(dto.patientId, 'personal_data', em) : false;
      const { leadId: id } = await this.receive(em, {
        channel: dto.channel,
        branchId: dto.branchId ?? defaultBranchOf(actor),
        patientId: dto.patientId,
        contact: { name: dto.name, phone },
        utm: { campaign: dto.campaign },
        message: dto.message,
        requestedServiceId: dto.requestedServiceId,
        requestedDoctorId: dto.requestedDoctorId,
        consentStatus: consented ? 'given' : 'pending',
        createdBy: actor.id,
      });
      await this.audit.record(actor, { action: 'lead.created', entity: 'lead', entityId: id, fields: Object.keys(dto) }, em);
      return id;
    });
    return this.get(actor, leadId);
  }

  async list(actor: Actor, query: ListLeadsQuery): Promise<LeadPage> {
    const limit = query.limit ?? 50;
    const phone = query.q ? normalizePhone(query.q, this.config.defaultPhoneRegion) : null;
    // Browsing, operators see the queue and their own leads; looking a person up, every lead of their branches.
    const browsing = actor.role === 'operator' && !query.q && !query.patientId;
    if (query.branchId && query.branchId !== 'none') assertOwnBranch(actor, query.branchId);
    const none = (value: string | undefined) => (value === 'none' ? null : value);
    const rows = await this.lists.list({
      status: query.status,
      channel: query.channel,
      assignedTo: query.assignedTo === 'me' ? actor.id : none(query.assignedTo),
      ...this.arrival(query),
      campaign: query.campaign === '' ? null : query.campaign,
      sourceId: none(query.sourceId),
      branchId: none(query.branchId),
      doctorId: none(query.doctorId),
      stage: query.stage,
      repeatWindowDays: query.stage === 'repeat' ? (await this.settings.get()).repeatVisitWindowDays : undefined,
      patientId: query.patientId,
      phone: phone ?? undefined,
      namePrefix: query.q && !phone ? query.q : undefined,
      operatorView: browsing ? actor.id : undefined,
      scope: branchScope(actor),
      hideRestricted: !seesRestrictedRecords(actor.role),
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    await this.audit.record(
      actor,
      { action: 'lead.listed', entity: 'lead', fields: Object.keys(query).filter((k) => k !== 'cursor' && k !== 'limit') },
      this.dataSource.manager,
    );
    const page: Page<LeadRow> = toPage(rows, limit, (l) => ({ at: l.createdAt.toISOString(), id: l.id }));
    return { data: page.data.map(toLeadView), nextCursor: page.nextCursor };
  }

  /**
   * When the listed leads arrived: between two instants (either may be open), or within a period of local dates
   * placed on each lead's branch calendar exactly as the funnel report places it.
   */
  private arrival(query: ListLeadsQuery): Pick<LeadFilter, 'from' | 'to' | 'period'> {
    const dates = [query.from, query.to].filter((v): v is string => v !== undefined);
    if (!dates.some(isLocalDate)) return { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined };
    if (dates.length < 2 || !dates.every(isLocalDate)) {
      throw validationFailed('Give the period as two local dates, or as instants', [
        { field: 'to', messages: ['from and to must both be local dates (YYYY-MM-DD)'] },
      ]);
    }
    const problem = periodProblem(query.from!, query.to!);
    if (problem) throw validationFailed('The period is not valid', [{ field: 'to', messages: [problem] }]);
    return { period: { from: query.from!, to: query.to!, legalTimeZone: this.config.privacy.legalTimeZone } };
  }

  /** Every view of a lead card is an audit event. */
  async get(actor: Actor, id: string): Promise<LeadView> {
    const lead = await this.visible(actor, id);
    await this.audit.record(actor, { action: 'lead.viewed', entity: 'lead', entityId: id }, this.dataSource.manager);
    return toLeadView(lead);
  }

  async update(actor: Actor, id: string, dto: UpdateLeadDto): Promise<LeadView> {
    await this.dataSource.transaction(async (em) => {
      const lead = await this.lockVisible(actor, id, em);
      if (actor.role === 'operator' && lead.assignedOperatorId !== actor.id) throw forbidden('Claim the lead before working on it');
      if (dto.branchId && dto.branchId !== lead.branchId) {
        if (actor.role === 'operator') throw forbidden('Only managers move a lead to a branch');
        assertOwnBranch(actor, dto.branchId);
      }
      if (dto.status && dto.status !== lead.status) {
        assertLeadStep(lead, dto.status, dto.lostReason);
      }
      await this.leads.update(
        id,
        {
          status: dto.status,
          lostReason: dto.status === 'lost' ? (dto.lostReason ?? lead.lostReason) : dto.lostReason,
          notes: dto.notes,
          requestedServiceId: dto.requestedServiceId,
          requestedDoctorId: dto.requestedDoctorId,
          branchId: dto.branchId,
          ...(dto.status === 'new' ? { assignedOperatorId: null } : {}),
        },
        em,
      );
      await this.audit.record(actor, { action: 'lead.updated', entity: 'lead', entityId: id, fields: Object.keys(dto) }, em);
      const updated = (await this.leads.findById(id, em))!;
      await this.outbox.publish(em, 'lead.updated', this.assignment.audienceOf(updated), leadEventData(updated));
    });
    return this.get(actor, id);
  }

  /** The first contact (a call, a message) stops the first-contact clock; later contacts change nothing. */
  async recordFirstContact(em: EntityManager, leadId: string, at: Date): Promise<boolean> {
    if (!(await this.leads.setFirstContact(leadId, at, em))) return false;
    const lead = (await this.leads.findById(leadId, em))!;
    await this.outbox.publish(em, 'lead.updated', this.assignment.audienceOf(lead), leadEventData(lead));
    return true;
  }

  /** Moves a lead to booked when an appointment is made from it; a clinic-wide lead joins the appointment's branch. */
  async markBooked(em: EntityManager, leadId: string, patientId: string, branchId: string): Promise<void> {
    const lead = await this.leads.lockById(leadId, em);
    if (!lead) throw notFound('Lead');
    if (lead.patientId !== patientId) throw conflict('The lead belongs to another patient');
    if (lead.status === 'booked') return;
    assertLeadStep(lead, 'booked');
    await this.leads.update(leadId, { status: 'booked', branchId: lead.branchId ?? branchId }, em);
    const updated = (await this.leads.findById(leadId, em))!;
    await this.outbox.publish(em, 'lead.updated', this.assignment.audienceOf(updated), leadEventData(updated));
  }

  /**
   * Moves a lead to `status` inside the caller's transaction (a call's outcome, say) and announces it; the same
   * status again changes nothing. Refuses steps the lifecycle does not allow.
   */
  async changeStatus(em: EntityManager, leadId: string, status: LeadStatus, lostReason?: string): Promise<LeadRow> {
    const lead = await this.leads.lockById(leadId, em);
    if (!lead) throw notFound('Lead');
    if (lead.status === status && (status !== 'lost' || !lostReason)) return lead;
    if (lead.status !== status) assertLeadStep(lead, status, lostReason);
    await this.leads.update(leadId, { status, lostReason: status === 'lost' ? (lostReason ?? lead.lostReason) : undefined }, em);
    const updated = (await this.leads.findById(leadId, em))!;
    await this.outbox.publish(em, 'lead.updated', this.assignment.audienceOf(updated), leadEventData(updated));
    return updated;
  }

  /** The person's open leads, newest first. */
  /** Whether a lead with this external id came from this source already (a CRM sends each of its ids once). */
  externalIdTaken(sourceId: string, externalId: string): Promise<boolean> {
    return this.leads.externalIdTaken(sourceId, externalId);
  }

  openLeadsOfPatient(patientId: string, em?: EntityManager): Promise<LeadRow[]> {
    return this.leads.openOfPatient(patientId, em);
  }

  /** What an operator works on: their open leads and the unowned queue of their branches (no restricted persons), most urgent first. */
  workQueue(actor: Actor, limit: number): Promise<LeadRow[]> {
    return this.lists.workQueue(actor.id, branchScope(actor), limit);
  }

  /** The live floor's lead figures per branch within the staff member's reach (`todayStarts`: each branch's local midnight). */
  floor(actor: Actor, todayStarts: Array<{ branchId: string | null; at: Date }>): Promise<FloorRow[]> {
    return this.lists.floor(branchScope(actor), todayStarts);
  }

  /** The person's consent was given or withdrawn: their leads say so; each change is announced. */
  async markConsent(em: EntityManager, patientId: string, status: 'given' | 'withdrawn'): Promise<number> {
    const changed = await this.leads.setConsentStatus(patientId, status, em);
    for (const id of changed) {
      const lead = (await this.leads.findById(id, em))!;
      await this.outbox.publish(em, 'lead.updated', this.assignment.audienceOf(lead), leadEventData(lead));
      // Operators no longer get the person's events: they are told, by the lead's id alone, to let it go.
      if (status === 'withdrawn') {
        await this.outbox.publish(
          em,
          'lead.restricted',
          { roles: ['operator'], branchId: lead.branchId, ...(lead.assignedOperatorId ? { users: [lead.assignedOperatorId] } : {}) },
          { leadId: lead.id },
        );
      }
    }
    return changed.length;
  }

  async findRow(id: string, em?: EntityManager): Promise<LeadRow | undefined> {
    return this.leads.findById(id, em);
  }

  /** The lead, if this staff member may work on it: within reach, and for operators only a lead they hold. */
  async workable(actor: Actor, id: string, em?: EntityManager): Promise<LeadRow> {
    const lead = await this.visible(actor, id, em);
    if (actor.role === 'operator' && lead.assignedOperatorId !== actor.id) throw forbidden('Claim the lead before working on it');
    return lead;
  }

  /** The lead if this staff member may reach it (the access policy). */
  async visible(actor: Actor, id: string, em?: EntityManager): Promise<LeadRow> {
    return this.reachable(actor, await this.leads.findById(id, em));
  }

  /** `visible`, and the lead locked until the transaction ends. */
  private async lockVisible(actor: Actor, id: string, em: EntityManager): Promise<LeadRow> {
    return this.reachable(actor, await this.leads.lockById(id, em));
  }

  private reachable(actor: Actor, lead: LeadRow | undefined): LeadRow {
    if (!lead) throw notFound('Lead');
    assertInScope(actor, lead.branchId, 'Lead');
    assertMayProcess(actor, lead.patientRestricted);
    return lead;
  }
}
