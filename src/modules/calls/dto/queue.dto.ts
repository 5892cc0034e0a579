import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CONSENT_STATUSES, type ConsentStatus, LEAD_CHANNELS, LEAD_STATUSES, type LeadChannel, type LeadStatus } from '../../leads/lead-lifecycle.js';

export class WorkQueueQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class QueueLead {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: LEAD_STATUSES }) status: LeadStatus;
  @ApiProperty({ enum: LEAD_CHANNELS }) channel: LeadChannel;
  @ApiProperty({ nullable: true, type: String, description: 'UTM source of the inquiry, e.g. yandex' }) utmSource: string | null;
  @ApiProperty({ nullable: true, type: String }) utmCampaign: string | null;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ enum: CONSENT_STATUSES, description: 'pending: obtain consent to personal-data processing (verbal consent on the call)' })
  consentStatus: ConsentStatus;
  @ApiProperty({ nullable: true, type: String }) assignedOperatorId: string | null;
  @ApiProperty() slaDueAt: Date;
  @ApiProperty() slaBreached: boolean;
  @ApiProperty({ nullable: true, type: Date }) firstContactAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class QueueCallback {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() dueAt: Date;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class QueueItem {
  @ApiProperty({ enum: ['lead', 'callback'] }) kind: 'lead' | 'callback';
  @ApiProperty({
    description: 'claimed: the operator’s own lead; available: in the queue, claim it first; callback: a promised call',
    enum: ['claimed', 'available', 'callback'],
  })
  reason: 'claimed' | 'available' | 'callback';
  @ApiProperty({ nullable: true, type: Date, description: 'The deadline this item is ordered by: first-contact deadline or callback time' }) dueAt: Date | null;
  @ApiProperty({ type: QueueLead }) lead: QueueLead;
  @ApiPropertyOptional({ type: QueueCallback }) callback?: QueueCallback;
}

export class WorkQueue {
  @ApiProperty({ type: [QueueItem], description: 'Most urgent first' }) data: QueueItem[];
}
