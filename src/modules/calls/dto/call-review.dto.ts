import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { trim } from '../../../common/http/transforms.js';

export class ReviewCallDto {
  @ApiProperty({ type: [Boolean], description: 'For each point of the clinic’s checklist (settings.callReviewChecklist), in order: was it met' })
  @IsArray()
  @ArrayMaxSize(15)
  @IsBoolean({ each: true })
  met: boolean[];

  @ApiPropertyOptional({ description: 'What the operator should hear about the call' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ChecklistPointView {
  @ApiProperty() point: string;
  @ApiProperty() met: boolean;
}

export class CallReviewView {
  @ApiProperty({ format: 'uuid' }) callId: string;
  @ApiProperty({ format: 'uuid' }) operatorId: string;
  @ApiProperty({ format: 'uuid' }) reviewerId: string;
  @ApiProperty({ type: [ChecklistPointView], description: 'The checklist as it was when the call was reviewed' }) checklist: ChecklistPointView[];
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Share of the points met, in per cent' }) score: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() updatedAt: Date;
}
