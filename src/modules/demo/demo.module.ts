import { Module } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { DemoSeeder } from './demo.seeder.js';

@Module({ imports: [BranchesModule, StaffModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
