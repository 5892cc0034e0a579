import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, rows } from '../../database/sql.js';

@Injectable()
export class SettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async all(em: EntityManager = this.dataSource.manager): Promise<Record<string, unknown>> {
    const stored = await rows<{ key: string; value: unknown }>(em, `SELECT key, value FROM settings`);
    return Object.fromEntries(stored.map((r) => [r.key, r.value]));
  }

  async put(values: Record<string, unknown>, userId: string, em: EntityManager): Promise<void> {
    for (const [key, value] of Object.entries(values)) {
      await execute(
        em,
        `INSERT INTO settings (key, value, updated_by) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [key, JSON.stringify(value), userId],
      );
    }
  }
}
