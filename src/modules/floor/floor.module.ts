import { Module } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { FloorController } from './floor.controller.js';
import { FloorService } from './floor.service.js';

/** The managers' live view of the call center. */
@Module({ imports: [BranchesModule, LeadsModule, StaffModule], controllers: [FloorController], providers: [FloorService] })
export class FloorModule {}
