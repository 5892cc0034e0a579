import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { SchedulesModule } from '../schedules/schedules.module.js';
import { OnlineBookingController } from './online-booking.controller.js';
import { IntakeSourceTestService } from './intake-source-test.service.js';
import { IntakeSourcesController } from './intake-sources.controller.js';
import { IntakeSourcesRepository } from './intake-sources.repository.js';
import { IntakeSourcesService } from './intake-sources.service.js';
import { IntakeController } from './intake.controller.js';
import { IntakeInboxRepository } from './intake-inbox.repository.js';
import { IntakeInboxPersonalData } from './intake-inbox.personal-data.js';
import { IntakeInboxWorker } from './intake-inbox.worker.js';
import { IntakeRepository } from './intake.repository.js';
import { IntakeService } from './intake.service.js';

@Module({
  imports: [LeadsModule, ConsentsModule, SchedulesModule, MessagesModule],
  controllers: [IntakeController, IntakeSourcesController, OnlineBookingController],
  providers: [
    IntakeSourcesRepository,
    IntakeSourcesService,
    IntakeSourceTestService,
    IntakeRepository,
    IntakeService,
    IntakeInboxRepository,
    IntakeInboxWorker,
    IntakeInboxPersonalData,
  ],
  exports: [IntakeSourcesService],
})
export class IntakeModule {}
