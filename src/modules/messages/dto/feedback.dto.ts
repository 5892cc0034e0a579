import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsInstant } from '../../../common/http/instant.js';
import { PageQuery } from '../../../common/http/pagination.js';
import { trim } from '../../../common/http/transforms.js';

export class FeedbackView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) appointmentId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid' }) doctorId: string;
  @ApiProperty({ format: 'uuid' }) branchId: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty({ nullable: true, type: String, description: 'null for a restricted or erased person' }) comment: string | null;
  @ApiProperty() receivedAt: Date;
  @ApiProperty({ nullable: true, enum: ['open', 'done'], description: 'A low rating is a task for the manager until its follow-up is recorded' }) followUp:
    'open' | 'done' | null;
  @ApiProperty({ nullable: true, type: String }) followUpNote: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) followUpBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) followUpAt: Date | null;
  @ApiProperty() restricted: boolean;
}

export class FeedbackPage {
  @ApiProperty({ type: [FeedbackView] }) data: FeedbackView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListFeedbackQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  doctorId?: string;

  @ApiPropertyOptional({ enum: ['open', 'done'], description: 'open: low ratings still waiting for the manager' })
  @IsOptional()
  @IsIn(['open', 'done'])
  followUp?: 'open' | 'done';

  @ApiPropertyOptional()
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class FollowUpDto {
  @ApiPropertyOptional({ example: 'Called the patient, apologised, offered a free follow-up visit' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}
