import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, one, returning, rows } from '../../database/sql.js';
import type { LeadChannel } from '../leads/lead-lifecycle.js';
import type { IntakeKind } from './dto/intake-source.dto.js';

export interface IntakeSource {
  id: string;
  kind: IntakeKind;
  name: string;
  channel: LeadChannel;
  branchId: string | null;
  secret: string;
  settings: Record<string, string>;
  active: boolean;
  createdAt: Date;
}

const COLUMNS = `id, kind, name, channel, branch_id AS "branchId", secret, settings, active, created_at AS "createdAt"`;

@Injectable()
export class IntakeSourcesRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<IntakeSource[]> {
    return rows<IntakeSource>(this.dataSource, `SELECT ${COLUMNS} FROM intake_sources ORDER BY created_at, id`);
  }

  findById(id: string): Promise<IntakeSource | undefined> {
    return one<IntakeSource>(this.dataSource, `SELECT ${COLUMNS} FROM intake_sources WHERE id = $1`, [id]);
  }

  findBySecretHash(hash: Buffer): Promise<IntakeSource | undefined> {
    return one<IntakeSource>(this.dataSource, `SELECT ${COLUMNS} FROM intake_sources WHERE secret_hash = $1`, [hash]);
  }

  async insert(values: Omit<IntakeSource, 'id' | 'createdAt' | 'active'> & { secretHash: Buffer }, em: EntityManager): Promise<string> {
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO intake_sources (kind, name, channel, branch_id, secret, secret_hash, settings) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [values.kind, values.name, values.channel, values.branchId, values.secret, values.secretHash, values.settings],
    );
    return row!.id;
  }

  async update(
    id: string,
    values: {
      name?: string;
      channel?: string;
      branchId?: string | null;
      settings?: Record<string, string>;
      active?: boolean;
      secret?: string;
      secretHash?: Buffer;
    },
    em: EntityManager,
  ): Promise<boolean> {
    const columns: Record<string, string> = {
      name: 'name',
      channel: 'channel',
      branchId: 'branch_id',
      settings: 'settings',
      active: 'active',
      secret: 'secret',
      secretHash: 'secret_hash',
    };
    const entries = Object.entries(values).filter(([, v]) => v !== undefined);
    if (!entries.length) return (await this.findById(id)) !== undefined;
    const sets = entries.map(([k], i) => `${columns[k]} = $${i + 2}`).join(', ');
    return (await affected(em, `UPDATE intake_sources SET ${sets}, updated_at = now() WHERE id = $1`, [id, ...entries.map(([, v]) => v)])) > 0;
  }
}
