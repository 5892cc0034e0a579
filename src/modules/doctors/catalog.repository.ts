import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { named } from '../../database/prepared-query.js';
import { affected, one, returning, rows } from '../../database/sql.js';

export interface SpecialtyRow {
  id: string;
  name: string;
  active: boolean;
}

export interface ServiceRow {
  id: string;
  name: string;
  specialtyId: string;
  durationMin: number;
  price: number;
  currency: string;
  slotStepMin: number | null;
  description: string | null;
  active: boolean;
}

export interface PublicServiceRow extends ServiceRow {
  specialtyName: string;
}

export type ServiceValues = Omit<ServiceRow, 'id'>;

const SERVICE_COLUMNS = `s.id, s.name, s.specialty_id AS "specialtyId", s.duration_min AS "durationMin", s.price::float8 AS price, s.currency,
  s.slot_step_min AS "slotStepMin", s.description, s.active`;

const FIND_SERVICE = named('catalog.service', `SELECT ${SERVICE_COLUMNS} FROM services s WHERE s.id = $1`);

const SERVICE_FIELDS: Record<keyof ServiceValues, string> = {
  name: 'name',
  specialtyId: 'specialty_id',
  durationMin: 'duration_min',
  price: 'price',
  currency: 'currency',
  slotStepMin: 'slot_step_min',
  description: 'description',
  active: 'active',
};

/** Specialties and services: the clinic's price list. */
@Injectable()
export class CatalogRepository {
  constructor(private readonly dataSource: DataSource) {}

  listSpecialties(): Promise<SpecialtyRow[]> {
    return rows<SpecialtyRow>(this.dataSource, `SELECT id, name, active FROM specialties ORDER BY name`);
  }

  async findSpecialty(id: string, em: EntityManager = this.dataSource.manager): Promise<SpecialtyRow | null> {
    return (await one<SpecialtyRow>(em, `SELECT id, name, active FROM specialties WHERE id = $1`, [id])) ?? null;
  }

  async insertSpecialty(name: string, em: EntityManager): Promise<string> {
    const [row] = await returning<{ id: string }>(em, `INSERT INTO specialties (name) VALUES ($1) RETURNING id`, [name]);
    return row!.id;
  }

  async updateSpecialty(id: string, values: Partial<Omit<SpecialtyRow, 'id'>>, em: EntityManager): Promise<boolean> {
    return this.update('specialties', id, { name: values.name, active: values.active }, em);
  }

  listServices(filter: { specialtyId?: string; active?: boolean }): Promise<ServiceRow[]> {
    return rows<ServiceRow>(
      this.dataSource,
      `SELECT ${SERVICE_COLUMNS} FROM services s
       WHERE ($1::uuid IS NULL OR s.specialty_id = $1) AND ($2::boolean IS NULL OR s.active = $2)
       ORDER BY s.name, s.id`,
      [filter.specialtyId ?? null, filter.active ?? null],
    );
  }

  /** Names of these services, by id. */
  async serviceNames(ids: readonly string[]): Promise<Map<string, string>> {
    const found = await rows<{ id: string; name: string }>(this.dataSource, `SELECT id, name FROM services WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(found.map((r) => [r.id, r.name]));
  }

  async findService(id: string, em?: EntityManager): Promise<ServiceRow | null> {
    return (await one<ServiceRow>(em ?? this.dataSource, FIND_SERVICE, [id])) ?? null;
  }

  async activeServiceIdsOfSpecialties(specialtyIds: string[], em: EntityManager): Promise<string[]> {
    const found = await rows<{ id: string }>(em, `SELECT id FROM services WHERE active AND specialty_id = ANY($1::uuid[])`, [specialtyIds]);
    return found.map((r) => r.id);
  }

  async insertService(values: ServiceValues, em: EntityManager): Promise<string> {
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO services (name, specialty_id, duration_min, price, currency, slot_step_min, description, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [values.name, values.specialtyId, values.durationMin, values.price, values.currency, values.slotStepMin, values.description, values.active],
    );
    return row!.id;
  }

  async updateService(id: string, values: Partial<ServiceValues>, em: EntityManager): Promise<boolean> {
    const columns: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(SERVICE_FIELDS)) columns[column] = values[key as keyof ServiceValues];
    return this.update('services', id, columns, em);
  }

  publicServices(specialtyId: string | undefined): Promise<PublicServiceRow[]> {
    return rows<PublicServiceRow>(
      this.dataSource,
      `SELECT ${SERVICE_COLUMNS}, sp.name AS "specialtyName"
       FROM services s JOIN specialties sp ON sp.id = s.specialty_id
       WHERE s.active AND sp.active AND ($1::uuid IS NULL OR s.specialty_id = $1)
       ORDER BY sp.name, s.name, s.id`,
      [specialtyId ?? null],
    );
  }

  /** Sets the given columns (undefined ones are left alone). Column names come from this file, never from input. */
  private async update(table: 'specialties' | 'services', id: string, columns: Record<string, unknown>, em: EntityManager): Promise<boolean> {
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    const assignments = [...set.map(([c], i) => `${c} = $${i + 2}`), 'updated_at = now()'].join(', ');
    return (await affected(em, `UPDATE ${table} SET ${assignments} WHERE id = $1`, [id, ...set.map(([, v]) => v)])) > 0;
  }
}
