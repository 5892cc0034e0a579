import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { ConsentsModule } from '../consents/consents.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { SchedulesModule } from '../schedules/schedules.module.js';
import { PatientCardController } from './patient-card.controller.js';
import { PatientCardService } from './patient-card.service.js';

/** Lives apart from patients because it reads every module that keeps something about a person. */
@Module({
  imports: [PatientsModule, LeadsModule, CallsModule, SchedulesModule, ConsentsModule],
  controllers: [PatientCardController],
  providers: [PatientCardService],
})
export class PatientCardModule {}
