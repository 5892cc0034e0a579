import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { assertInScope, restrictedPerson } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { AppError, forbidden, notFound, unprocessable, validationFailed } from '../../common/errors/app-error.js';
import { Outbox } from '../../realtime/outbox.js';
import { AuditService } from '../audit/audit.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { type CallReviewRow, CallReviewsRepository } from './call-reviews.repository.js';
import { type CallRow, CallsRepository } from './calls.repository.js';
import type { CallReviewView, ReviewCallDto } from './dto/call-review.dto.js';

const RECORDING_TIMEOUT_MS = 10_000;

export interface Recording {
  status: 200 | 206;
  headers: Record<string, string>;
  body: Readable;
}

/**
 * Call review, the clinic's staff training: a manager listens to an operator's call (the PBX's recording, streamed
 * through the app so the PBX stays inside the clinic's network) and scores it against the clinic's checklist; the
 * operator is told and the scores feed the operator scorecards.
 */
@Injectable()
export class CallReviewsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calls: CallsRepository,
    private readonly reviews: CallReviewsRepository,
    private readonly settings: SettingsService,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
  ) {}

  async review(actor: Actor, callId: string, dto: ReviewCallDto): Promise<CallReviewView> {
    const call = await this.reviewable(actor, callId);
    if (!call.operatorId) throw unprocessable('Nobody took this call: there is no operator to review');
    const { callReviewChecklist } = await this.settings.get();
    if (dto.met.length !== callReviewChecklist.length) {
      throw validationFailed('Answer every point of the checklist', [
        { field: 'met', messages: [`met must have ${callReviewChecklist.length} answers, one per point`] },
      ]);
    }
    const checklist = callReviewChecklist.map((point, i) => ({ point, met: dto.met[i]! }));
    const score = Math.round((100 * checklist.filter((p) => p.met).length) / checklist.length);
    const saved = await this.dataSource.transaction(async (em) => {
      const row = await this.reviews.save({ callId, operatorId: call.operatorId!, reviewerId: actor.id, checklist, score, comment: dto.comment || null }, em);
      await this.audit.record(actor, { action: 'call.reviewed', entity: 'call', entityId: callId, fields: ['score', ...(dto.comment ? ['comment'] : [])] }, em);
      await this.outbox.publish(em, 'call.reviewed', { users: [call.operatorId!] }, { callId, score, reviewerId: actor.id });
      return row;
    });
    return toView(saved);
  }

  /** The review of a call: for managers, and for the operator whose call it was. */
  async get(actor: Actor, callId: string): Promise<CallReviewView> {
    await this.reviewable(actor, callId);
    const row = await this.reviews.findByCall(callId);
    if (!row) throw notFound('Review of this call');
    return toView(row);
  }

  /** The call's recording from the PBX, passed through as it streams (Range requests too, so a player can seek). */
  async recording(actor: Actor, callId: string, range: string | undefined): Promise<Recording> {
    const call = await this.reviewable(actor, callId);
    // Only what the PBX itself reported is fetched: an address typed in by staff could point anywhere inside the network.
    if (!call.sourceId || !call.recordingUrl || !/^https?:\/\//i.test(call.recordingUrl)) throw notFound('Recording of this call');
    let upstream: Response;
    try {
      upstream = await fetch(call.recordingUrl, { headers: range ? { range } : {}, redirect: 'error', signal: AbortSignal.timeout(RECORDING_TIMEOUT_MS) });
    } catch {
      throw new AppError('UNAVAILABLE', 'The telephone system did not give the recording; try again later');
    }
    if (!upstream.ok || !upstream.body) {
      await upstream.body?.cancel();
      throw upstream.status === 404
        ? notFound('Recording of this call')
        : new AppError('UNAVAILABLE', 'The telephone system did not give the recording; try again later');
    }
    await this.audit.recordOutsideTransaction(actor, { action: 'call.recording_played', entity: 'call', entityId: callId });
    const headers: Record<string, string> = { 'content-type': upstream.headers.get('content-type') ?? 'audio/mpeg', 'accept-ranges': 'bytes' };
    for (const name of ['content-length', 'content-range']) {
      const value = upstream.headers.get(name);
      if (value) headers[name] = value;
    }
    return { status: upstream.status === 206 ? 206 : 200, headers, body: Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream) };
  }

  /** A call managers may review, or its own operator look at; never a restricted person's (that is their data). */
  private async reviewable(actor: Actor, callId: string): Promise<CallRow> {
    const call = await this.calls.findById(callId);
    if (!call) throw notFound('Call');
    assertInScope(actor, call.branchId, 'Call');
    if (actor.role === 'operator' && call.operatorId !== actor.id) throw forbidden('Only the call’s operator or a manager can see this');
    if (call.patientRestricted) throw restrictedPerson();
    return call;
  }
}

function toView(row: CallReviewRow): CallReviewView {
  return {
    callId: row.callId,
    operatorId: row.operatorId,
    reviewerId: row.reviewerId,
    checklist: row.checklist,
    score: row.score,
    comment: row.comment,
    updatedAt: row.updatedAt,
  };
}
