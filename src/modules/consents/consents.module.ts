import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { ConsentDocumentsController } from './consent-documents.controller.js';
import { ConsentDocumentsRepository } from './consent-documents.repository.js';
import { ConsentDocumentsService } from './consent-documents.service.js';
import { ConsentsController } from './consents.controller.js';
import { ConsentsPersonalData } from './consents.personal-data.js';
import { ConsentsRepository } from './consents.repository.js';
import { ConsentsService } from './consents.service.js';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyRepository } from './privacy.repository.js';
import { PrivacyService } from './privacy.service.js';
import { PublicConsentsController } from './public-consents.controller.js';

/**
 * Consent documents and records, withdrawal, and data subjects' rights (export, restriction, erasure) over the
 * personal-data registry (PersonalDataModule, global). Other modules record consent through ConsentsService.
 */
@Module({
  imports: [PatientsModule],
  controllers: [ConsentDocumentsController, ConsentsController, PublicConsentsController, PrivacyController],
  providers: [ConsentDocumentsRepository, ConsentDocumentsService, ConsentsRepository, ConsentsService, PrivacyRepository, PrivacyService, ConsentsPersonalData],
  exports: [ConsentsService, ConsentDocumentsService, PrivacyService],
})
export class ConsentsModule {}
