import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsOptionalNotNull, trim } from '../../../common/http/transforms.js';
import { TEMPLATE_PURPOSES, type TemplatePurpose } from '../message-types.js';
import { LANGUAGES, type Language, PLACEHOLDERS } from '../templates.js';

const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export class BranchMessagingView {
  @ApiProperty({ format: 'uuid' }) branchId: string;
  @ApiProperty({ nullable: true, type: String, description: 'The clinic’s name as patients see it in messages; null: the branch name' }) clinicName:
    string | null;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ description: 'Send a confirmation right after a booking' }) confirmations: boolean;
  @ApiProperty({ type: [Number], example: [1440, 120], description: 'Reminders, in minutes before the visit; whole days are counted on the local calendar' })
  reminderOffsetsMin: number[];
  @ApiProperty({ example: '21:00', description: 'From this local time no reminders, feedback requests or recalls go out' }) quietStart: string;
  @ApiProperty({ example: '09:00', description: 'Until this local time' }) quietEnd: string;
  @ApiProperty({ description: 'Ask for feedback after completed visits' }) feedbackRequests: boolean;
  @ApiProperty({ description: 'How long after the visit is completed the feedback request goes' }) feedbackDelayMin: number;
  @ApiProperty({ description: 'A rating at or below this makes a follow-up task for the manager' }) lowRatingMax: number;
  @ApiProperty({ description: 'The branch’s time zone, in which the hours above are read' }) timezone: string;
}

export class UpdateBranchMessagingDto {
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  clinicName?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptionalNotNull()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  confirmations?: boolean;

  @ApiPropertyOptional({ type: [Number], example: [1440, 120], description: '0 to 5 offsets, each from 15 minutes to 14 days' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(15, { each: true })
  @Max(20160, { each: true })
  reminderOffsetsMin?: number[];

  @ApiPropertyOptional({ example: '21:00' })
  @IsOptionalNotNull()
  @Matches(HH_MM, { message: 'quietStart must be HH:MM' })
  quietStart?: string;

  @ApiPropertyOptional({ example: '09:00' })
  @IsOptionalNotNull()
  @Matches(HH_MM, { message: 'quietEnd must be HH:MM' })
  quietEnd?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  feedbackRequests?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 10080 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(10080)
  feedbackDelayMin?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(5)
  lowRatingMax?: number;
}

export class TemplatesQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'A branch’s templates with the clinic-wide ones' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}

export class PutTemplateDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Left out or null: the clinic-wide template' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsUUID()
  branchId?: string | null;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  language: Language;

  @ApiProperty({ enum: TEMPLATE_PURPOSES })
  @IsIn(TEMPLATE_PURPOSES)
  purpose: TemplatePurpose;

  @ApiProperty({
    description: `The text, with placeholders in braces: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
    example: '{clinic}: see you on {date} at {time}. {answerHint}',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  body: string;
}

export class TemplateView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for the built-in default' }) id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ enum: TEMPLATE_PURPOSES }) purpose: TemplatePurpose;
  @ApiProperty() body: string;
  @ApiProperty({ description: 'Built in: used until the clinic saves its own' }) builtIn: boolean;
}

export class TemplateList {
  @ApiProperty({ type: [TemplateView] }) data: TemplateView[];
}

export class ServiceIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  serviceId: string;
}

export class PutRecallRuleDto {
  @ApiProperty({ minimum: 7, maximum: 3650, example: 180, description: 'Days after a completed visit of the service when the patient is due back' })
  @Type(() => Number)
  @IsInt()
  @Min(7)
  @Max(3650)
  intervalDays: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 90,
    default: 7,
    description: 'Days to wait for an answer or a booking before the patient goes to the operators’ queue',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(90)
  followUpDays?: number;
}

export class RecallRuleView {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty() intervalDays: number;
  @ApiProperty() followUpDays: number;
  @ApiProperty() updatedAt: Date;
}

export class RecallRuleList {
  @ApiProperty({ type: [RecallRuleView] }) data: RecallRuleView[];
}
