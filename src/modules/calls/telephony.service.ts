import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/actor.js';
import { AppError, validationFailed } from '../../common/errors/app-error.js';
import { normalizePhone } from '../../common/phone/phone.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Outbox } from '../../realtime/outbox.js';
import { AuditService } from '../audit/audit.service.js';
import type { IntakeSource } from '../intake/intake-sources.repository.js';
import { IntakeSourcesService } from '../intake/intake-sources.service.js';
import { LeadsService } from '../leads/leads.service.js';
import { PatientMatchingService } from '../patients/patient-matching.service.js';
import { AppointmentsService } from '../schedules/appointments.service.js';
import { StaffService } from '../staff/staff.service.js';
import { type CallRow, CallsRepository } from './calls.repository.js';
import { TelephonyEventAccepted, TelephonyEventDto } from './dto/telephony.dto.js';
import { signatureMatches } from '../../common/http/webhook-signature.js';
import { applyTelephonyEvent } from './telephony-events.js';
import { TelephonyRepository } from './telephony.repository.js';

const refused = () => new AppError('UNAUTHENTICATED', 'Unknown or inactive telephony source, or a wrong signature');

interface CallLink {
  phone: string | null;
  patientId: string | null;
  leadId: string | null;
  newLead: boolean;
}

/**
 * Events from the clinic's PBX. Each (call, type) is taken once. An inbound call from a number nobody has makes a
 * lead (channel of the source, consent pending); from a known person it joins their open lead, or opens a new one
 * when they have none. The operator whose extension rings gets `call.incoming` with the person's card.
 */
@Injectable()
export class TelephonyService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly sources: IntakeSourcesService,
    private readonly telephony: TelephonyRepository,
    private readonly calls: CallsRepository,
    private readonly leads: LeadsService,
    private readonly matching: PatientMatchingService,
    private readonly appointments: AppointmentsService,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
  ) {}

  async receive(
    sourceId: string,
    signature: string | undefined,
    rawBody: Buffer | undefined,
    body: unknown,
    meta: RequestMeta,
  ): Promise<TelephonyEventAccepted> {
    const source = await this.sources.byId(sourceId);
    if (!source || source.kind !== 'telephony' || !signatureMatches(signature, rawBody, source.secret)) throw refused();
    const event = await parseEvent(body);
    return this.dataSource.transaction(async (em) => {
      await this.telephony.lockCall(source.id, event.callId, em);
      const before = await this.calls.lockExternal(source.id, event.callId, em);
      if (!(await this.telephony.claimEvent(source.id, event.callId, event.type, em))) {
        return { ok: true as const, callId: before?.id ?? '', duplicate: true, leadId: before?.leadId ?? null };
      }
      const operatorId = event.extension ? ((await this.staff.activeIdByExtension(event.extension, em)) ?? null) : null;
      let newLead = false;
      if (!before) {
        const link = await this.link(em, source, event, operatorId);
        newLead = link.newLead;
        await this.calls.insert(
          {
            sourceId: source.id,
            branchId: source.branchId,
            externalCallId: event.callId,
            direction: event.direction,
            phone: link.phone,
            extension: event.extension ?? null,
            operatorId,
            leadId: link.leadId,
            patientId: link.patientId,
            recordingUrl: event.recordingUrl ?? null,
            ...applyTelephonyEvent(null, event.type, event.at, event.durationSec),
          },
          em,
        );
      } else {
        // Who answered is who had the call (a ring group's start names no one, or everyone).
        const takesOver = operatorId !== null && (event.type === 'call_answered' || !before.operatorId);
        await this.calls.update(
          before.id,
          {
            ...applyTelephonyEvent(before, event.type, event.at, event.durationSec),
            recordingUrl: event.recordingUrl,
            ...(takesOver ? { operatorId, extension: event.extension } : {}),
          },
          em,
        );
      }
      const call = (await this.calls.lockExternal(source.id, event.callId, em))!;
      if (call.leadId && call.answeredAt) await this.leads.recordFirstContact(em, call.leadId, call.answeredAt);
      if (call.direction === 'inbound' && operatorId && event.type !== 'call_ended' && call.operatorId === operatorId && before?.operatorId !== operatorId) {
        await this.screenPop(em, call, operatorId, newLead, event.at);
      }
      await this.telephony.linkEvent(source.id, event.callId, event.type, call.id, em);
      await this.audit.recordAnonymous(meta, { action: 'call.telephony_event', entity: 'call', entityId: call.id, fields: [event.type] }, em);
      return { ok: true as const, callId: call.id, duplicate: false, leadId: call.leadId };
    });
  }

  /** The person and lead a new call belongs to; an inbound call that belongs to no open lead starts one. */
  private async link(em: EntityManager, source: IntakeSource, event: TelephonyEventDto, operatorId: string | null): Promise<CallLink> {
    const phone = normalizePhone(event.direction === 'inbound' ? event.from : event.to, this.config.defaultPhoneRegion);
    if (!phone) return { phone: null, patientId: null, leadId: null, newLead: false };
    const [known] = await this.matching.findByPhone(em, phone);
    if (known) {
      const open = await this.leads.openLeadsOfPatient(known.id, em);
      const lead = open.find((l) => operatorId && l.assignedOperatorId === operatorId) ?? open[0];
      // A restricted person is not put in a queue again; the call is still recorded on them.
      if (lead || known.restricted || event.direction === 'outbound') return { phone, patientId: known.id, leadId: lead?.id ?? null, newLead: false };
    } else if (event.direction === 'outbound') {
      return { phone, patientId: null, leadId: null, newLead: false };
    }
    const { leadId } = await this.leads.receive(em, {
      channel: source.channel,
      sourceId: source.id,
      branchId: source.branchId,
      contact: { phone },
      patientId: known?.id,
      consentStatus: 'pending',
    });
    return { phone, patientId: (await this.leads.findRow(leadId, em))!.patientId, leadId, newLead: true };
  }

  /** The operator's screen: who is calling, their open leads and coming visits; a restricted person without personal data. */
  private async screenPop(em: EntityManager, call: CallRow, operatorId: string, newLead: boolean, at: Date): Promise<void> {
    const patientId = call.patientId;
    const open = patientId ? await this.leads.openLeadsOfPatient(patientId, em) : [];
    const upcoming = patientId ? await this.appointments.upcomingForPatient(patientId, 5, em) : [];
    const restricted = call.patientRestricted;
    const name =
      !restricted && patientId && call.phone ? (await this.matching.findByPhone(em, call.phone)).find((p) => p.id === patientId)?.name || null : null;
    await this.outbox.publish(
      em,
      'call.incoming',
      { users: [operatorId] },
      {
        callId: call.id,
        externalCallId: call.externalCallId,
        direction: call.direction,
        startedAt: at.toISOString(),
        extension: call.extension,
        operatorId,
        leadId: call.leadId,
        newLead,
        patientId,
        patient: patientId ? { id: patientId, name, phone: restricted ? null : call.phone, restricted } : null,
        caller: restricted ? null : call.phone,
        leads: open.map((l) => ({
          leadId: l.id,
          status: l.status,
          channel: l.channel,
          consentStatus: l.consentStatus,
          assignedOperatorId: l.assignedOperatorId,
          slaDueAt: l.slaDueAt.toISOString(),
          createdAt: l.createdAt.toISOString(),
        })),
        upcomingAppointments: upcoming.map((a) => ({
          appointmentId: a.id,
          startsAt: a.startsAt.toISOString(),
          endsAt: a.endsAt.toISOString(),
          status: a.status,
          doctorId: a.doctorId,
          serviceId: a.serviceId,
          branchId: a.branchId,
        })),
      },
    );
  }
}

/** Validated after the signature: an unsigned request learns nothing about the format. Unknown fields are ignored. */
async function parseEvent(body: unknown): Promise<TelephonyEventDto> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationFailed('The event must be a JSON object');
  const event = plainToInstance(TelephonyEventDto, body);
  const errors = await validate(event, { whitelist: true });
  if (errors.length) {
    throw validationFailed(
      'Some fields are missing or invalid',
      errors.map((e) => ({ field: e.property, messages: Object.values(e.constraints ?? {}) })),
    );
  }
  return event;
}
