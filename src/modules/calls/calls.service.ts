import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertInScope, assertMayProcess, branchScope, defaultBranchOf, seesRestrictedRecords } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { AppError, conflict, forbidden, notFound, unprocessable, validationFailed } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { decodeCursor, toPage } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type { LeadRow } from '../leads/leads.repository.js';
import { LeadsService } from '../leads/leads.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { type CallOutcome, contactTimeOf, leadEffectOfCall } from './call-outcomes.js';
import { toCallView } from './call-view.js';
import { CallbacksService } from './callbacks.service.js';
import { type CallRow, CallsRepository } from './calls.repository.js';
import type { CallPage, CallView, CreateCallDto, ListCallsQuery, RecordCallOutcomeDto } from './dto/call.dto.js';

describeConstraint('calls_lead_id_fkey', { code: 'NOT_FOUND', message: 'The lead does not exist' });
describeConstraint('calls_patient_id_fkey', { code: 'NOT_FOUND', message: 'The patient does not exist' });
describeConstraint('calls_answered_after_start', { code: 'UNPROCESSABLE', message: 'A call is answered after it starts' });
describeConstraint('calls_ended_after_start', { code: 'UNPROCESSABLE', message: 'A call ends after it starts and is answered' });
// Verbal consent (consents module) names the call it was given in.
describeConstraint('consents_call_id_fkey', { code: 'NOT_FOUND', message: 'The call does not exist' });

// Clocks of phones and PBXs drift a little; a call "starting" later than this ahead is a mistake.
const CLOCK_SKEW_MS = 5 * 60_000;

interface OutcomeInput {
  outcome: CallOutcome;
  note?: string;
  callbackAt?: Date;
  lostReason?: string;
}

/**
 * Calls and what came of them. A call on a lead is its first contact when nothing came before (the first-contact
 * clock stops), keeps the callbacks that were due, and moves the lead by its outcome (see leadEffectOfCall).
 */
@Injectable()
export class CallsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calls: CallsRepository,
    private readonly callbacks: CallbacksService,
    private readonly leads: LeadsService,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateCallDto): Promise<CallView> {
    if (!dto.leadId && !dto.patientId) throw validationFailed('Say whom the call was with', [{ field: 'leadId', messages: ['give leadId or patientId'] }]);
    assertTimes(dto.startedAt, dto.answeredAt ?? null, dto.endedAt);
    assertOutcomeInput(dto, Boolean(dto.leadId));
    const id = await this.dataSource.transaction(async (em) => {
      let lead: LeadRow | undefined;
      let patientId = dto.patientId;
      let phone: string | null = null;
      if (dto.leadId) {
        lead = await this.leads.workable(actor, dto.leadId, em);
        if (patientId && patientId !== lead.patientId) throw conflict('The lead belongs to another patient');
        assertAfterArrival(dto, lead);
        patientId = lead.patientId;
        phone = lead.patientPhone;
      } else {
        const patient = await this.patients.findVisible(actor, patientId!, em);
        phone = patient.phone;
      }
      if (dto.phone) phone = this.patients.phoneOrFail(dto.phone, 'phone');
      const callId = await this.calls.insert(
        {
          // A call on a lead takes the lead's branch (the database sees to it).
          leadId: lead?.id ?? null,
          patientId,
          operatorId: actor.id,
          branchId: lead?.branchId ?? defaultBranchOf(actor),
          direction: dto.direction,
          phone,
          startedAt: dto.startedAt,
          answeredAt: dto.answeredAt ?? null,
          endedAt: dto.endedAt,
          durationSec: dto.answeredAt ? Math.round((dto.endedAt.getTime() - dto.answeredAt.getTime()) / 1000) : 0,
          outcome: dto.outcome,
          note: dto.note ?? null,
          recordingUrl: dto.recordingUrl ?? null,
          createdBy: actor.id,
        },
        em,
      );
      await this.audit.record(actor, { action: 'call.created', entity: 'call', entityId: callId, fields: Object.keys(dto) }, em);
      if (lead)
        await this.applyToLead(
          em,
          actor,
          lead,
          callId,
          { direction: dto.direction, startedAt: dto.startedAt, answeredAt: dto.answeredAt ?? null, endedAt: dto.endedAt },
          dto,
        );
      return callId;
    });
    return toCallView((await this.calls.findById(id))!);
  }

  /** The outcome of a call the PBX reported: by the operator who had it (or a manager), once. */
  async recordOutcome(actor: Actor, id: string, dto: RecordCallOutcomeDto): Promise<CallView> {
    await this.dataSource.transaction(async (em) => {
      const call = await this.calls.lockById(id, em);
      if (!call) throw notFound('Call');
      assertInScope(actor, call.branchId, 'Call');
      assertMayProcess(actor, call.patientRestricted);
      if (actor.role === 'operator' && call.operatorId && call.operatorId !== actor.id) throw forbidden('This call belongs to another operator');
      if (call.outcome) throw conflict('This call already has an outcome');
      if (dto.leadId && call.leadId && dto.leadId !== call.leadId) throw conflict('This call belongs to another lead');
      const leadId = dto.leadId ?? call.leadId;
      assertOutcomeInput(dto, Boolean(leadId));
      const lead = leadId ? await this.leads.workable(actor, leadId, em) : undefined;
      if (lead && call.patientId && lead.patientId !== call.patientId) throw conflict('The lead belongs to another patient');
      if (lead && !call.leadId) assertAfterArrival(call, lead);
      await this.calls.update(
        id,
        {
          outcome: dto.outcome,
          note: dto.note,
          leadId: lead?.id,
          patientId: lead?.patientId,
          operatorId: call.operatorId ?? actor.id,
        },
        em,
      );
      await this.audit.record(actor, { action: 'call.outcome_recorded', entity: 'call', entityId: id, fields: Object.keys(dto) }, em);
      if (lead) await this.applyToLead(em, actor, lead, id, call, dto);
    });
    return toCallView((await this.calls.findById(id))!);
  }

  async list(actor: Actor, query: ListCallsQuery): Promise<CallPage> {
    const limit = query.limit ?? 50;
    const operatorId = query.operator === 'me' ? actor.id : query.operator;
    if (operatorId && !/^[0-9a-f-]{36}$/i.test(operatorId))
      throw validationFailed('operator must be an id or `me`', [{ field: 'operator', messages: ['operator must be a UUID or `me`'] }]);
    const rows = await this.calls.list({
      operatorId,
      leadId: query.lead,
      patientId: query.patient,
      outcomes: query.outcome,
      from: query.from,
      to: query.to,
      scope: branchScope(actor),
      hideRestricted: !seesRestrictedRecords(actor.role),
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    await this.audit.recordOutsideTransaction(actor, {
      action: 'call.listed',
      entity: 'call',
      fields: Object.keys(query).filter((k) => k !== 'cursor' && k !== 'limit'),
    });
    const page = toPage(rows, limit, (c) => ({ at: c.startedAt.toISOString(), id: c.id }));
    return { data: page.data.map(toCallView), nextCursor: page.nextCursor };
  }

  private async applyToLead(
    em: EntityManager,
    actor: Actor,
    lead: LeadRow,
    callId: string,
    times: Pick<CallRow, 'direction' | 'startedAt' | 'answeredAt' | 'endedAt'>,
    input: OutcomeInput,
  ): Promise<void> {
    const effect = leadEffectOfCall(input.outcome, lead.status);
    if (effect.kind === 'refuse') throw input.outcome === 'booked' ? unprocessable(effect.message) : new AppError('CONFLICT', effect.message);
    const contactAt = contactTimeOf(times);
    if (contactAt) await this.leads.recordFirstContact(em, lead.id, contactAt < lead.createdAt ? lead.createdAt : contactAt);
    await this.callbacks.completeDueForLead(em, actor, lead.id, times.endedAt ?? new Date());
    if (effect.kind === 'move') await this.leads.changeStatus(em, lead.id, effect.status, input.outcome === 'declined' ? input.lostReason : undefined);
    if (input.outcome === 'callback_requested') {
      const current = (await this.leads.findRow(lead.id, em))!;
      await this.callbacks.createIn(em, actor, current, { dueAt: input.callbackAt!, note: input.note ?? null, callId });
    }
  }
}

function assertTimes(startedAt: Date, answeredAt: Date | null, endedAt: Date): void {
  const problems: { field: string; messages: string[] }[] = [];
  if (startedAt.getTime() > Date.now() + CLOCK_SKEW_MS) problems.push({ field: 'startedAt', messages: ['startedAt must not be in the future'] });
  if (answeredAt && answeredAt < startedAt) problems.push({ field: 'answeredAt', messages: ['answeredAt must not be before startedAt'] });
  if (endedAt < (answeredAt ?? startedAt)) problems.push({ field: 'endedAt', messages: ['endedAt must not be before the call started or was answered'] });
  if (problems.length) throw unprocessable('The call times are not in order', problems);
}

/**
 * A lead that arrived by itself (a form, a message, the PBX) cannot have been answered before it arrived: that would
 * be a wrong time, and a negative time to first contact. A lead staff entered is often typed in during or after the
 * call it is about; such a call is taken, and its contact counts from the moment the lead was entered (see applyToLead).
 */
function assertAfterArrival(call: { direction: CallRow['direction']; startedAt: Date; answeredAt?: Date | null }, lead: LeadRow): void {
  const contactAt = contactTimeOf({ direction: call.direction, startedAt: call.startedAt, answeredAt: call.answeredAt ?? null });
  if (contactAt && contactAt < lead.createdAt && !lead.createdBy) {
    const field = call.answeredAt ? 'answeredAt' : 'startedAt';
    throw unprocessable('The call was answered before the lead arrived', [
      { field, messages: [`${field} must not be before the lead was created (${lead.createdAt.toISOString()})`] },
    ]);
  }
}

function assertOutcomeInput(input: OutcomeInput, hasLead: boolean): void {
  if (input.outcome === 'callback_requested') {
    if (!input.callbackAt)
      throw validationFailed('Say when to call back', [{ field: 'callbackAt', messages: ['callbackAt is required for callback_requested'] }]);
    if (input.callbackAt.getTime() < Date.now() - 60_000)
      throw validationFailed('callbackAt must be in the future', [{ field: 'callbackAt', messages: ['callbackAt must be in the future'] }]);
    if (!hasLead) throw validationFailed('A callback belongs to a lead', [{ field: 'leadId', messages: ['leadId is required for callback_requested'] }]);
  }
  if (input.outcome === 'declined' && hasLead && !input.lostReason) {
    throw validationFailed('Say why the person declined', [{ field: 'lostReason', messages: ['lostReason is required for declined'] }]);
  }
}
