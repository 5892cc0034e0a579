import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, one, returning, rows } from '../../database/sql.js';
import type { Branch } from './branch.entity.js';

/** What a branch's record holds that can be set (the id and times are not). */
export type BranchValues = Omit<Branch, 'id' | 'createdAt' | 'updatedAt'>;

const COLUMN_OF: Record<keyof BranchValues, string> = {
  name: 'name',
  address: 'address',
  phone: 'phone',
  timezone: 'timezone',
  callCenterHours: 'call_center_hours',
  active: 'active',
};

const SELECT = `SELECT id, name, address, phone, timezone, call_center_hours AS "callCenterHours", active, created_at AS "createdAt", updated_at AS "updatedAt"
  FROM branches`;

/** Opening hours are stored as JSON; every other value goes as it is. */
const toParam = (key: keyof BranchValues, value: unknown) => (key === 'callCenterHours' ? JSON.stringify(value) : value);

@Injectable()
export class BranchesRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(includeInactive: boolean, em: EntityManager = this.dataSource.manager): Promise<Branch[]> {
    return rows<Branch>(em, `${SELECT} ${includeInactive ? '' : 'WHERE active'} ORDER BY name`);
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<Branch | null> {
    return (await one<Branch>(em, `${SELECT} WHERE id = $1`, [id])) ?? null;
  }

  async insert(values: BranchValues, em: EntityManager): Promise<string> {
    const keys = Object.keys(COLUMN_OF) as (keyof BranchValues)[];
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO branches (${keys.map((k) => COLUMN_OF[k]).join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      keys.map((k) => toParam(k, values[k])),
    );
    return row!.id;
  }

  /** Changes the given fields (undefined ones stay); false when there is no such branch. */
  async update(id: string, values: Partial<BranchValues>, em: EntityManager): Promise<boolean> {
    const entries = (Object.entries(values) as [keyof BranchValues, unknown][]).filter(([k, v]) => v !== undefined && k in COLUMN_OF);
    const sets = [...entries.map(([k], i) => `${COLUMN_OF[k]} = $${i + 2}`), 'updated_at = now()'];
    return (await affected(em, `UPDATE branches SET ${sets.join(', ')} WHERE id = $1`, [id, ...entries.map(([k, v]) => toParam(k, v))])) > 0;
  }
}
