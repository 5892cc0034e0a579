import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { NonWorkingDaysController, SubjectRequestsController } from './subject-requests.controller.js';
import { SubjectRequestsRepository } from './subject-requests.repository.js';
import { SubjectRequestsService } from './subject-requests.service.js';

@Module({
  imports: [PatientsModule],
  controllers: [SubjectRequestsController, NonWorkingDaysController],
  providers: [SubjectRequestsRepository, SubjectRequestsService],
  exports: [SubjectRequestsService],
})
export class SubjectRequestsModule {}
