import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Patient } from './patient.entity.js';
import { PatientDuplicatesController } from './patient-duplicates.controller.js';
import { PatientLinksRepository } from './patient-links.repository.js';
import { PatientMatchingService } from './patient-matching.service.js';
import { PatientsController } from './patients.controller.js';
import { PatientsRepository } from './patients.repository.js';
import { PatientsService } from './patients.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Patient])],
  controllers: [PatientsController, PatientDuplicatesController],
  providers: [PatientsRepository, PatientsService, PatientLinksRepository, PatientMatchingService],
  exports: [PatientsService, PatientMatchingService],
})
export class PatientsModule {}
