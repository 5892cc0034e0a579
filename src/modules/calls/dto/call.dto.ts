import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination.js';
import { trim } from '../../../common/http/transforms.js';
import { CALL_DIRECTIONS, CALL_OUTCOMES, type CallDirection, type CallOutcome } from '../call-outcomes.js';
import { IsInstantDate } from '../../../common/http/instant.js';

/** What an operator records about a call they made or took. */
export class CreateCallDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The lead the call was about (operators: a lead they hold)' })
  @IsOptional()
  @IsUUID()
  leadId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The patient called; taken from the lead when leadId is given' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiProperty({ enum: CALL_DIRECTIONS })
  @IsIn(CALL_DIRECTIONS)
  direction: CallDirection;

  @ApiPropertyOptional({ example: '+79123456789', description: "The other party's number; the lead's or patient's phone when omitted" })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiProperty({ type: String, format: 'date-time' })
  @IsInstantDate()
  startedAt: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Absent: nobody answered' })
  @IsOptional()
  @IsInstantDate()
  answeredAt?: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @IsInstantDate()
  endedAt: Date;

  @ApiProperty({ enum: CALL_OUTCOMES })
  @IsIn(CALL_OUTCOMES)
  outcome: CallOutcome;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Required for callback_requested: when to call back' })
  @IsOptional()
  @IsInstantDate()
  callbackAt?: Date;

  @ApiPropertyOptional({ description: 'Required for declined: why the person declined (kept as the lead’s lost reason)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  lostReason?: string;

  @ApiPropertyOptional({ example: 'https://pbx.clinic.example/rec/123.mp3' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  recordingUrl?: string;
}

/** The outcome of a call the PBX reported (it knows the times, not what was said). */
export class RecordCallOutcomeDto {
  @ApiProperty({ enum: CALL_OUTCOMES })
  @IsIn(CALL_OUTCOMES)
  outcome: CallOutcome;

  @ApiPropertyOptional({ format: 'uuid', description: 'Link the call to this lead (when the PBX could not tell)' })
  @IsOptional()
  @IsUUID()
  leadId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Required for callback_requested' })
  @IsOptional()
  @IsInstantDate()
  callbackAt?: Date;

  @ApiPropertyOptional({ description: 'Required for declined' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  lostReason?: string;
}

export class ListCallsQuery extends PageQuery {
  @ApiPropertyOptional({ description: "An operator's id, or `me`" })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(36)
  operator?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  lead?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patient?: string;

  @ApiPropertyOptional({ description: 'One outcome or several, comma-separated; `none` for calls without one', example: 'no_answer,busy' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsIn([...CALL_OUTCOMES, 'none'], { each: true })
  outcome?: (CallOutcome | 'none')[];

  @ApiPropertyOptional({ description: 'Started at or after (ISO-8601)' })
  @IsOptional()
  @IsInstantDate()
  from?: Date;

  @ApiPropertyOptional({ description: 'Started before (ISO-8601)' })
  @IsOptional()
  @IsInstantDate()
  to?: Date;
}

export class CallView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) patientId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) operatorId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The telephony source that reported the call' }) sourceId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The PBX's call id" }) externalCallId: string | null;
  @ApiProperty({ enum: CALL_DIRECTIONS }) direction: CallDirection;
  @ApiProperty({ nullable: true, type: String, description: 'Null for a hidden number, once erased, or for restricted persons (operators)' }) phone:
    string | null;
  @ApiProperty({ nullable: true, type: String }) extension: string | null;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) answeredAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Null while the call goes on' }) endedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number }) durationSec: number | null;
  @ApiProperty({ description: 'Ended without being answered' }) missed: boolean;
  @ApiProperty({ enum: CALL_OUTCOMES, nullable: true, type: String }) outcome: CallOutcome | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) recordingUrl: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The callback this call scheduled' }) callbackId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'A manager’s review score, 0-100 (GET /calls/:id/review has the checklist); null until reviewed' })
  reviewScore: number | null;
  @ApiProperty() createdAt: Date;
}

export class CallPage {
  @ApiProperty({ type: [CallView] }) data: CallView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
