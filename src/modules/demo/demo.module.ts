import { Module } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module.js';
import { ConsentsModule } from '../consents/consents.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { SchedulesModule } from '../schedules/schedules.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { SubjectRequestsModule } from '../subject-requests/subject-requests.module.js';
import { DemoRepository } from './demo.repository.js';
import { DemoSeeder } from './demo.seeder.js';

@Module({
  imports: [BranchesModule, StaffModule, SchedulesModule, ConsentsModule, IntakeModule, SettingsModule, SubjectRequestsModule],
  providers: [DemoSeeder, DemoRepository],
  exports: [DemoSeeder],
})
export class DemoModule {}
