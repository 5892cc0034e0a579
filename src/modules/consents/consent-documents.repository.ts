import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import type { ConsentKind } from './consent-document.rules.js';

export interface ConsentDocumentRow {
  id: string;
  kind: ConsentKind;
  version: string;
  title: string;
  body: string;
  operatorName: string | null;
  operatorAddress: string | null;
  purposes: string[];
  dataCategories: string[];
  actions: string[];
  recipients: string[];
  retention: string | null;
  withdrawalMethod: string | null;
  sha256: string | null;
  publishedAt: Date | null;
  createdAt: Date;
  current: boolean;
}

export type ConsentDocumentValues = Partial<Omit<ConsentDocumentRow, 'id' | 'sha256' | 'publishedAt' | 'createdAt' | 'current'>>;

const COLUMNS: Record<keyof ConsentDocumentValues, string> = {
  kind: 'kind',
  version: 'version',
  title: 'title',
  body: 'body',
  operatorName: 'operator_name',
  operatorAddress: 'operator_address',
  purposes: 'purposes',
  dataCategories: 'data_categories',
  actions: 'actions',
  recipients: 'recipients',
  retention: 'retention',
  withdrawalMethod: 'withdrawal_method',
};

const SELECT = `
  SELECT d.id, d.kind, d.version, d.title, d.body, d.operator_name AS "operatorName", d.operator_address AS "operatorAddress",
         d.purposes, d.data_categories AS "dataCategories", d.actions, d.recipients, d.retention, d.withdrawal_method AS "withdrawalMethod",
         d.sha256, d.published_at AS "publishedAt", d.created_at AS "createdAt",
         d.published_at IS NOT NULL AND d.published_at = (SELECT max(c.published_at) FROM consent_documents c WHERE c.kind = d.kind) AS current
  FROM consent_documents d`;

@Injectable()
export class ConsentDocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(values: ConsentDocumentValues, createdBy: string, em: EntityManager): Promise<string> {
    const keys = Object.keys(values).filter((k) => values[k as keyof ConsentDocumentValues] !== undefined) as (keyof ConsentDocumentValues)[];
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO consent_documents (${[...keys.map((k) => COLUMNS[k]), 'created_by'].join(', ')})
       VALUES (${[...keys, 'created_by'].map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      [...keys.map((k) => values[k]), createdBy],
    );
    return row!.id;
  }

  /** Changes a draft; false when the document is missing or already published. */
  async updateDraft(id: string, values: ConsentDocumentValues, em: EntityManager): Promise<boolean> {
    const keys = Object.keys(values).filter((k) => values[k as keyof ConsentDocumentValues] !== undefined) as (keyof ConsentDocumentValues)[];
    if (!keys.length) return (await this.findById(id, em))?.publishedAt === null;
    const changed = await affected(
      em,
      `UPDATE consent_documents SET ${keys.map((k, i) => `${COLUMNS[k]} = $${i + 2}`).join(', ')} WHERE id = $1 AND published_at IS NULL`,
      [id, ...keys.map((k) => values[k])],
    );
    return changed > 0;
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<ConsentDocumentRow | null> {
    return (await one<ConsentDocumentRow>(em, `${SELECT} WHERE d.id = $1`, [id])) ?? null;
  }

  /** The document, locked until the transaction ends. */
  async lockById(id: string, em: EntityManager): Promise<ConsentDocumentRow | null> {
    return (await one<ConsentDocumentRow>(em, `${SELECT} WHERE d.id = $1 FOR UPDATE OF d`, [id])) ?? null;
  }

  list(kind?: ConsentKind): Promise<ConsentDocumentRow[]> {
    return rows<ConsentDocumentRow>(this.dataSource, `${SELECT} WHERE ($1::text IS NULL OR d.kind = $1) ORDER BY d.kind, d.created_at DESC, d.id`, [
      kind ?? null,
    ]);
  }

  async current(kind: ConsentKind, em: EntityManager = this.dataSource.manager): Promise<ConsentDocumentRow | null> {
    return (
      (await one<ConsentDocumentRow>(em, `${SELECT} WHERE d.kind = $1 AND d.published_at IS NOT NULL ORDER BY d.published_at DESC LIMIT 1`, [kind])) ?? null
    );
  }

  async markPublished(id: string, sha256: string, em: EntityManager): Promise<void> {
    // Strictly later than the kind's previous publication (times are kept to the millisecond), so "current" is unambiguous.
    await execute(
      em,
      `UPDATE consent_documents d SET sha256 = $2,
              published_at = greatest(clock_timestamp(), (SELECT max(c.published_at) + interval '1 millisecond' FROM consent_documents c WHERE c.kind = d.kind))
       WHERE id = $1 AND published_at IS NULL`,
      [id, sha256],
    );
  }

  /** Serializes publications of one kind, so "current" is always the latest publication. */
  async lockKind(kind: ConsentKind, em: EntityManager): Promise<void> {
    await execute(em, `SELECT pg_advisory_xact_lock(hashtext('consent_documents.publish:' || $1))`, [kind]);
  }
}
