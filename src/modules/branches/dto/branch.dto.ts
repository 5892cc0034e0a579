import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { trim } from '../../../common/http/transforms.js';
import { IsTimeZone } from '../../../common/time/time-zone.js';

const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;

export class OpeningHoursDto {
  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO weekdays, 1 = Monday … 7 = Sunday' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays: number[];

  @ApiProperty({ example: '09:00' })
  @Matches(HH_MM, { message: 'start must be HH:MM' })
  start: string;

  @ApiProperty({ example: '21:00' })
  @Matches(HH_MM, { message: 'end must be HH:MM' })
  end: string;
}

export class CreateBranchDto {
  @ApiProperty({ example: 'Clinic on Lenina' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Lenina st. 1, Yekaterinburg' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ example: '+73432000000' })
  @IsOptional()
  @Matches(/^\+[1-9][0-9]{6,14}$/, { message: 'phone must be in E.164 form, e.g. +73432000000' })
  phone?: string;

  @ApiProperty({ example: 'Asia/Yekaterinburg' })
  @IsTimeZone()
  timezone: string;

  @ApiPropertyOptional({ type: [OpeningHoursDto], description: 'When the call center answers; empty = around the clock' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => OpeningHoursDto)
  callCenterHours?: OpeningHoursDto[];
}

export class UpdateBranchDto extends PartialType(CreateBranchDto) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class BranchView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() timezone: string;
  @ApiProperty({ type: [OpeningHoursDto] }) callCenterHours: OpeningHoursDto[];
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
}

export class BranchList {
  @ApiProperty({ type: [BranchView] }) data: BranchView[];
}

/** What patients see of a branch (the online-booking widget): where it is and how to reach it. */
export class PublicBranchView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ description: 'IANA time zone: times of its slots are local to it' }) timezone: string;
}

export class PublicBranchList {
  @ApiProperty({ type: [PublicBranchView] }) data: PublicBranchView[];
}
