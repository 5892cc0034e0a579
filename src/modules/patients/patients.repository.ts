import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Cursor } from '../../common/http/pagination.js';
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

  async insert(values: PatientValues, em: EntityManager): Promise<Patient> {
    // One round trip: the row as inserted, with the written values as given (dates stay ISO strings).
    const result = await em.createQueryBuilder().insert().into(Patient).values(values).returning('*').execute();
    return em.getRepository(Patient).create({ ...(result.generatedMaps[0] as Patient), ...values });
  }

  async update(id: string, values: PatientValues, em: EntityManager): Promise<boolean> {
    const result = await em.getRepository(Patient).update({ id }, values);
    return (result.affected ?? 0) > 0;
  }

  search(filter: { q?: string; phone?: string; includeRestricted: boolean; after?: Cursor; limit: number }): Promise<Patient[]> {
    const qb = this.dataSource.getRepository(Patient).createQueryBuilder('p')
      .where('p.anonymized_at IS NULL')
      .orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').take(filter.limit);
    if (!filter.includeRestricted) qb.andWhere('p.restricted_at IS NULL');
    if (filter.phone) qb.andWhere('p.phone = :phone', { phone: filter.phone });
    if (filter.q) {
      qb.andWhere(`(lower(p.last_name) LIKE :prefix OR lower(p.first_name) LIKE :prefix)`, { prefix: `${escapeLike(filter.q.toLowerCase())}%` });
    }
    if (filter.after) qb.andWhere('(p.created_at, p.id) < (:at, :id)', { at: filter.after.at, id: filter.after.id });
    return qb.getMany();
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
