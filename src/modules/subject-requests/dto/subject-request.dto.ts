import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination.js';
import { trim } from '../../../common/http/transforms.js';

export const SUBJECT_REQUEST_TYPES = ['access', 'rectification', 'restriction', 'erasure', 'withdrawal'] as const;
export const SUBJECT_REQUEST_STATUSES = ['open', 'completed', 'refused'] as const;

export class CreateSubjectRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patientId: string;

  @ApiProperty({ enum: SUBJECT_REQUEST_TYPES })
  @IsIn(SUBJECT_REQUEST_TYPES)
  type: (typeof SUBJECT_REQUEST_TYPES)[number];

  @ApiProperty({ example: '2026-04-29T10:00:00Z', description: 'When the request reached the clinic; the term starts the next day' })
  @IsISO8601({ strict: true })
  receivedAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ExtendSubjectRequestDto {
  @ApiProperty({ description: 'Why more time is needed; the person is told this reason' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class CompleteSubjectRequestDto {
  @ApiProperty({ enum: ['completed', 'refused'] })
  @IsIn(['completed', 'refused'])
  outcome: 'completed' | 'refused';
}

export class ListSubjectRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SUBJECT_REQUEST_STATUSES })
  @IsOptional()
  @IsIn(SUBJECT_REQUEST_STATUSES)
  status?: (typeof SUBJECT_REQUEST_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;
}

export class SubjectRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ enum: SUBJECT_REQUEST_TYPES }) type: string;
  @ApiProperty({ enum: SUBJECT_REQUEST_STATUSES }) status: string;
  @ApiProperty() receivedAt: Date;
  @ApiProperty({ example: '2026-05-15', description: 'Last day to answer, counted in working days' }) dueAt: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-05-22' }) extendedUntil: string | null;
  @ApiProperty({ nullable: true, type: String }) extensionReason: string | null;
  @ApiProperty({ nullable: true, type: Date }) completedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ description: 'Due within two working days' }) dueSoon: boolean;
}

export class SubjectRequestPage {
  @ApiProperty({ type: [SubjectRequestView] }) data: SubjectRequestView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class NonWorkingDayParam {
  @ApiProperty({ example: '2026-01-02' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @IsISO8601({ strict: true })
  day: string;
}

export class CalendarQuery {
  @ApiProperty({ example: '2026', pattern: '^\\d{4}$' })
  @Matches(/^\d{4}$/)
  year: string;
}

export class PutNonWorkingDayDto {
  @ApiPropertyOptional({ description: 'true: a weekend day made a working day (a transfer); false (default): a weekday off' })
  @IsOptional()
  @IsBoolean()
  working?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  label?: string;
}

export class NonWorkingDayView {
  @ApiProperty({ example: '2026-01-02' }) day: string;
  @ApiProperty() working: boolean;
  @ApiProperty() label: string;
}

export class NonWorkingDayList {
  @ApiProperty({ type: [NonWorkingDayView] }) data: NonWorkingDayView[];
}
