import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { notFound } from '../../common/errors/app-error.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { decodeCursor, toPage, type Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { CatalogService, fieldsOf } from './catalog.service.js';
import { type BookingTerms, type DoctorProfile, type DoctorRow, DoctorsRepository } from './doctors.repository.js';
import type {
  CreateDoctorDto,
  DoctorView,
  ListDoctorsQuery,
  PublicDoctorView,
  PublicDoctorsQuery,
  ReplaceDoctorServicesDto,
  UpdateDoctorDto,
} from './dto/doctor.dto.js';

describeConstraint('doctor_specialties_specialty_id_fkey', { code: 'NOT_FOUND', message: 'One of the specialties does not exist' });
describeConstraint('doctor_branches_branch_id_fkey', { code: 'NOT_FOUND', message: 'One of the branches does not exist' });
describeConstraint('doctor_services_service_id_fkey', { code: 'NOT_FOUND', message: 'One of the services does not exist' });

export type { BookingTerms } from './doctors.repository.js';

/** Doctors, their specialties, branches and services (with per-doctor price and duration). */
@Injectable()
export class DoctorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly doctors: DoctorsRepository,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListDoctorsQuery): Promise<Page<DoctorView>> {
    const limit = query.limit ?? 50;
    const rows = await this.doctors.list({ ...query, after: decodeCursor(query.cursor), limit: limit + 1 });
    return toPage(rows, limit, (d) => ({ at: new Date(d.createdAt).toISOString(), id: d.id }));
  }

  async get(id: string, em?: EntityManager): Promise<DoctorView> {
    const doctor = await this.doctors.findById(id, em);
    if (!doctor) throw notFound('Doctor');
    return doctor;
  }

  async create(actor: Actor, dto: CreateDoctorDto): Promise<DoctorView> {
    return this.dataSource.transaction(async (em) => {
      const id = await this.doctors.insert({ ...profileOf(dto), fullName: dto.fullName, active: true } as DoctorProfile, em);
      await this.doctors.replaceSpecialties(id, dto.specialtyIds, em);
      await this.doctors.replaceBranches(id, dto.branchIds, em);
      const serviceIds = dto.serviceIds ?? (await this.catalog.activeServiceIdsOfSpecialties(dto.specialtyIds, em));
      await this.doctors.keepServices(id, serviceIds, em);
      await this.audit.record(actor, { action: 'doctor.created', entity: 'doctor', entityId: id, fields: fieldsOf(dto) }, em);
      return this.get(id, em);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateDoctorDto): Promise<DoctorView> {
    return this.dataSource.transaction(async (em) => {
      if (!(await this.doctors.lockById(id, em))) throw notFound('Doctor');
      await this.doctors.update(id, profileOf(dto), em);
      if (dto.specialtyIds) await this.doctors.replaceSpecialties(id, dto.specialtyIds, em);
      if (dto.branchIds) await this.doctors.replaceBranches(id, dto.branchIds, em);
      if (dto.serviceIds) await this.doctors.keepServices(id, dto.serviceIds, em);
      await this.audit.record(actor, { action: 'doctor.updated', entity: 'doctor', entityId: id, fields: fieldsOf(dto) }, em);
      return this.get(id, em);
    });
  }

  async replaceServices(actor: Actor, id: string, dto: ReplaceDoctorServicesDto): Promise<DoctorView> {
    return this.dataSource.transaction(async (em) => {
      if (!(await this.doctors.lockById(id, em))) throw notFound('Doctor');
      const unique = new Map(dto.services.map((s) => [s.serviceId, { serviceId: s.serviceId, price: s.price ?? null, durationMin: s.durationMin ?? null }]));
      await this.doctors.replaceServices(id, [...unique.values()], em);
      await this.audit.record(actor, { action: 'doctor.services_replaced', entity: 'doctor', entityId: id, fields: ['services'] }, em);
      return this.get(id, em);
    });
  }

  async publicDoctors(query: PublicDoctorsQuery): Promise<PublicDoctorView[]> {
    return this.doctors.publicList(query);
  }

  /** Locks the doctor for a schedule change (one writer at a time) and returns the branches the doctor works at. */
  async lockForSchedule(doctorId: string, em: EntityManager): Promise<{ branchIds: string[] }> {
    if (!(await this.doctors.lockById(doctorId, em))) throw notFound('Doctor');
    return { branchIds: (await this.doctors.findById(doctorId, em))!.branchIds };
  }

  /** Effective duration and price of a service with a doctor; 404 when either does not exist. */
  async bookingTerms(doctorId: string, serviceId: string, em?: EntityManager): Promise<BookingTerms> {
    const terms = await this.doctors.bookingTerms(doctorId, serviceId, em);
    if (!terms) throw notFound('Doctor or service');
    return terms;
  }

  /** The doctors' full names and the services' names, by id, for lists that show them beside the ids. */
  async names(doctorIds: readonly string[], serviceIds: readonly string[]): Promise<{ doctors: Map<string, string>; services: Map<string, string> }> {
    const [doctors, services] = await Promise.all([this.doctors.fullNames(doctorIds), this.catalog.serviceNames(serviceIds)]);
    return { doctors, services };
  }

  bookableDoctors(filter: {
    serviceId: string;
    doctorId?: string;
    specialtyId?: string;
    branchId?: string;
  }): Promise<{ doctorId: string; durationMin: number }[]> {
    return this.doctors.bookableDoctors(filter);
  }
}

/** Profile fields present in the request; null clears an optional one. */
function profileOf(dto: UpdateDoctorDto | CreateDoctorDto): Partial<DoctorProfile> {
  const out: Partial<DoctorProfile> = {};
  if (dto.fullName !== undefined) out.fullName = dto.fullName;
  for (const key of ['qualification', 'practicingSince', 'education', 'licenseNumber', 'bio', 'photoUrl'] as const) {
    if (key in dto) (out as Record<string, unknown>)[key] = dto[key] ?? null;
  }
  if ('active' in dto && dto.active !== undefined) out.active = dto.active;
  return out;
}

export type { DoctorRow };
