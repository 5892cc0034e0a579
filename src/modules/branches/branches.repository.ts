import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Branch } from './branch.entity.js';

@Injectable()
export class BranchesRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(includeInactive: boolean, em: EntityManager = this.dataSource.manager): Promise<Branch[]> {
    return em.getRepository(Branch).find({ where: includeInactive ? {} : { active: true }, order: { name: 'ASC' } });
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<Branch | null> {
    return em.getRepository(Branch).findOneBy({ id });
  }

  async insert(values: Omit<Branch, 'id' | 'createdAt' | 'updatedAt'>, em: EntityManager): Promise<string> {
    const result = await em.getRepository(Branch).insert(values);
    return result.identifiers[0]!.id as string;
  }

  async update(id: string, values: Partial<Branch>, em: EntityManager): Promise<boolean> {
    const result = await em.getRepository(Branch).update({ id }, values);
    return (result.affected ?? 0) > 0;
  }
}
