import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEmail, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { trim } from '../../../common/http/transforms.js';
import { ConsentAcceptanceDto, UtmDto } from './web-form.dto.js';

export class OnlinePatientDto {
  @ApiProperty({ example: 'Ivanova' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName: string;

  @ApiProperty({ example: 'Anna' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName: string;

  @ApiProperty({ example: '+79123456789' })
  @IsString()
  @MaxLength(40)
  phone: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class OnlineBookingDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  doctorId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  serviceId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  branchId: string;

  @ApiProperty({ description: 'A slot from GET /public/availability' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiProperty({ type: OnlinePatientDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => OnlinePatientDto)
  patient: OnlinePatientDto;

  @ApiProperty({ type: ConsentAcceptanceDto })
  @ValidateNested()
  @Type(() => ConsentAcceptanceDto)
  consent: ConsentAcceptanceDto;

  @ApiPropertyOptional({ type: ConsentAcceptanceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentAcceptanceDto)
  marketingConsent?: ConsentAcceptanceDto;

  @ApiPropertyOptional({ type: UtmDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UtmDto)
  utm?: UtmDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  pageUrl?: string;

  @ApiPropertyOptional({ description: 'What the patient wrote for the clinic' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class OnlineBookingView {
  @ApiProperty({ format: 'uuid' }) appointmentId: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ example: 'scheduled' }) status: string;
  @ApiPropertyOptional({ description: 'Withdraws the consent without signing in; give it to the person once' }) consentWithdrawalToken?: string;
}
