import { Module } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module.js';
import { ConsentsModule } from '../consents/consents.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { LeadAssignment } from './lead-assignment.js';
import { LeadAssignmentRepository } from './lead-assignment.repository.js';
import { LeadListRepository } from './lead-list.repository.js';
import { LeadsController } from './leads.controller.js';
import { LeadsPersonalData } from './leads.personal-data.js';
import { LeadsRepository } from './leads.repository.js';
import { LeadsService } from './leads.service.js';

@Module({
  imports: [BranchesModule, ConsentsModule, PatientsModule, SettingsModule, StaffModule],
  controllers: [LeadsController],
  providers: [LeadsRepository, LeadListRepository, LeadAssignmentRepository, LeadsService, LeadAssignment, LeadsPersonalData],
  exports: [LeadsService, LeadAssignment],
})
export class LeadsModule {}
