import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertInScope, branchScope } from '../../common/access/access-policy.js';
import { MANAGERS } from '../../common/access/event-audience.js';
import type { Actor } from '../../common/auth/actor.js';
import { conflict, notFound } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/pagination.js';
import { Outbox } from '../../realtime/outbox.js';
import { AuditService } from '../audit/audit.service.js';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { AppointmentsService } from '../schedules/appointments.service.js';
import type { FeedbackPage, FeedbackView, FollowUpDto, ListFeedbackQuery } from './dto/feedback.dto.js';
import { type FeedbackRow, FeedbackRepository } from './feedback.repository.js';
import type { MessageRow } from './messages.repository.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagingSettingsService } from './messaging-settings.service.js';

/** Ratings of visits from feedback requests; a low one is a task for the branch's managers until they follow it up. */
@Injectable()
export class FeedbackService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feedback: FeedbackRepository,
    private readonly messages: MessagesRepository,
    private readonly settings: MessagingSettingsService,
    private readonly appointments: AppointmentsService,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
    private readonly personalData: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.personalData.register({
      table: 'feedback',
      category: 'ratings and comments about visits',
      personalColumns: ['comment', 'follow_up_note'],
      export: (em, patientId) => this.feedback.exportForPatient(patientId, em),
      erase: (em, patientId) => this.feedback.eraseForPatient(patientId, em),
    });
  }

  /** The person's rating in answer to a feedback request, inside the caller's transaction; null when the visit was rated before. */
  async record(em: EntityManager, request: MessageRow, rating: number, comment: string | null): Promise<FeedbackRow | null> {
    if (!request.appointmentId || !request.patientId) return null;
    const visit = await this.appointments.findRow(request.appointmentId, em);
    if (!visit) return null;
    const { lowRatingMax } = await this.settings.forBranch(visit.branchId, em);
    const low = rating <= lowRatingMax;
    const row = await this.feedback.insert(
      {
        appointmentId: visit.id,
        patientId: visit.patientId,
        doctorId: visit.doctorId,
        branchId: visit.branchId,
        requestId: request.id,
        rating,
        comment,
        followUp: low ? 'open' : null,
      },
      em,
    );
    await this.messages.setAnswer(request.id, 'rated', em);
    if (!row) return null;
    await this.audit.recordAnonymous(
      { actorRole: 'patient' },
      { action: 'feedback.received', entity: 'appointment', entityId: visit.id, fields: comment ? ['rating', 'comment'] : ['rating'] },
      em,
    );
    if (low) {
      await this.outbox.publish(
        em,
        'feedback.low_rating',
        { roles: MANAGERS, branchId: visit.branchId },
        {
          feedbackId: row.id,
          appointmentId: visit.id,
          patientId: visit.patientId,
          doctorId: visit.doctorId,
          branchId: visit.branchId,
          rating,
          restricted: row.restricted,
        },
      );
    }
    return row;
  }

  /** The words a person sends soon after rating with a button become the comment of that rating. */
  async takeComment(em: EntityManager, patientId: string, text: string): Promise<boolean> {
    const pending = await this.feedback.lockAwaitingComment(patientId, 24, em);
    if (!pending) return false;
    await this.feedback.setComment(pending.id, text.slice(0, 2000), em);
    return true;
  }

  async list(actor: Actor, query: ListFeedbackQuery): Promise<FeedbackPage> {
    const limit = query.limit ?? 50;
    const rows = await this.feedback.list({
      doctorId: query.doctorId,
      followUp: query.followUp,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      scope: branchScope(actor),
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    await this.audit.recordOutsideTransaction(actor, { action: 'feedback.listed', entity: 'feedback', fields: ['rating', 'comment'] });
    const page = toPage(rows, limit, (f) => ({ at: f.receivedAt.toISOString(), id: f.id }));
    return { data: page.data.map(toView), nextCursor: page.nextCursor };
  }

  async followUp(actor: Actor, id: string, dto: FollowUpDto): Promise<FeedbackView> {
    await this.dataSource.transaction(async (em) => {
      const row = await this.feedback.findById(id, em);
      if (!row) throw notFound('Feedback');
      assertInScope(actor, row.branchId, 'Feedback');
      if (row.followUp !== 'open') throw conflict('This feedback has no open follow-up');
      await this.feedback.completeFollowUp(id, dto.note ?? null, actor.id, em);
      await this.audit.record(actor, { action: 'feedback.followed_up', entity: 'feedback', entityId: id, fields: dto.note ? ['note'] : [] }, em);
    });
    return toView((await this.feedback.findById(id))!);
  }
}

function toView(f: FeedbackRow): FeedbackView {
  const { restricted } = f;
  return {
    id: f.id,
    appointmentId: f.appointmentId,
    patientId: f.patientId,
    doctorId: f.doctorId,
    branchId: f.branchId,
    rating: f.rating,
    comment: restricted ? null : f.comment,
    receivedAt: f.receivedAt,
    followUp: f.followUp,
    followUpNote: restricted ? null : f.followUpNote,
    followUpBy: f.followUpBy,
    followUpAt: f.followUpAt,
    restricted,
  };
}
