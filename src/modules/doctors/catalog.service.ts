import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { notFound } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { AuditService } from '../audit/audit.service.js';
import { CatalogRepository, type ServiceRow } from './catalog.repository.js';
import type {
  CreateServiceDto,
  CreateSpecialtyDto,
  ListServicesQuery,
  ServiceView,
  SpecialtyView,
  UpdateServiceDto,
  UpdateSpecialtyDto,
} from './dto/catalog.dto.js';
import type { PublicServiceView } from './dto/doctor.dto.js';

describeConstraint('specialties_name_key', { code: 'CONFLICT', message: 'A specialty with this name already exists' });
describeConstraint('services_specialty_name_key', { code: 'CONFLICT', message: 'This specialty already has a service with this name' });
describeConstraint('services_specialty_id_fkey', { code: 'NOT_FOUND', message: 'The specialty does not exist' });

/** Specialties and services (the price list). Writes are audited; reads are open to all staff and, in part, to the public. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: CatalogRepository,
    private readonly audit: AuditService,
  ) {}

  listSpecialties(): Promise<SpecialtyView[]> {
    return this.catalog.listSpecialties();
  }

  async createSpecialty(actor: Actor, dto: CreateSpecialtyDto): Promise<SpecialtyView> {
    return this.dataSource.transaction(async (em) => {
      const id = await this.catalog.insertSpecialty(dto.name, em);
      await this.audit.record(actor, { action: 'specialty.created', entity: 'specialty', entityId: id, fields: ['name'] }, em);
      return (await this.catalog.findSpecialty(id, em))!;
    });
  }

  async updateSpecialty(actor: Actor, id: string, dto: UpdateSpecialtyDto): Promise<SpecialtyView> {
    return this.dataSource.transaction(async (em) => {
      if (!(await this.catalog.updateSpecialty(id, dto, em))) throw notFound('Specialty');
      await this.audit.record(actor, { action: 'specialty.updated', entity: 'specialty', entityId: id, fields: fieldsOf(dto) }, em);
      return (await this.catalog.findSpecialty(id, em))!;
    });
  }

  listServices(query: ListServicesQuery): Promise<ServiceView[]> {
    return this.catalog.listServices(query);
  }

  async getService(id: string, em?: EntityManager): Promise<ServiceRow> {
    const service = await this.catalog.findService(id, em);
    if (!service) throw notFound('Service');
    return service;
  }

  async createService(actor: Actor, dto: CreateServiceDto): Promise<ServiceView> {
    return this.dataSource.transaction(async (em) => {
      const id = await this.catalog.insertService({ ...dto, slotStepMin: dto.slotStepMin ?? null, description: dto.description ?? null, active: true }, em);
      await this.audit.record(actor, { action: 'service.created', entity: 'service', entityId: id, fields: fieldsOf(dto) }, em);
      return (await this.catalog.findService(id, em))!;
    });
  }

  async updateService(actor: Actor, id: string, dto: UpdateServiceDto): Promise<ServiceView> {
    return this.dataSource.transaction(async (em) => {
      if (!(await this.catalog.updateService(id, dto, em))) throw notFound('Service');
      await this.audit.record(actor, { action: 'service.updated', entity: 'service', entityId: id, fields: fieldsOf(dto) }, em);
      return (await this.catalog.findService(id, em))!;
    });
  }

  /** Active services of the given specialties: what a new doctor provides unless told otherwise. */
  /** Names of these services, by id (board rows show them). */
  serviceNames(ids: readonly string[]): Promise<Map<string, string>> {
    return this.catalog.serviceNames(ids);
  }

  activeServiceIdsOfSpecialties(specialtyIds: string[], em: EntityManager): Promise<string[]> {
    return this.catalog.activeServiceIdsOfSpecialties(specialtyIds, em);
  }

  async publicServices(specialtyId?: string): Promise<PublicServiceView[]> {
    const rows = await this.catalog.publicServices(specialtyId);
    return rows.map((s) => ({
      id: s.id,
      name: s.name,
      specialty: { id: s.specialtyId, name: s.specialtyName },
      durationMin: s.durationMin,
      price: s.price,
      currency: s.currency,
      description: s.description,
    }));
  }
}

export function fieldsOf(dto: object): string[] {
  return Object.entries(dto)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}
