import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cursor } from '../../common/http/pagination.js';
import { named } from '../../database/prepared-query.js';
import { execute, one, returning, rows } from '../../database/sql.js';
import { joinActiveBranch } from '../branches/branch-sql.js';

export interface DoctorProfile {
  fullName: string;
  qualification: string | null;
  practicingSince: number | null;
  education: string | null;
  licenseNumber: string | null;
  bio: string | null;
  photoUrl: string | null;
  active: boolean;
}

export interface DoctorRow extends DoctorProfile {
  id: string;
  specialtyIds: string[];
  branchIds: string[];
  services: { serviceId: string; price: number | null; durationMin: number | null }[];
  createdAt: Date;
}

export interface PublicDoctorRow extends Omit<DoctorRow, 'specialtyIds' | 'services' | 'active' | 'createdAt'> {
  specialties: { id: string; name: string }[];
  services: { serviceId: string; name: string; price: number; currency: string; durationMin: number }[];
}

/** What booking a service with a doctor means: the effective duration and price, and where the doctor works. */
export interface BookingTerms {
  doctorActive: boolean;
  serviceActive: boolean;
  /** The doctor provides this service. */
  provides: boolean;
  durationMin: number;
  price: number;
  currency: string;
  slotStepMin: number | null;
  branchIds: string[];
}

const PROFILE_COLUMNS: Record<keyof DoctorProfile, string> = {
  fullName: 'full_name',
  qualification: 'qualification',
  practicingSince: 'practicing_since',
  education: 'education',
  licenseNumber: 'license_number',
  bio: 'bio',
  photoUrl: 'photo_url',
  active: 'active',
};

const DOCTOR_SELECT = `
  SELECT d.id, d.full_name AS "fullName", d.qualification, d.practicing_since AS "practicingSince", d.education,
         d.license_number AS "licenseNumber", d.bio, d.photo_url AS "photoUrl", d.active, d.created_at AS "createdAt",
         ARRAY(SELECT specialty_id::text FROM doctor_specialties WHERE doctor_id = d.id ORDER BY specialty_id) AS "specialtyIds",
         ARRAY(SELECT branch_id::text FROM doctor_branches WHERE doctor_id = d.id ORDER BY branch_id) AS "branchIds",
         COALESCE((SELECT json_agg(json_build_object('serviceId', service_id, 'price', price::float8, 'durationMin', duration_min) ORDER BY service_id)
                   FROM doctor_services WHERE doctor_id = d.id), '[]') AS services
  FROM doctors d`;

/** Active doctors who provide an active service ($1), optionally one doctor, specialty or branch: read by every availability search. */
const BOOKABLE_DOCTORS = named(
  'doctors.bookable',
  `SELECT d.id AS "doctorId", COALESCE(x.duration_min, s.duration_min) AS "durationMin"
   FROM services s
   JOIN doctor_services x ON x.service_id = s.id
   JOIN doctors d ON d.id = x.doctor_id AND d.active
   WHERE s.id = $1 AND s.active
     AND ($2::uuid IS NULL OR d.id = $2)
     AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM doctor_specialties y WHERE y.doctor_id = d.id AND y.specialty_id = $3))
     AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM doctor_branches y WHERE y.doctor_id = d.id AND y.branch_id = $4))
   ORDER BY d.id`,
);

@Injectable()
export class DoctorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(filter: {
    specialtyId?: string;
    branchId?: string;
    serviceId?: string;
    active?: boolean;
    q?: string;
    after?: Cursor;
    limit: number;
  }): Promise<DoctorRow[]> {
    return rows<DoctorRow>(
      this.dataSource,
      `${DOCTOR_SELECT}
       WHERE ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM doctor_specialties x WHERE x.doctor_id = d.id AND x.specialty_id = $1))
         AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM doctor_branches x WHERE x.doctor_id = d.id AND x.branch_id = $2))
         AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM doctor_services x WHERE x.doctor_id = d.id AND x.service_id = $3))
         AND ($4::boolean IS NULL OR d.active = $4)
         AND ($5::text IS NULL OR d.full_name ILIKE '%' || $5 || '%')
         AND ($6::timestamptz IS NULL OR (d.created_at, d.id) > ($6, $7::uuid))
       ORDER BY d.created_at, d.id LIMIT $8`,
      [
        filter.specialtyId ?? null,
        filter.branchId ?? null,
        filter.serviceId ?? null,
        filter.active ?? null,
        filter.q ? escapeLike(filter.q) : null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        filter.limit,
      ],
    );
  }

  /** Full names of these doctors, by id. */
  async fullNames(ids: readonly string[]): Promise<Map<string, string>> {
    const found = await rows<{ id: string; fullName: string }>(this.dataSource, `SELECT id, full_name AS "fullName" FROM doctors WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    return new Map(found.map((r) => [r.id, r.fullName]));
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<DoctorRow | null> {
    return (await one<DoctorRow>(em, `${DOCTOR_SELECT} WHERE d.id = $1`, [id])) ?? null;
  }

  /** Locks the doctor's row so concurrent edits of the same doctor's links and schedule apply one after another. */
  async lockById(id: string, em: EntityManager): Promise<{ id: string; active: boolean } | null> {
    return (await one<{ id: string; active: boolean }>(em, `SELECT id, active FROM doctors WHERE id = $1 FOR UPDATE`, [id])) ?? null;
  }

  async insert(values: DoctorProfile, em: EntityManager): Promise<string> {
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO doctors (full_name, qualification, practicing_since, education, license_number, bio, photo_url, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [values.fullName, values.qualification, values.practicingSince, values.education, values.licenseNumber, values.bio, values.photoUrl, values.active],
    );
    return row!.id;
  }

  async update(id: string, values: Partial<DoctorProfile>, em: EntityManager): Promise<void> {
    const set = (Object.keys(PROFILE_COLUMNS) as (keyof DoctorProfile)[]).filter((k) => values[k] !== undefined);
    const assignments = [...set.map((k, i) => `${PROFILE_COLUMNS[k]} = $${i + 2}`), 'updated_at = now()'].join(', ');
    await execute(em, `UPDATE doctors SET ${assignments} WHERE id = $1`, [id, ...set.map((k) => values[k])]);
  }

  async replaceSpecialties(id: string, specialtyIds: string[], em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM doctor_specialties WHERE doctor_id = $1`, [id]);
    await execute(em, `INSERT INTO doctor_specialties (doctor_id, specialty_id) SELECT $1, unnest($2::uuid[])`, [id, specialtyIds]);
  }

  async replaceBranches(id: string, branchIds: string[], em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM doctor_branches WHERE doctor_id = $1`, [id]);
    await execute(em, `INSERT INTO doctor_branches (doctor_id, branch_id) SELECT $1, unnest($2::uuid[])`, [id, branchIds]);
  }

  /** Sets which services the doctor provides, keeping the price and duration overrides of the ones that stay. */
  async keepServices(id: string, serviceIds: string[], em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM doctor_services WHERE doctor_id = $1 AND NOT (service_id = ANY($2::uuid[]))`, [id, serviceIds]);
    await execute(em, `INSERT INTO doctor_services (doctor_id, service_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT (doctor_id, service_id) DO NOTHING`, [
      id,
      serviceIds,
    ]);
  }

  async replaceServices(id: string, services: { serviceId: string; price: number | null; durationMin: number | null }[], em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM doctor_services WHERE doctor_id = $1`, [id]);
    if (!services.length) return;
    await execute(
      em,
      `INSERT INTO doctor_services (doctor_id, service_id, price, duration_min)
       SELECT $1, s.service_id, s.price, s.duration_min
       FROM unnest($2::uuid[], $3::numeric[], $4::int[]) AS s (service_id, price, duration_min)`,
      [id, services.map((s) => s.serviceId), services.map((s) => s.price), services.map((s) => s.durationMin)],
    );
  }

  publicList(filter: { specialtyId?: string; branchId?: string; serviceId?: string }): Promise<PublicDoctorRow[]> {
    return rows<PublicDoctorRow>(
      this.dataSource,
      `SELECT d.id, d.full_name AS "fullName", d.qualification, d.practicing_since AS "practicingSince", d.education,
              d.license_number AS "licenseNumber", d.bio, d.photo_url AS "photoUrl",
              ARRAY(SELECT db.branch_id::text FROM doctor_branches db ${joinActiveBranch('db.branch_id')}
                    WHERE db.doctor_id = d.id ORDER BY db.branch_id) AS "branchIds",
              COALESCE((SELECT json_agg(json_build_object('id', sp.id, 'name', sp.name) ORDER BY sp.name)
                        FROM doctor_specialties ds JOIN specialties sp ON sp.id = ds.specialty_id AND sp.active WHERE ds.doctor_id = d.id), '[]') AS specialties,
              COALESCE((SELECT json_agg(json_build_object('serviceId', s.id, 'name', s.name, 'price', COALESCE(x.price, s.price)::float8,
                                                          'currency', s.currency, 'durationMin', COALESCE(x.duration_min, s.duration_min)) ORDER BY s.name)
                        FROM doctor_services x JOIN services s ON s.id = x.service_id AND s.active WHERE x.doctor_id = d.id), '[]') AS services
       FROM doctors d
       WHERE d.active
         AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM doctor_specialties x WHERE x.doctor_id = d.id AND x.specialty_id = $1))
         AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM doctor_branches x WHERE x.doctor_id = d.id AND x.branch_id = $2))
         AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM doctor_services x WHERE x.doctor_id = d.id AND x.service_id = $3))
       ORDER BY d.full_name, d.id`,
      [filter.specialtyId ?? null, filter.branchId ?? null, filter.serviceId ?? null],
    );
  }

  async bookingTerms(doctorId: string, serviceId: string, em: EntityManager = this.dataSource.manager): Promise<BookingTerms | null> {
    const row = await one<BookingTerms>(
      em,
      `SELECT d.active AS "doctorActive", s.active AS "serviceActive", x.doctor_id IS NOT NULL AS provides,
              COALESCE(x.duration_min, s.duration_min) AS "durationMin", COALESCE(x.price, s.price)::float8 AS price, s.currency,
              s.slot_step_min AS "slotStepMin",
              ARRAY(SELECT branch_id::text FROM doctor_branches WHERE doctor_id = d.id) AS "branchIds"
       FROM doctors d CROSS JOIN services s
       LEFT JOIN doctor_services x ON x.doctor_id = d.id AND x.service_id = s.id
       WHERE d.id = $1 AND s.id = $2`,
      [doctorId, serviceId],
    );
    return row ?? null;
  }

  /** Active doctors who provide an active service, with their effective duration for it. */
  bookableDoctors(filter: {
    serviceId: string;
    doctorId?: string;
    specialtyId?: string;
    branchId?: string;
  }): Promise<{ doctorId: string; durationMin: number }[]> {
    return rows<{ doctorId: string; durationMin: number }>(this.dataSource, BOOKABLE_DOCTORS, [
      filter.serviceId,
      filter.doctorId ?? null,
      filter.specialtyId ?? null,
      filter.branchId ?? null,
    ]);
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
