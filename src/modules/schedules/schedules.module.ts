import { Module, type OnModuleInit, Optional } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module.js';
import { DoctorsModule } from '../doctors/doctors.module.js';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { LeadsModule } from '../leads/leads.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { AppointmentsController } from './appointments.controller.js';
import { AppointmentsRepository } from './appointments.repository.js';
import { AppointmentsService } from './appointments.service.js';
import { AvailabilityController, PublicAvailabilityController } from './availability.controller.js';
import { AvailabilityService } from './availability.service.js';
import { DemoCatalogSeeder } from './demo-catalog.seeder.js';
import { SchedulesController } from './schedules.controller.js';
import { SchedulesRepository } from './schedules.repository.js';
import { SchedulesService } from './schedules.service.js';
import { WorkingTimeController } from './working-time.controller.js';

/** Working hours, exceptions, availability and appointments. */
@Module({
  imports: [BranchesModule, DoctorsModule, PatientsModule, LeadsModule, SettingsModule],
  controllers: [SchedulesController, WorkingTimeController, AvailabilityController, PublicAvailabilityController, AppointmentsController],
  providers: [SchedulesRepository, SchedulesService, AvailabilityService, AppointmentsRepository, AppointmentsService, DemoCatalogSeeder],
  exports: [SchedulesService, AvailabilityService, AppointmentsService, DemoCatalogSeeder],
})
export class SchedulesModule implements OnModuleInit {
  constructor(
    private readonly appointments: AppointmentsRepository,
    @Optional() private readonly personalData?: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    // Visits stay for reports after erasure; only the free text about the person goes.
    this.personalData?.register({
      table: 'appointments',
      personalColumns: ['note', 'cancel_reason'],
      category: 'appointments',
      export: (em, patientId) => this.appointments.exportForPatient(patientId, em),
      erase: (em, patientId) => this.appointments.eraseForPatient(patientId, em),
      erasureCaution: async (em, patientId) => {
        const visits = await this.appointments.visitCount(patientId, em);
        return visits ? `${visits} visit(s) on record: medical records of visits may have to be kept by health-care law` : null;
      },
    });
    this.personalData?.exempt({
      table: 'schedule_exceptions',
      columns: ['reason'],
      reason: 'why a doctor is away (staff scheduling), not data about patients',
    });
  }
}
