import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { ConsentDocumentsController } from './consent-documents.controller.js';
import { ConsentDocumentsRepository } from './consent-documents.repository.js';
import { ConsentDocumentsService } from './consent-documents.service.js';
import { ConsentsController } from './consents.controller.js';
import { ConsentsPersonalData } from './consents.personal-data.js';
import { ConsentsRepository } from './consents.repository.js';
import { ConsentsService } from './consents.service.js';
import { PublicConsentsController } from './public-consents.controller.js';

/** Consent documents and records, and withdrawal. Other modules record and check consent through ConsentsService. */
@Module({
  imports: [PatientsModule],
  controllers: [ConsentDocumentsController, ConsentsController, PublicConsentsController],
  providers: [ConsentDocumentsRepository, ConsentDocumentsService, ConsentsRepository, ConsentsService, ConsentsPersonalData],
  exports: [ConsentsService, ConsentDocumentsService],
})
export class ConsentsModule {}
