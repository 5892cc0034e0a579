import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { CallsService } from '../calls/calls.service.js';
import { ConsentsService } from '../consents/consents.service.js';
import { LeadsService } from '../leads/leads.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { AppointmentsService } from '../schedules/appointments.service.js';
import type { PatientCardView } from './patient-card.dto.js';

const RECENT = 50;

/** The patient card: the person and their inquiries, calls, appointments and consents, each read through its module. */
@Injectable()
export class PatientCardService {
  constructor(
    private readonly patients: PatientsService,
    private readonly leads: LeadsService,
    private readonly calls: CallsService,
    private readonly appointments: AppointmentsService,
    private readonly consents: ConsentsService,
  ) {}

  async card(actor: Actor, patientId: string): Promise<PatientCardView> {
    // Refuses first (unknown, or restricted for operators); every part below is audited by its own module.
    const patient = await this.patients.get(actor, patientId);
    const [leads, calls, appointments, consents] = await Promise.all([
      this.leads.list(actor, { patientId, limit: RECENT }),
      this.calls.list(actor, { patient: patientId, limit: RECENT }),
      this.appointments.list(actor, { patientId, limit: RECENT }),
      this.consents.listForPatient(actor, patientId),
    ]);
    return { ...patient, leads: leads.data, calls: calls.data, appointments: appointments.data, consents };
  }
}
