import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BranchScope } from '../../common/access/access-policy.js';
import type { Cursor } from '../../common/http/pagination.js';
import { nameMatches, namePrefixPattern } from '../../common/sql/name-search.js';
import { Patient } from './patient.entity.js';

export type PatientValues = Partial<Omit<Patient, 'id' | 'createdAt' | 'updatedAt'>>;

@Injectable()
export class PatientsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<Patient | null> {
    return em.getRepository(Patient).findOneBy({ id });
  }

  findByPhone(phone: string, em: EntityManager = this.dataSource.manager): Promise<Patient[]> {
    return em.getRepository(Patient).find({ where: { phone }, order: { createdAt: 'ASC' } });
  }

  /** One round trip, in plain SQL: every inquiry from a new person comes through here. */
  async insert(values: PatientValues, em: EntityManager): Promise<Patient> {
    const [row] = await em.query(
      `INSERT INTO patients (last_name, first_name, middle_name, phone, email, birth_date, notes, restricted_at, merged_into_id, anonymized_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING id, last_name AS "lastName", first_name AS "firstName", middle_name AS "middleName", phone, email,
                 birth_date::text AS "birthDate", notes, restricted_at AS "restrictedAt", merged_into_id AS "mergedIntoId",
                 anonymized_at AS "anonymizedAt", created_at AS "createdAt", updated_at AS "updatedAt"`,
      [
        values.lastName ?? null,
        values.firstName ?? null,
        values.middleName ?? null,
        values.phone ?? null,
        values.email ?? null,
        values.birthDate ?? null,
        values.notes ?? null,
        values.restrictedAt ?? null,
        values.mergedIntoId ?? null,
        values.anonymizedAt ?? null,
      ],
    );
    return em.getRepository(Patient).create(row as Patient);
  }

  /** New patients from inquiries, with one statement (ids chosen by the caller; `createdAt` defaults to now). */
  async insertMany(
    rows: Array<{
      id: string;
      lastName: string | null;
      firstName: string | null;
      middleName?: string | null;
      phone: string | null;
      email: string | null;
      createdAt?: Date;
    }>,
    em: EntityManager,
  ): Promise<void> {
    if (!rows.length) return;
    await em.query(
      `INSERT INTO patients (id, last_name, first_name, middle_name, phone, email, created_at)
       SELECT id, last_name, first_name, middle_name, phone, email, COALESCE(created_at, now())
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, last_name text, first_name text, middle_name text, phone text, email text, created_at timestamptz)`,
      [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            last_name: r.lastName,
            first_name: r.firstName,
            middle_name: r.middleName ?? null,
            phone: r.phone,
            email: r.email,
            created_at: r.createdAt ?? null,
          })),
        ),
      ],
    );
  }

  async update(id: string, values: PatientValues, em: EntityManager): Promise<boolean> {
    const result = await em.getRepository(Patient).update({ id }, values);
    return (result.affected ?? 0) > 0;
  }

  async restrictedAmong(ids: string[], em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM patients WHERE id = ANY($1::uuid[]) AND (restricted_at IS NOT NULL OR anonymized_at IS NOT NULL)`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The branches where the patient had a lead, a call or an appointment (kept by triggers on those tables). */
  async branchesOf(id: string, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { branchId: string }[] = await em.query(`SELECT branch_id AS "branchId" FROM patient_branches WHERE patient_id = $1`, [id]);
    return rows.map((r) => r.branchId);
  }

  search(filter: { q?: string; phone?: string; scope: BranchScope; includeRestricted: boolean; after?: Cursor; limit: number }): Promise<Patient[]> {
    const qb = this.dataSource
      .getRepository(Patient)
      .createQueryBuilder('p')
      .where('p.anonymized_at IS NULL')
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(filter.limit);
    if (!filter.includeRestricted) qb.andWhere('p.restricted_at IS NULL');
    if (filter.scope.branchIds) {
      qb.andWhere(
        `(NOT EXISTS (SELECT 1 FROM patient_branches pb WHERE pb.patient_id = p.id)
                    OR EXISTS (SELECT 1 FROM patient_branches pb WHERE pb.patient_id = p.id AND pb.branch_id = ANY(:branchIds::uuid[])))`,
        { branchIds: filter.scope.branchIds },
      );
    }
    if (filter.phone) qb.andWhere('p.phone = :phone', { phone: filter.phone });
    if (filter.q) {
      qb.andWhere(nameMatches('p', ':prefix'), { prefix: namePrefixPattern(filter.q) });
    }
    if (filter.after) qb.andWhere('(p.created_at, p.id) < (:at, :id)', { at: filter.after.at, id: filter.after.id });
    return qb.getMany();
  }
}
