import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination.js';
import { trim } from '../../../common/http/transforms.js';
import { LEAD_CHANNELS, type LeadChannel } from '../../leads/lead-lifecycle.js';

export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: '$property must be a date as YYYY-MM-DD' };

export class CreateMarketingSpendDto {
  @ApiProperty({ enum: LEAD_CHANNELS, example: 'context_ads' })
  @IsIn(LEAD_CHANNELS)
  channel: LeadChannel;

  @ApiPropertyOptional({ example: 'implants-autumn', description: 'utm_campaign the money went to; none: the whole channel' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  campaign?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Spent for one branch; none: clinic-wide' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiProperty({ example: '2025-10-01', description: 'First day (local date, inclusive)' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  periodStart: string;

  @ApiProperty({ example: '2025-10-31', description: 'Last day (local date, inclusive)' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  periodEnd: string;

  @ApiProperty({ example: 150000, minimum: 0 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(999_999_999_999)
  amount: number;

  @ApiPropertyOptional({ example: 'RUB', description: "The clinic's currency (settings.currency), the default; any other is refused with 422" })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as RUB' })
  currency?: string;
}

export class UpdateMarketingSpendDto extends PartialType(CreateMarketingSpendDto) {}

export class ListMarketingSpendQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LEAD_CHANNELS })
  @IsOptional()
  @IsIn(LEAD_CHANNELS)
  channel?: LeadChannel;

  @ApiPropertyOptional({ example: '2025-01-01', description: 'Entries that end on or after this date' })
  @IsOptional()
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2025-12-31', description: 'Entries that start on or before this date' })
  @IsOptional()
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  to?: string;
}

export class MarketingSpendView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: LEAD_CHANNELS }) channel: LeadChannel;
  @ApiProperty({ nullable: true, type: String }) campaign: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ example: '2025-10-01' }) periodStart: string;
  @ApiProperty({ example: '2025-10-31' }) periodEnd: string;
  @ApiProperty() @Type(() => Number) amount: number;
  @ApiProperty() currency: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class MarketingSpendPage {
  @ApiProperty({ type: [MarketingSpendView] }) data: MarketingSpendView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
