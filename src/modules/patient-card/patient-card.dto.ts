import { ApiProperty } from '@nestjs/swagger';
import { CallView } from '../calls/dto/call.dto.js';
import { ConsentView } from '../consents/dto/consent.dto.js';
import { LeadView } from '../leads/dto/lead.dto.js';
import { PatientView } from '../patients/dto/patient.dto.js';
import { AppointmentView } from '../schedules/dto/appointment.dto.js';

/** Everything staff see about a person on one screen (the 50 most recent of each). */
export class PatientCardView extends PatientView {
  @ApiProperty({ type: [LeadView] }) leads: LeadView[];
  @ApiProperty({ type: [CallView] }) calls: CallView[];
  @ApiProperty({ type: [AppointmentView] }) appointments: AppointmentView[];
  @ApiProperty({ type: [ConsentView] }) consents: ConsentView[];
}
