import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query.js';
import type { LeadChannel } from '../leads/lead-lifecycle.js';

/** What the person sent, validated (the phone in E.164, the email lowercased). */
export interface InboxInquiry {
  name: string;
  phone: string;
  email: string | null;
  message: string | null;
  utm: { source?: string; medium?: string; campaign?: string; content?: string; term?: string } | null;
  pageUrl: string | null;
  referrer: string | null;
  requestedServiceId: string | null;
  requestedDoctorId: string | null;
  externalId: string | null;
}

/** The request it came with: the consent evidence and the audit trail's request id. */
export interface InboxRequest {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface NewInboxRow {
  leadId: string;
  sourceId: string;
  channel: LeadChannel;
  branchId: string | null;
  deliveryId: string | null;
  acceptedBy: string;
  inquiry: InboxInquiry;
  request: InboxRequest;
  consentDocumentId: string;
  marketingDocumentId: string | null;
  withdrawalTokenHash: Buffer;
}

export interface InboxRow extends Omit<NewInboxRow, 'deliveryId' | 'acceptedBy'> {
  id: string;
  acceptedAt: Date;
  attempts: number;
}

const ACCEPT = `
  WITH delivery AS (
    INSERT INTO intake_deliveries (source_id, delivery_id, lead_id) SELECT $2, $5, $1 WHERE $5::text IS NOT NULL
    ON CONFLICT DO NOTHING RETURNING 1
  )
  INSERT INTO intake_inbox (lead_id, source_id, channel, branch_id, external_id, accepted_by, inquiry, request, consent_document_id,
                            marketing_document_id, withdrawal_token_hash)
  SELECT $1, $2, $3, $4, $6, $7, $8, $9, $10, $11, $12
   WHERE $5::text IS NULL OR EXISTS (SELECT 1 FROM delivery)
  RETURNING id`;

const COLUMNS = `id::text, lead_id AS "leadId", source_id AS "sourceId", channel, branch_id AS "branchId", accepted_at AS "acceptedAt", inquiry, request,
  consent_document_id AS "consentDocumentId", marketing_document_id AS "marketingDocumentId", withdrawal_token_hash AS "withdrawalTokenHash", attempts`;

/** The web-form inbox: submissions accepted and waiting to become leads. */
@Injectable()
export class IntakeInboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a submission and takes its delivery id for the source, in one statement (a prepared one: every
   * submission comes through here). False when the delivery id was taken already: nothing is stored then.
   */
  async accept(row: NewInboxRow): Promise<boolean> {
    const inserted = await preparedQuery(this.dataSource, 'intake_inbox_accept', ACCEPT, [
      row.leadId, row.sourceId, row.channel, row.branchId, row.deliveryId, row.inquiry.externalId, row.acceptedBy, row.inquiry, row.request,
      row.consentDocumentId, row.marketingDocumentId, row.withdrawalTokenHash,
    ]);
    return inserted.length > 0;
  }

  /** Whether a lead with this external id came from this source already (or waits here). */
  async externalIdTaken(sourceId: string, externalId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM leads WHERE source_id = $1 AND external_id = $2)
           OR EXISTS (SELECT 1 FROM intake_inbox WHERE source_id = $1 AND external_id = $2) AS taken`,
      [sourceId, externalId],
    );
    return row.taken;
  }

  /** The lead an earlier delivery with this id was (or is being) turned into. */
  async earlierDelivery(sourceId: string, deliveryId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT lead_id AS "leadId" FROM intake_deliveries WHERE source_id = $1 AND delivery_id = $2`, [sourceId, deliveryId]);
    return row?.leadId ?? null;
  }

  /**
   * Takes up to `limit` waiting submissions, oldest first, locked until the transaction ends and skipped by other
   * workers: those this instance accepted, those any instance accepted `orphansAfterSec` ago or earlier, or one by id.
   */
  take(em: EntityManager, limit: number, by: { acceptedBy: string } | { orphansAfterSec: number } | { id: string }): Promise<InboxRow[]> {
    const [where, value] = 'acceptedBy' in by
      ? ['accepted_by = $1', by.acceptedBy]
      : 'orphansAfterSec' in by ? ['accepted_at < now() - make_interval(secs => $1)', by.orphansAfterSec] : ['id = $1', by.id];
    return em.query(`SELECT ${COLUMNS} FROM intake_inbox WHERE ${where} AND failed_at IS NULL ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`, [value, limit]);
  }

  async delete(ids: string[], em: EntityManager): Promise<void> {
    await em.query(`DELETE FROM intake_inbox WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** A submission that cannot become a lead stays here with the reason (a code, never values), out of the way. */
  async markFailed(id: string, failure: string): Promise<void> {
    await this.dataSource.query(`UPDATE intake_inbox SET attempts = attempts + 1, failed_at = now(), failure = left($2, 500) WHERE id = $1`, [id, failure]);
  }

  /** How many submissions wait, and how many could not become leads. */
  async counts(): Promise<{ waiting: number; failed: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE failed_at IS NULL)::int AS waiting, count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed FROM intake_inbox`,
    );
    return row;
  }
}
