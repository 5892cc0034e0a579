import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { named } from '../../database/prepared-query.js';
import { affected, execute, one, returning, rows } from '../../database/sql.js';
import type { LeadChannel } from '../leads/lead-lifecycle.js';

/** What the person sent, validated (the phone in E.164, the email lowercased). */
export interface InboxInquiry {
  /** The name in one field, or its parts when the form sends them apart (absent in inquiries stored before). */
  name: string | null;
  lastName?: string | null;
  firstName?: string | null;
  middleName?: string | null;
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

/**
 * Stores submissions and takes their delivery ids, in one statement: a submission whose delivery id was taken (before,
 * or by an earlier one of the same statement) is not stored. Returns the lead ids stored.
 */
const ACCEPT = named(
  'intake_inbox.accept',
  `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(lead_id uuid, source_id uuid, channel text, branch_id uuid, delivery_id text, external_id text,
                                                    accepted_by text, inquiry jsonb, request jsonb, consent_document_id uuid, marketing_document_id uuid,
                                                    withdrawal_token_hash text, n int)
  ),
  delivery AS (
    INSERT INTO intake_deliveries (source_id, delivery_id, lead_id)
    SELECT source_id, delivery_id, lead_id FROM input WHERE delivery_id IS NOT NULL ORDER BY n
    ON CONFLICT DO NOTHING RETURNING lead_id
  )
  INSERT INTO intake_inbox (lead_id, source_id, channel, branch_id, external_id, accepted_by, inquiry, request, consent_document_id,
                            marketing_document_id, withdrawal_token_hash)
  SELECT lead_id, source_id, channel, branch_id, external_id, accepted_by, inquiry, request, consent_document_id, marketing_document_id,
         decode(withdrawal_token_hash, 'hex')
    FROM input WHERE delivery_id IS NULL OR lead_id IN (SELECT lead_id FROM delivery)
   ORDER BY n
  RETURNING lead_id AS "leadId"`,
);

/** Submissions stored per statement, at most. */
const ACCEPT_BATCH = 200;

const COLUMNS = `id::text, lead_id AS "leadId", source_id AS "sourceId", channel, branch_id AS "branchId", accepted_at AS "acceptedAt", inquiry, request,
  consent_document_id AS "consentDocumentId", marketing_document_id AS "marketingDocumentId", withdrawal_token_hash AS "withdrawalTokenHash", attempts`;

/** Taking submissions out of the inbox ($2 at most): those an instance accepted, those left behind, or one by id. */
const TAKE = {
  own: take('own', 'accepted_by = $1'),
  orphans: take('orphans', 'accepted_at < now() - make_interval(secs => $1)'),
  one: take('one', 'id = $1'),
};

function take(name: string, where: string) {
  return named(
    `intake_inbox.take-${name}`,
    `DELETE FROM intake_inbox WHERE id IN (
       SELECT id FROM intake_inbox
        WHERE ${where} AND failed_at IS NULL
        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
  );
}

/** Which waiting submissions a worker takes: its instance's own, those left behind by any instance, or one. */
export type TakeBy = { acceptedBy: string } | { orphansAfterSec: number } | { id: string };

/** The web-form inbox: submissions accepted and waiting to become leads. */
@Injectable()
export class IntakeInboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  private readonly waiting: Array<{ row: NewInboxRow; done: (stored: boolean) => void; fail: (error: unknown) => void }> = [];
  private storing = false;

  /**
   * Stores a submission and takes its delivery id for the source. False when the delivery id was taken already:
   * nothing is stored then. Submissions arriving while a statement runs are stored together by the next one (a
   * prepared statement; one round trip and one commit for all of them), so a busy form costs the database little
   * more than a quiet one.
   */
  accept(row: NewInboxRow): Promise<boolean> {
    return new Promise((done, fail) => {
      this.waiting.push({ row, done, fail });
      if (!this.storing) void this.storeWaiting();
    });
  }

  private async storeWaiting(): Promise<void> {
    this.storing = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, ACCEPT_BATCH);
        try {
          const stored = new Set(await this.store(batch.map((b) => b.row)));
          for (const b of batch) b.done(stored.has(b.row.leadId));
        } catch (error) {
          // One submission the database refuses (its external id was taken meanwhile, say) must not fail the others.
          if (batch.length === 1) batch[0]!.fail(error);
          else {
            for (const b of batch) {
              try {
                b.done((await this.store([b.row])).length > 0);
              } catch (single) {
                b.fail(single);
              }
            }
          }
        }
      }
    } finally {
      this.storing = false;
    }
  }

  private async store(submissions: NewInboxRow[]): Promise<string[]> {
    const input = submissions.map((row, n) => ({
      lead_id: row.leadId,
      source_id: row.sourceId,
      channel: row.channel,
      branch_id: row.branchId,
      delivery_id: row.deliveryId,
      external_id: row.inquiry.externalId,
      accepted_by: row.acceptedBy,
      inquiry: row.inquiry,
      request: row.request,
      consent_document_id: row.consentDocumentId,
      marketing_document_id: row.marketingDocumentId,
      withdrawal_token_hash: row.withdrawalTokenHash.toString('hex'),
      n,
    }));
    const stored = await rows<{ leadId: string }>(this.dataSource, ACCEPT, [JSON.stringify(input)]);
    return stored.map((s) => s.leadId);
  }

  /** Whether a submission with this external id from this source waits here. */
  async externalIdWaiting(sourceId: string, externalId: string): Promise<boolean> {
    const row = await one<{ waiting: boolean }>(
      this.dataSource,
      `SELECT EXISTS (SELECT 1 FROM intake_inbox WHERE source_id = $1 AND external_id = $2) AS waiting`,
      [sourceId, externalId],
    );
    return row?.waiting ?? false;
  }

  /** The lead an earlier delivery with this id was (or is being) turned into. */
  async earlierDelivery(sourceId: string, deliveryId: string): Promise<string | null> {
    const row = await one<{ leadId: string | null }>(
      this.dataSource,
      `SELECT lead_id AS "leadId" FROM intake_deliveries WHERE source_id = $1 AND delivery_id = $2`,
      [sourceId, deliveryId],
    );
    return row?.leadId ?? null;
  }

  /**
   * Takes up to `limit` waiting submissions out of the inbox, oldest first, skipping those other workers hold: those
   * this instance accepted, those any instance accepted `orphansAfterSec` ago or earlier, or one by id. They leave
   * the inbox with the transaction, which makes their leads; when it rolls back, they are back where they were.
   * One statement: taking and removing them used to be two.
   */
  async take(limit: number, by: TakeBy, em: EntityManager): Promise<InboxRow[]> {
    const [statement, value] =
      'acceptedBy' in by ? [TAKE.own, by.acceptedBy] : 'orphansAfterSec' in by ? [TAKE.orphans, by.orphansAfterSec] : [TAKE.one, by.id];
    const taken = await returning<InboxRow>(em, statement, [value, limit]);
    // RETURNING follows no particular order; leads are made in the order the forms came.
    return taken.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  /** A submission that cannot become a lead stays here with the reason (a code, never values), out of the way. */
  async markFailed(id: string, failure: string, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE intake_inbox SET attempts = attempts + 1, failed_at = now(), failure = left($2, 500) WHERE id = $1`, [id, failure]);
  }

  /** Forms that could not become leads, set aside before `cutoff`: deleted; returns how many. */
  deleteFailedBefore(cutoff: Date, em: EntityManager): Promise<number> {
    return affected(em, `DELETE FROM intake_inbox WHERE failed_at < $1`, [cutoff]);
  }
}
