import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { IntakeSourcesController } from './intake-sources.controller.js';
import { IntakeSourcesRepository } from './intake-sources.repository.js';
import { IntakeSourcesService } from './intake-sources.service.js';
import { IntakeController } from './intake.controller.js';
import { IntakeRepository } from './intake.repository.js';
import { IntakeService } from './intake.service.js';

@Module({
  imports: [LeadsModule, ConsentsModule],
  controllers: [IntakeController, IntakeSourcesController],
  providers: [IntakeSourcesRepository, IntakeSourcesService, IntakeRepository, IntakeService],
  exports: [IntakeSourcesService],
})
export class IntakeModule {}
