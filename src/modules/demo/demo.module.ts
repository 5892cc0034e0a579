import { Module } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module.js';
import { CallsModule } from '../calls/calls.module.js';
import { ConsentsModule } from '../consents/consents.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { SchedulesModule } from '../schedules/schedules.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { DemoLeadsSeeder } from './demo-leads.seeder.js';
import { DemoRepository } from './demo.repository.js';
import { DemoSeeder } from './demo.seeder.js';

@Module({
  imports: [BranchesModule, StaffModule, SchedulesModule, ConsentsModule, IntakeModule, LeadsModule, CallsModule],
  providers: [DemoSeeder, DemoLeadsSeeder, DemoRepository],
  exports: [DemoSeeder],
})
export class DemoModule {}
