import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BranchScope } from '../../common/access/access-policy.js';
import type { Cursor } from '../../common/http/pagination.js';
import { namePrefixPattern } from '../../common/sql/name-search.js';
import { Where } from '../../common/sql/where.js';
import { named } from '../../database/prepared-query.js';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import type { Patient } from './patient.entity.js';
import { joinedPatientNameMatches, patientInBranches } from './patient-sql.js';

export type PatientValues = Partial<Omit<Patient, 'id' | 'createdAt' | 'updatedAt'>>;

const COLUMN_OF: Record<keyof PatientValues, string> = {
  lastName: 'last_name',
  firstName: 'first_name',
  middleName: 'middle_name',
  phone: 'phone',
  email: 'email',
  birthDate: 'birth_date',
  notes: 'notes',
  restrictedAt: 'restricted_at',
  mergedIntoId: 'merged_into_id',
  anonymizedAt: 'anonymized_at',
};

/** A Patient, of the patient `p` (the birth date as YYYY-MM-DD). */
const INSERT_MANY = named(
  'patients.insert-many',
  `INSERT INTO patients (id, last_name, first_name, middle_name, phone, email, created_at)
   SELECT id, last_name, first_name, middle_name, phone, email, COALESCE(created_at, now())
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, last_name text, first_name text, middle_name text, phone text, email text, created_at timestamptz)`,
);

const COLUMNS = `p.id, p.last_name AS "lastName", p.first_name AS "firstName", p.middle_name AS "middleName", p.phone, p.email,
                 p.birth_date::text AS "birthDate", p.notes, p.restricted_at AS "restrictedAt", p.merged_into_id AS "mergedIntoId",
                 p.anonymized_at AS "anonymizedAt", p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

@Injectable()
export class PatientsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<Patient | null> {
    return (await one<Patient>(em, `SELECT ${COLUMNS} FROM patients p WHERE p.id = $1`, [id])) ?? null;
  }

  /** One round trip: every inquiry from a new person comes through here. */
  async insert(values: PatientValues, em: EntityManager): Promise<Patient> {
    const keys = Object.keys(COLUMN_OF) as (keyof PatientValues)[];
    const [row] = await returning<Patient>(
      em,
      `INSERT INTO patients AS p (${keys.map((k) => COLUMN_OF[k]).join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${COLUMNS}`,
      keys.map((k) => values[k] ?? null),
    );
    return row!;
  }

  /** New patients from inquiries, with one statement (ids chosen by the caller; `createdAt` defaults to now). */
  async insertMany(
    patients: Array<{
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
    if (!patients.length) return;
    await execute(em, INSERT_MANY, [
      JSON.stringify(
        patients.map((r) => ({
          id: r.id,
          last_name: r.lastName,
          first_name: r.firstName,
          middle_name: r.middleName ?? null,
          phone: r.phone,
          email: r.email,
          created_at: r.createdAt ?? null,
        })),
      ),
    ]);
  }

  /** Changes the given fields (undefined ones stay); false when there is no such patient. */
  async update(id: string, values: PatientValues, em: EntityManager): Promise<boolean> {
    const entries = (Object.entries(values) as [keyof PatientValues, unknown][]).filter(([, v]) => v !== undefined);
    const sets = [...entries.map(([k], i) => `${COLUMN_OF[k]} = $${i + 2}`), 'updated_at = now()'];
    return (await affected(em, `UPDATE patients SET ${sets.join(', ')} WHERE id = $1`, [id, ...entries.map(([, v]) => v)])) > 0;
  }

  async restrictedAmong(ids: string[], em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const restricted = await rows<{ id: string }>(
      em,
      `SELECT id FROM patients WHERE id = ANY($1::uuid[]) AND (restricted_at IS NOT NULL OR anonymized_at IS NOT NULL)`,
      [ids],
    );
    return new Set(restricted.map((r) => r.id));
  }

  /** The branches where the patient had a lead, a call or an appointment (kept by triggers on those tables). */
  async branchesOf(id: string, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const branches = await rows<{ branchId: string }>(em, `SELECT branch_id AS "branchId" FROM patient_branches WHERE patient_id = $1`, [id]);
    return branches.map((r) => r.branchId);
  }

  search(filter: { q?: string; phone?: string; scope: BranchScope; includeRestricted: boolean; after?: Cursor; limit: number }): Promise<Patient[]> {
    const where = new Where();
    where.and('p.anonymized_at IS NULL');
    if (!filter.includeRestricted) where.and('p.restricted_at IS NULL');
    if (filter.scope.branchIds) where.and(patientInBranches('p.id', '?::uuid[]'), filter.scope.branchIds);
    if (filter.phone) where.and('p.phone = ?', filter.phone);
    if (filter.q) {
      const pattern = namePrefixPattern(filter.q);
      where.and(joinedPatientNameMatches('?'), pattern, pattern);
    }
    if (filter.after) where.and('(p.created_at, p.id) < (?, ?::uuid)', filter.after.at, filter.after.id);
    return rows<Patient>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM patients p ${where} ORDER BY p.created_at DESC, p.id DESC LIMIT ${where.add(filter.limit)}`,
      where.values,
    );
  }
}
