import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertInScope, assertMayProcess, branchScope, seesRestrictedRecords } from '../../common/access/access-policy.js';
import { personAudience } from '../../common/access/event-audience.js';
import type { Actor } from '../../common/auth/actor.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../common/errors/app-error.js';
import { isOpenLead } from '../leads/lead-lifecycle.js';
import { describeConstraint } from '../../common/errors/error-envelope.js';
import { decodeCursor, toPage } from '../../common/http/pagination.js';
import { JobRunner } from '../../jobs/job-runner.js';
import { Outbox } from '../../realtime/outbox.js';
import { AuditService } from '../audit/audit.service.js';
import type { LeadRow } from '../leads/leads.repository.js';
import { LeadsService } from '../leads/leads.service.js';
import { toCallbackView } from './call-view.js';
import { CallbacksRepository } from './callbacks.repository.js';
import type { CallbackPage, CallbackView, CreateCallbackDto, ListCallbacksQuery, UpdateCallbackDto } from './dto/callback.dto.js';

describeConstraint('callbacks_operator_id_fkey', { code: 'NOT_FOUND', message: 'The operator does not exist' });

export const CALLBACKS_DUE_JOB = 'calls.callbacks_due';
// A callback set a moment ago for "now" is fine; one clearly in the past is a mistake.
const PAST_TOLERANCE_MS = 60_000;

/** Promised calls back: who calls whom and when, the reminder at that time, completing and rescheduling. */
@Injectable()
export class CallbacksService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly callbacks: CallbacksRepository,
    private readonly leads: LeadsService,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.jobs.every(CALLBACKS_DUE_JOB, 15, () => this.notifyDue().then(() => undefined));
  }

  async createForLead(actor: Actor, leadId: string, dto: CreateCallbackDto): Promise<CallbackView> {
    const id = await this.dataSource.transaction(async (em) => {
      const lead = await this.leads.workable(actor, leadId, em);
      return this.createIn(em, actor, lead, { dueAt: dto.dueAt, note: dto.note ?? null, callId: null, operatorId: dto.operatorId });
    });
    return toCallbackView((await this.callbacks.findById(id))!);
  }

  /**
   * Schedules a callback inside the caller's transaction. It goes to the operator named (managers only), else the
   * lead's operator, else whoever schedules it.
   */
  async createIn(
    em: EntityManager,
    actor: Actor,
    lead: LeadRow,
    input: { dueAt: Date; note: string | null; callId: string | null; operatorId?: string },
  ): Promise<string> {
    if (input.operatorId && actor.role === 'operator' && input.operatorId !== actor.id) throw forbidden('Only managers schedule callbacks for someone else');
    if (!isOpenLead(lead.status)) throw conflict(`A ${lead.status} lead gets no callbacks; reopen it first`);
    assertFuture(input.dueAt, 'dueAt');
    const id = await this.callbacks.insert(
      {
        leadId: lead.id,
        patientId: lead.patientId,
        operatorId: input.operatorId ?? lead.assignedOperatorId ?? actor.id,
        callId: input.callId,
        dueAt: input.dueAt,
        note: input.note,
        createdBy: actor.id,
      },
      em,
    );
    await this.audit.record(actor, { action: 'callback.created', entity: 'callback', entityId: id, fields: ['dueAt', ...(input.note ? ['note'] : [])] }, em);
    return id;
  }

  /** A call to the lead keeps the callbacks that were due by `by`. */
  async completeDueForLead(em: EntityManager, actor: Actor, leadId: string, by: Date): Promise<void> {
    for (const id of await this.callbacks.completeDueForLead(leadId, by, em)) {
      await this.audit.record(actor, { action: 'callback.completed', entity: 'callback', entityId: id, fields: ['call'] }, em);
    }
  }

  async list(actor: Actor, query: ListCallbacksQuery): Promise<CallbackPage> {
    const limit = query.limit ?? 50;
    const operatorId = actor.role === 'operator' ? actor.id : query.operator === 'me' ? actor.id : query.operator;
    if (operatorId && !/^[0-9a-f-]{36}$/i.test(operatorId))
      throw validationFailed('operator must be an id or `me`', [{ field: 'operator', messages: ['operator must be a UUID or `me`'] }]);
    const rows = await this.callbacks.list({
      due: query.due ?? 'open',
      operatorId,
      leadId: query.lead,
      scope: branchScope(actor),
      hideRestricted: !seesRestrictedRecords(actor.role),
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    await this.audit.recordOutsideTransaction(actor, {
      action: 'callback.listed',
      entity: 'callback',
      fields: Object.keys(query).filter((k) => k !== 'cursor' && k !== 'limit'),
    });
    const page = toPage(rows, limit, (c) => ({ at: c.dueAt.toISOString(), id: c.id }));
    return { data: page.data.map(toCallbackView), nextCursor: page.nextCursor };
  }

  /** Completes (done) or reschedules (dueAt) a callback: its operator, or a manager. */
  async update(actor: Actor, id: string, dto: UpdateCallbackDto): Promise<CallbackView> {
    if ((dto.done === true) === (dto.dueAt !== undefined)) {
      throw validationFailed('Either complete the callback or give it a new time', [{ field: 'done', messages: ['give either done: true or dueAt'] }]);
    }
    await this.dataSource.transaction(async (em) => {
      const callback = await this.callbacks.lockById(id, em);
      if (!callback) throw notFound('Callback');
      assertInScope(actor, callback.branchId, 'Callback');
      assertMayProcess(actor, callback.patientRestricted);
      if (actor.role === 'operator' && callback.operatorId !== actor.id) throw forbidden('This callback belongs to another operator');
      if (callback.doneAt) throw new AppError('CONFLICT', 'This callback was already made');
      if (dto.done) {
        await this.callbacks.complete(id, dto.note, em);
      } else {
        assertFuture(dto.dueAt!, 'dueAt');
        await this.callbacks.reschedule(id, dto.dueAt!, dto.note, em);
      }
      const fields = [dto.done ? 'done' : 'dueAt', ...(dto.note !== undefined ? ['note'] : [])];
      await this.audit.record(actor, { action: dto.done ? 'callback.completed' : 'callback.rescheduled', entity: 'callback', entityId: id, fields }, em);
    });
    return toCallbackView((await this.callbacks.findById(id))!);
  }

  /**
   * Tells each operator about their callbacks that came due (managers see them too), once: the rows are marked
   * in the same transaction as the events are written, so concurrent runs on several instances split the work.
   */
  async notifyDue(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const due = await this.callbacks.takeDue(500, em);
      for (const callback of due) {
        // A restricted person is not called: managers see it, the operator does not.
        await this.outbox.publish(em, 'callback.due', personAudience([], callback.branchId, callback.restricted, [callback.operatorId]), {
          callbackId: callback.id,
          leadId: callback.leadId,
          patientId: callback.patientId,
          operatorId: callback.operatorId,
          dueAt: callback.dueAt.toISOString(),
        });
      }
      return due.length;
    });
  }
}

function assertFuture(at: Date, field: string): void {
  if (at.getTime() < Date.now() - PAST_TOLERANCE_MS)
    throw validationFailed(`${field} must be in the future`, [{ field, messages: [`${field} must be in the future`] }]);
}
