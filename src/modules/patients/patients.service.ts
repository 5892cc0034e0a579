import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertMayProcess, branchScope, outsideScope, patientInScope, seesRestrictedRecords } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { notFound, validationFailed } from '../../common/errors/app-error.js';
import { decodeCursor, toPage, type Page } from '../../common/http/pagination.js';
import { normalizePhone } from '../../common/phone/phone.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import type { CreatePatientDto, PatientView, SearchPatientsQuery, UpdatePatientDto } from './dto/patient.dto.js';
import type { Patient } from './patient.entity.js';
import { type PatientValues, PatientsRepository } from './patients.repository.js';

/** Patients: every read and write of a person's card is an audit event (field names only, never values). */
@Injectable()
export class PatientsService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly patients: PatientsRepository,
    private readonly audit: AuditService,
    private readonly personalData: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    // Subject-access exports and erasure reach the patient card through the personal-data registry.
    this.personalData.register({
      table: 'patients',
      category: 'patient card: name, contacts, birth date, notes',
      personalColumns: ['last_name', 'first_name', 'middle_name', 'phone', 'email', 'birth_date', 'notes'],
      export: async (em, id) => {
        const patient = await this.patients.findById(id, em);
        return patient ? [toPatientView(patient, true)] : [];
      },
      erase: async (em, id) => {
        const erased: PatientValues = {
          lastName: null,
          firstName: null,
          middleName: null,
          phone: null,
          email: null,
          birthDate: null,
          notes: null,
          anonymizedAt: new Date(),
        };
        return (await this.patients.update(id, erased, em)) ? 1 : 0;
      },
    });
  }

  /** Restricts processing of a person's data (or lifts it) inside the caller's transaction; false when no such patient. */
  async setRestricted(em: EntityManager, id: string, restricted: boolean): Promise<boolean> {
    const patient = await this.patients.findById(id, em);
    if (!patient) return false;
    if ((patient.restrictedAt !== null) === restricted) return true;
    return this.patients.update(id, { restrictedAt: restricted ? new Date() : null }, em);
  }

  /** The patient as stored, for work the person set off (a reply, a reminder); no access check, no audit. */
  findRow(id: string, em?: EntityManager): Promise<Patient | null> {
    return this.patients.findById(id, em);
  }

  /** The branches where the patient had a lead, a call, an appointment or a message (empty: clinic-wide). */
  branchesOf(id: string, em?: EntityManager): Promise<string[]> {
    return this.patients.branchesOf(id, em);
  }

  /** Of these patients, those whose processing is restricted (or who were erased): outreach skips them. */
  restrictedAmong(ids: string[], em?: EntityManager): Promise<Set<string>> {
    return this.patients.restrictedAmong(ids, em);
  }

  /** Whether processing of the person's data is restricted (unknown patients are not). */
  async isRestricted(id: string, em?: EntityManager): Promise<boolean> {
    return (await this.patients.findById(id, em))?.restrictedAt != null;
  }

  async search(actor: Actor, query: SearchPatientsQuery): Promise<Page<PatientView>> {
    const phone = query.phone ? this.phoneOrFail(query.phone, 'phone') : undefined;
    const limit = query.limit ?? 50;
    const rows = await this.patients.search({
      q: query.q,
      phone,
      scope: branchScope(actor),
      includeRestricted: seesRestrictedRecords(actor.role),
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    await this.audit.record(
      actor,
      { action: 'patient.searched', entity: 'patient', fields: [query.q ? 'q' : '', phone ? 'phone' : ''].filter(Boolean) },
      this.dataSource.manager,
    );
    return toPage(
      rows.map((r) => toPatientView(r)),
      limit,
      (p) => ({ at: p.createdAt.toISOString(), id: p.id }),
    );
  }

  async get(actor: Actor, id: string): Promise<PatientView> {
    const patient = await this.findVisible(actor, id);
    await this.audit.record(actor, { action: 'patient.viewed', entity: 'patient', entityId: id }, this.dataSource.manager);
    return toPatientView(patient);
  }

  /**
   * The patient if this staff member may reach them by the access policy: a patient of other branches only is not
   * found; a restricted person is refused to operators and receptionists.
   */
  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<Patient> {
    const patient = await this.patients.findById(id, em);
    if (!patient) throw notFound('Patient');
    const scope = branchScope(actor);
    if (scope.branchIds && !patientInScope(scope, await this.patients.branchesOf(id, em))) throw outsideScope('Patient');
    assertMayProcess(actor, patient.restrictedAt !== null);
    return patient;
  }

  async create(actor: Actor, dto: CreatePatientDto, em?: EntityManager): Promise<PatientView> {
    const values = this.valuesFrom(dto);
    const work = async (tx: EntityManager) => {
      const patient = await this.patients.insert(values, tx);
      await this.audit.record(actor, { action: 'patient.created', entity: 'patient', entityId: patient.id, fields: fieldsOf(dto) }, tx);
      return toPatientView(patient);
    };
    return em ? work(em) : this.dataSource.transaction(work);
  }

  async update(actor: Actor, id: string, dto: UpdatePatientDto): Promise<PatientView> {
    const values = this.valuesFrom(dto);
    return this.dataSource.transaction(async (em) => {
      const patient = await this.findVisible(actor, id, em);
      if (patient.anonymizedAt) throw validationFailed('This person’s data was erased and cannot be edited');
      await this.patients.update(id, values, em);
      await this.audit.record(actor, { action: 'patient.updated', entity: 'patient', entityId: id, fields: fieldsOf(dto) }, em);
      return toPatientView((await this.patients.findById(id, em))!);
    });
  }

  /** Phone in E.164 in the clinic's default region, or a 400 naming the field. */
  phoneOrFail(raw: string, field: string): string {
    const phone = normalizePhone(raw, this.config.defaultPhoneRegion);
    if (!phone) throw validationFailed('The phone number is not valid', [{ field, messages: [`${field} must be a valid phone number`] }]);
    return phone;
  }

  private valuesFrom(dto: Partial<CreatePatientDto>): PatientValues {
    const values: PatientValues = {};
    if (dto.lastName !== undefined) values.lastName = dto.lastName;
    if (dto.firstName !== undefined) values.firstName = dto.firstName;
    if (dto.middleName !== undefined) values.middleName = dto.middleName || null;
    if (dto.phone !== undefined) values.phone = this.phoneOrFail(dto.phone, 'phone');
    if (dto.email !== undefined) values.email = dto.email === null ? null : dto.email.toLowerCase();
    if (dto.birthDate !== undefined) values.birthDate = dto.birthDate;
    if (dto.notes !== undefined) values.notes = dto.notes;
    return values;
  }
}

function fieldsOf(dto: object): string[] {
  return Object.entries(dto)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}

/**
 * The card as staff see it: a restricted person's shows that the record exists, without personal values (only the
 * subject-access export, `unmasked`, carries them).
 */
export function toPatientView(p: Patient, unmasked = false): PatientView {
  const hide = p.restrictedAt !== null && !unmasked;
  return {
    id: p.id,
    lastName: hide ? null : p.lastName,
    firstName: hide ? null : p.firstName,
    middleName: hide ? null : p.middleName,
    phone: hide ? null : p.phone,
    email: hide ? null : p.email,
    birthDate: hide ? null : p.birthDate,
    notes: hide ? null : p.notes,
    restricted: p.restrictedAt !== null,
    anonymized: p.anonymizedAt !== null,
    createdAt: p.createdAt,
  };
}
