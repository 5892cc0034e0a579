import { Module, type OnModuleInit, Optional } from '@nestjs/common';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';
import { ClinicServicesController } from './clinic-services.controller.js';
import { DoctorsController } from './doctors.controller.js';
import { DoctorsRepository } from './doctors.repository.js';
import { DoctorsService } from './doctors.service.js';
import { PublicCatalogController } from './public-catalog.controller.js';
import { SpecialtiesController } from './specialties.controller.js';

/** The catalog: specialties, services (price list) and doctors with their public profiles. */
@Module({
  controllers: [SpecialtiesController, ClinicServicesController, DoctorsController, PublicCatalogController],
  providers: [CatalogRepository, CatalogService, DoctorsRepository, DoctorsService],
  exports: [CatalogService, DoctorsService],
})
export class DoctorsModule implements OnModuleInit {
  constructor(@Optional() private readonly personalData?: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.personalData?.exempt({
      table: 'doctors',
      columns: ['full_name', 'qualification', 'education', 'license_number', 'bio', 'photo_url'],
      reason: 'a doctor’s professional profile, published by the clinic on its website; not data about patients',
    });
    this.personalData?.exempt({ table: 'specialties', columns: ['name'], reason: 'names of medical specialties (catalog), not data about people' });
    this.personalData?.exempt({ table: 'services', columns: ['name'], reason: 'names of the clinic’s services (price list), not data about people' });
  }
}
