import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { SchedulesModule } from '../schedules/schedules.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { CallReviewsController } from './call-reviews.controller.js';
import { CallReviewsRepository } from './call-reviews.repository.js';
import { CallReviewsService } from './call-reviews.service.js';
import { CallbacksController } from './callbacks.controller.js';
import { CallbacksRepository } from './callbacks.repository.js';
import { CallbacksService } from './callbacks.service.js';
import { CallsController } from './calls.controller.js';
import { CallsPersonalData } from './calls.personal-data.js';
import { CallsRepository } from './calls.repository.js';
import { CallsService } from './calls.service.js';
import { TelephonyController } from './telephony.controller.js';
import { TelephonyRepository } from './telephony.repository.js';
import { TelephonyService } from './telephony.service.js';
import { WorkQueueController } from './work-queue.controller.js';
import { WorkQueueService } from './work-queue.service.js';

/** Calls and their outcomes, callbacks, PBX events with screen pop, and the operator's work queue. */
@Module({
  imports: [LeadsModule, PatientsModule, IntakeModule, SchedulesModule, SettingsModule, StaffModule],
  controllers: [CallsController, CallbacksController, CallReviewsController, TelephonyController, WorkQueueController],
  providers: [
    CallsRepository,
    CallsService,
    CallbacksRepository,
    CallbacksService,
    CallReviewsRepository,
    CallReviewsService,
    TelephonyRepository,
    TelephonyService,
    WorkQueueService,
    CallsPersonalData,
  ],
  exports: [CallsService, CallbacksService],
})
export class CallsModule {}
