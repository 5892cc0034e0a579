import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { EXCEPTION_KINDS, type ExceptionKind } from '../availability.js';

const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class WorkingHoursDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  branchId: string;

  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO weekdays, 1 = Monday … 7 = Sunday' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays: number[];

  @ApiProperty({ example: '09:00', description: 'Local time at the branch' })
  @Matches(HH_MM, { message: 'start must be HH:MM' })
  start: string;

  @ApiProperty({ example: '18:00', description: 'Local time at the branch' })
  @Matches(HH_MM, { message: 'end must be HH:MM' })
  end: string;

  @ApiPropertyOptional({ example: '2027-01-01', description: 'First local date the rule applies' })
  @IsOptional()
  @Matches(DATE, { message: 'validFrom must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  validFrom?: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Last local date the rule applies' })
  @IsOptional()
  @Matches(DATE, { message: 'validTo must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  validTo?: string;
}

export class WorkingHoursView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) branchId: string;
  @ApiProperty({ type: [Number] }) weekdays: number[];
  @ApiProperty() start: string;
  @ApiProperty() end: string;
  @ApiProperty({ nullable: true, type: String }) validFrom: string | null;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
}

export class WorkingHoursList {
  @ApiProperty({ type: [WorkingHoursView] }) data: WorkingHoursView[];
}

export class CreateScheduleExceptionDto {
  @ApiProperty({ enum: EXCEPTION_KINDS, description: 'Time off (day_off, vacation, sick_leave) or extra_hours at a branch' })
  @IsIn(EXCEPTION_KINDS)
  kind: ExceptionKind;

  @ApiProperty({ example: '2027-03-01', description: 'First local date' })
  @Matches(DATE, { message: 'dateFrom must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  dateFrom: string;

  @ApiPropertyOptional({ example: '2027-03-14', description: 'Last local date; dateFrom when unset' })
  @IsOptional()
  @Matches(DATE, { message: 'dateTo must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  dateTo?: string;

  @ApiPropertyOptional({ example: '12:00', description: 'With end: only this part of each day; whole days when unset. Required for extra_hours.' })
  @IsOptional()
  @Matches(HH_MM, { message: 'start must be HH:MM' })
  start?: string;

  @ApiPropertyOptional({ example: '15:00' })
  @IsOptional()
  @Matches(HH_MM, { message: 'end must be HH:MM' })
  end?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for extra_hours; for time off, only this branch (every branch when unset)' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ListScheduleExceptionsQuery {
  @ApiPropertyOptional({ example: '2027-03-01' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2027-03-31' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  to?: string;
}

export class ScheduleExceptionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) doctorId: string;
  @ApiProperty({ enum: EXCEPTION_KINDS }) kind: ExceptionKind;
  @ApiProperty() dateFrom: string;
  @ApiProperty() dateTo: string;
  @ApiProperty({ nullable: true, type: String }) start: string | null;
  @ApiProperty({ nullable: true, type: String }) end: string | null;
  @ApiProperty({ nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() createdAt: Date;
}

export class ScheduleExceptionList {
  @ApiProperty({ type: [ScheduleExceptionView] }) data: ScheduleExceptionView[];
}

export class ScheduleExceptionParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  exceptionId: string;
}
