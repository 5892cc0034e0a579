import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyPersonalData } from './privacy.personal-data.js';
import { PrivacyRepository } from './privacy.repository.js';
import { PrivacyService } from './privacy.service.js';

/**
 * Data subjects' rights over every module's personal data (the registry, PersonalDataModule, is global): access
 * export, restriction, erasure and the periodic purge.
 */
@Module({
  imports: [ConsentsModule, PatientsModule],
  controllers: [PrivacyController],
  providers: [PrivacyRepository, PrivacyService, PrivacyPersonalData],
  exports: [PrivacyService],
})
export class PrivacyModule {}
