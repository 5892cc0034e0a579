import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../../common/http/transforms.js';
import { ASSIGNMENT_STRATEGIES, type AssignmentStrategy } from '../assignment-strategy.js';

/** ISO 4217 codes this runtime knows. */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency');

export class ClinicSettings {
  @ApiProperty({ enum: ASSIGNMENT_STRATEGIES, description: 'broadcast: every available operator sees a new lead and the first claim wins' })
  assignmentStrategy: AssignmentStrategy;

  @ApiProperty({ description: 'First-contact target, in minutes of call-center open time', minimum: 1, maximum: 1440 })
  firstContactSlaMinutes: number;

  @ApiProperty({ description: 'How long an operator may be offline before their untouched leads return to the queue', minimum: 0 })
  offlineGraceSec: number;

  @ApiProperty({ description: 'Messages from the same messenger user within this many minutes extend their open lead' })
  messengerLeadWindowMin: number;

  @ApiProperty({ description: 'A repeat visit is another completed visit within this many days' })
  repeatVisitWindowDays: number;

  @ApiProperty({ description: 'A patient can be marked as arrived from this many minutes before the start, on the day of the visit', minimum: 0, maximum: 720 })
  arrivalLeadMinutes: number;

  @ApiProperty({ type: [String], description: 'What a good call does: the checklist managers score operators’ calls against' })
  callReviewChecklist: string[];

  @ApiProperty({
    example: 'RUB',
    description: 'ISO 4217 code of the money the clinic keeps its accounts in: marketing spend is entered in it, reports show it',
  })
  currency: string;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STRATEGIES })
  @IsOptionalNotNull()
  @IsIn(ASSIGNMENT_STRATEGIES)
  assignmentStrategy?: AssignmentStrategy;

  @ApiPropertyOptional({ minimum: 1, maximum: 1440 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1440)
  firstContactSlaMinutes?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 86400 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(86400)
  offlineGraceSec?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 43200 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(43200)
  messengerLeadWindowMin?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(3650)
  repeatVisitWindowDays?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 720 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(720)
  arrivalLeadMinutes?: number;

  @ApiPropertyOptional({ type: [String], maxItems: 15 })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(15)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  callReviewChecklist?: string[];

  @ApiPropertyOptional({ example: 'RUB', description: 'Refused while marketing spend is recorded in another currency' })
  @IsOptionalNotNull()
  @IsIn(CURRENCIES, { message: 'currency must be an ISO 4217 code such as RUB' })
  currency?: string;
}
