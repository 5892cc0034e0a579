import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination.js';
import { IsOptionalNotNull, trim } from '../../../common/http/transforms.js';
import { IsInstantDate } from '../../../common/http/instant.js';

export class CreateCallbackDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'When to call back' })
  @IsInstantDate()
  dueAt: Date;

  @ApiPropertyOptional({ example: 'Asked to call after work, about implants' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Managers: who calls back (default: the lead’s operator, else the creator)' })
  @IsOptional()
  @IsUUID()
  operatorId?: string;
}

/** Complete (`done: true`) or reschedule (`dueAt`); one of them. */
export class UpdateCallbackDto {
  @ApiPropertyOptional({ enum: [true], description: 'The callback was made' })
  @IsOptionalNotNull()
  @Equals(true)
  done?: true;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'A new time; the operator is told again then' })
  @IsOptionalNotNull()
  @IsInstantDate()
  dueAt?: Date;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export const CALLBACK_DUE_FILTERS = ['overdue', 'upcoming', 'open', 'done', 'all'] as const;
export type CallbackDueFilter = (typeof CALLBACK_DUE_FILTERS)[number];

export class ListCallbacksQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CALLBACK_DUE_FILTERS, default: 'open', description: 'overdue: open and past due; upcoming: open and not yet due; open: both' })
  @IsOptional()
  @IsIn(CALLBACK_DUE_FILTERS)
  due?: CallbackDueFilter;

  @ApiPropertyOptional({ description: "Managers: an operator's id, or `me` (operators always see their own)" })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(36)
  operator?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  lead?: string;
}

export class CallbackView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid' }) operatorId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The call in which it was promised' }) callId: string | null;
  @ApiProperty() dueAt: Date;
  @ApiProperty({ nullable: true, type: Date }) doneAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When the operator was told it is due' }) notifiedAt: Date | null;
  @ApiProperty({ description: 'Open and past its time' }) overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty() createdAt: Date;
}

export class CallbackPage {
  @ApiProperty({ type: [CallbackView] }) data: CallbackView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
