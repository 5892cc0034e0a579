import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { AnalyticsService } from './analytics.service.js';
import { ReportQuery } from './dto/analytics.dto.js';
import { MessagingReport } from './dto/messaging-report.dto.js';
import { ratio } from '../leads/funnel-figures.js';
import { MessagingReportRepository, type ReminderEffectRow } from './messaging-report.repository.js';
import { ScorecardsRepository } from './scorecards.repository.js';

/** What talking to patients does: confirmations, no-shows with and without a reminder, reply times, ratings, recalls, deliveries. */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class MessagingReportController {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly report: MessagingReportRepository,
    private readonly names: ScorecardsRepository,
  ) {}

  @ApiOperation({ summary: 'Report message delivery and answers' })
  @Get('messaging')
  @Roles('manager')
  @ApiOkResponse({ type: MessagingReport })
  async messaging(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<MessagingReport> {
    const period = await this.analytics.period(actor, query);
    const [effect, replies, ratings, recall, delivery] = await Promise.all([
      this.report.reminderEffect(period),
      this.report.replyTimes(period),
      this.report.ratingsByDoctor(period),
      this.report.recall(period),
      this.report.delivery(period),
    ]);
    const doctors = await this.names.names(
      'doctors',
      ratings.map((r) => r.doctorId),
    );
    const reminded = effect.find((r) => r.reminded);
    const group = (row: ReminderEffectRow | undefined) => ({
      appointments: row?.appointments ?? 0,
      visits: row?.visits ?? 0,
      noShows: row?.noShows ?? 0,
      noShowRate: ratio(row?.noShows ?? 0, (row?.visits ?? 0) + (row?.noShows ?? 0)),
    });
    await this.analytics.recordAccess(actor, 'messaging', 'json', [
      'confirmations',
      'withReminder',
      'withoutReminder',
      'replies',
      'ratings',
      'recall',
      'delivery',
    ]);
    return {
      from: period.from,
      to: period.to,
      branchId: query.branchId ?? null,
      confirmations: {
        reminded: reminded?.appointments ?? 0,
        confirmedByPatient: reminded?.confirmedByPatient ?? 0,
        cancelledByPatient: reminded?.cancelledByPatient ?? 0,
        confirmationRate: ratio(reminded?.confirmedByPatient ?? 0, reminded?.appointments),
      },
      withReminder: group(reminded),
      withoutReminder: group(effect.find((r) => !r.reminded)),
      replies,
      ratings: ratings.map((r) => ({ ...r, name: doctors.get(r.doctorId) ?? null })).sort((a, b) => b.ratings - a.ratings),
      recall: { ...recall, conversionRate: ratio(recall.booked, recall.messaged) },
      delivery,
    };
  }
}
