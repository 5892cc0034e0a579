import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { execute } from '../../database/sql.js';

/** The database as the health check sees it. */
@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Resolves when the database answers a trivial query; rejects when it cannot. */
  async ping(): Promise<void> {
    await execute(this.dataSource, 'SELECT 1');
  }
}
