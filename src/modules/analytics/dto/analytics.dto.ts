import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { FUNNEL_GROUPINGS, type FunnelGrouping } from '../../leads/funnel-definitions.js';
import { LOCAL_DATE } from './marketing-spend.dto.js';

const DATE_MESSAGE = { message: '$property must be a date as YYYY-MM-DD' };
const nullableNumber = { nullable: true, type: Number };

export class ReportQuery {
  @ApiProperty({ example: '2025-01-01', description: 'First local date of the period (inclusive), in each branch’s time zone' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2025-12-31', description: 'Last local date of the period (inclusive)' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this branch; its time zone then defines the days' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv streams the rows as a spreadsheet-safe CSV file' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class FunnelQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: FUNNEL_GROUPINGS, default: 'channel' })
  @IsOptional()
  @IsIn(FUNNEL_GROUPINGS)
  groupBy?: FunnelGrouping;
}

export class SlaQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: ['summary', 'breaches'], default: 'summary', description: 'What the CSV holds: the shares, or every breach' })
  @IsOptional()
  @IsIn(['summary', 'breaches'])
  part?: 'summary' | 'breaches';

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100, description: 'Breaches listed in the JSON answer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'breachesNextCursor of the previous answer' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class FunnelRow {
  @ApiProperty({ nullable: true, type: String, description: 'Group key (channel, campaign, id, or YYYY-MM-DD / YYYY-MM); null: none' }) key: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Name of the source, operator, doctor or branch; for leads without a campaign, their channel' })
  label: string | null;
  @ApiPropertyOptional({
    description: 'groupBy=campaign: the channel whose leads without a campaign (and whose channel-wide spend) this row holds; key is null',
  })
  channel?: string;
  @ApiProperty() leads: number;
  @ApiProperty() contacted: number;
  @ApiProperty() contactedWithinSla: number;
  @ApiProperty() booked: number;
  @ApiProperty() visited: number;
  @ApiProperty({ description: 'Leads whose patient completed another visit within the repeat window' }) repeat: number;
  @ApiProperty({ ...nullableNumber, description: 'contacted / leads' }) contactRate: number | null;
  @ApiProperty({ ...nullableNumber, description: 'contacted within SLA / leads' }) slaRate: number | null;
  @ApiProperty({ ...nullableNumber, description: 'booked / leads' }) bookingRate: number | null;
  @ApiProperty({ ...nullableNumber, description: 'visited / leads' }) visitRate: number | null;
  @ApiProperty({ ...nullableNumber, description: 'repeat / leads' }) repeatRate: number | null;
  @ApiProperty({ ...nullableNumber, description: 'visited / booked' }) showRate: number | null;
  @ApiProperty({ ...nullableNumber, description: 'repeat / visited' }) returnRate: number | null;
  @ApiProperty({ ...nullableNumber, description: 'Seconds from arrival to first contact, median' }) medianFirstContactSec: number | null;
  @ApiProperty({ ...nullableNumber, description: 'Seconds from arrival to first contact, 90th percentile' }) p90FirstContactSec: number | null;
  @ApiProperty({ description: 'Price of completed visits from these leads' }) revenue: number;
  @ApiProperty({ ...nullableNumber, description: 'Prorated marketing spend; null where spend cannot be attributed' }) spend: number | null;
  @ApiProperty(nullableNumber) cpl: number | null;
  @ApiProperty(nullableNumber) costPerBooking: number | null;
  @ApiProperty(nullableNumber) costPerVisit: number | null;
  @ApiProperty({ ...nullableNumber, description: '(revenue - spend) / spend' }) romi: number | null;
}

export class FunnelReport {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: FUNNEL_GROUPINGS }) groupBy: FunnelGrouping;
  @ApiProperty({ nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ example: 'RUB', description: "The clinic's currency: revenue, spend and costs are in it" }) currency: string;
  @ApiProperty() repeatWindowDays: number;
  @ApiProperty({ type: [FunnelRow] }) data: FunnelRow[];
  @ApiProperty({ type: FunnelRow }) total: FunnelRow;
}

export class OperatorScorecard {
  @ApiProperty({ format: 'uuid' }) operatorId: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ description: 'Leads of the period assigned to the operator' }) leadsHandled: number;
  @ApiProperty() contacted: number;
  @ApiProperty() contactedWithinSla: number;
  @ApiProperty({ ...nullableNumber, description: 'contacted within SLA / leads handled' }) slaRate: number | null;
  @ApiProperty(nullableNumber) medianFirstContactSec: number | null;
  @ApiProperty({ description: 'Calls made or taken in the period' }) calls: number;
  @ApiProperty() answeredCalls: number;
  @ApiProperty({ description: 'Leads handled that got an appointment' }) bookedLeads: number;
  @ApiProperty({ ...nullableNumber, description: 'booked leads / leads handled' }) bookingRate: number | null;
  @ApiProperty({ description: 'Appointments the operator booked in the period' }) bookings: number;
  @ApiProperty({ description: 'Of those, arrived or completed' }) visited: number;
  @ApiProperty() noShows: number;
  @ApiProperty() cancelled: number;
  @ApiProperty({ ...nullableNumber, description: 'visited / (visited + no-shows): bookings whose outcome is known' }) showRate: number | null;
  @ApiProperty({ ...nullableNumber, description: 'no-shows / (visited + no-shows)' }) noShowRate: number | null;
  @ApiProperty({ ...nullableNumber, description: 'cancelled / bookings' }) cancellationRate: number | null;
  @ApiProperty({ description: 'Visits booked by the operator after which the patient completed another visit within the window' }) repeat: number;
  @ApiProperty({ ...nullableNumber, description: 'repeat / visited' }) repeatRate: number | null;
  @ApiProperty({ description: 'Callbacks due in the period (and by now)' }) callbacksDue: number;
  @ApiProperty() callbacksDone: number;
  @ApiProperty() callbacksOnTime: number;
  @ApiProperty({ ...nullableNumber, description: 'callbacks on time / callbacks due' }) callbacksOnTimeRate: number | null;
  @ApiProperty({ description: 'Calls of the period a manager reviewed' }) callsReviewed: number;
  @ApiProperty({ ...nullableNumber, description: 'Average review score of those calls, 0-100' }) averageReviewScore: number | null;
}

export class OperatorsReport {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, type: String }) branchId: string | null;
  @ApiProperty() repeatWindowDays: number;
  @ApiProperty({ description: 'Minutes after the due time a callback still counts as on time' }) callbackGraceMinutes: number;
  @ApiProperty({ type: [OperatorScorecard] }) data: OperatorScorecard[];
}

export class DoctorScorecard {
  @ApiProperty({ format: 'uuid' }) doctorId: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ description: 'Appointments starting in the period' }) appointments: number;
  @ApiProperty({ description: 'Arrived or completed' }) visits: number;
  @ApiProperty() completed: number;
  @ApiProperty() noShows: number;
  @ApiProperty() cancellations: number;
  @ApiProperty({ ...nullableNumber, description: 'no-shows / (visits + no-shows)' }) noShowRate: number | null;
  @ApiProperty({ ...nullableNumber, description: 'cancellations / appointments' }) cancellationRate: number | null;
  @ApiProperty({ description: 'Price of completed visits' }) revenue: number;
  @ApiProperty({ description: 'Distinct patients seen' }) patients: number;
  @ApiProperty({ description: 'Of those, who completed another visit within the window after a visit here' }) repeatPatients: number;
  @ApiProperty({ ...nullableNumber, description: 'repeat patients / patients' }) repeatRate: number | null;
  @ApiProperty({ description: 'Patients’ ratings received in the period (feedback requests after visits)' }) ratings: number;
  @ApiProperty({ ...nullableNumber, description: 'Their average, 1-5' }) averageRating: number | null;
}

export class DoctorsReport {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ example: 'RUB', description: "The clinic's currency: revenue is in it" }) currency: string;
  @ApiProperty() repeatWindowDays: number;
  @ApiProperty({ type: [DoctorScorecard] }) data: DoctorScorecard[];
}

export class RepeatCohort {
  @ApiProperty({ example: '2025-03', description: 'Month of the first completed visit (branch time zone)' }) cohort: string;
  @ApiProperty({ nullable: true, type: String, description: 'Channel of the patient’s first lead; null: no lead (or the all-channels row)' }) channel:
    string | null;
  @ApiProperty({ description: 'true: the row sums every channel of the cohort' }) allChannels: boolean;
  @ApiProperty() patients: number;
  @ApiProperty() returned30: number;
  @ApiProperty() returned90: number;
  @ApiProperty() returned180: number;
  @ApiProperty(nullableNumber) share30: number | null;
  @ApiProperty(nullableNumber) share90: number | null;
  @ApiProperty(nullableNumber) share180: number | null;
  @ApiProperty({ description: 'Every patient of the cohort has had the full 30/90/180 days (later shares can still grow otherwise)' }) complete30: boolean;
  @ApiProperty() complete90: boolean;
  @ApiProperty() complete180: boolean;
}

export class RepeatVisitsReport {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ type: [RepeatCohort] }) data: RepeatCohort[];
}

export class SlaRow {
  @ApiProperty({ nullable: true, type: String, description: 'Channel, operator id or local hour (0-23); null: none' }) key: string | null;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty() leads: number;
  @ApiProperty() contacted: number;
  @ApiProperty() contactedWithinSla: number;
  @ApiProperty({ ...nullableNumber, description: 'contacted within SLA / leads' }) slaRate: number | null;
  @ApiProperty(nullableNumber) medianFirstContactSec: number | null;
  @ApiProperty(nullableNumber) p90FirstContactSec: number | null;
}

export class SlaBreach {
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty() channel: string;
  @ApiProperty({ nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ nullable: true, type: String }) operatorId: string | null;
  @ApiProperty({ nullable: true, type: String }) operatorName: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() slaDueAt: Date;
  @ApiProperty({ nullable: true, type: Date }) firstContactAt: Date | null;
  @ApiProperty({ description: 'Seconds past the deadline at first contact, or until now when never contacted' }) overdueSec: number;
}

export class SlaReport {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ type: SlaRow }) total: SlaRow;
  @ApiProperty({ type: [SlaRow] }) byChannel: SlaRow[];
  @ApiProperty({ type: [SlaRow], description: 'By local hour of arrival' }) byHour: SlaRow[];
  @ApiProperty({ type: [SlaRow] }) byOperator: SlaRow[];
  @ApiProperty({ type: [SlaBreach], description: 'Oldest first' }) breaches: SlaBreach[];
  @ApiProperty() breachesTotal: number;
  @ApiProperty({ nullable: true, type: String }) breachesNextCursor: string | null;
}
