import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { trim } from '../../../common/http/transforms.js';

export class ConsentAcceptanceDto {
  @ApiProperty({ format: 'uuid', description: 'The consent document version shown next to the checkbox' })
  @IsUUID()
  documentId: string;

  @ApiProperty({ description: 'The person ticked the checkbox' })
  @IsBoolean()
  accepted: boolean;
}

export class UtmDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) source?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) medium?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) campaign?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) content?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) term?: string;
}

export class WebFormDto {
  @ApiPropertyOptional({
    example: 'Иванова Анна Сергеевна',
    description: 'The full name in one field, stored as written; required unless the form sends firstName (and lastName) apart',
  })
  @ValidateIf((o: WebFormDto) => o.firstName === undefined && o.lastName === undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'Иванова', description: 'For forms that ask for the name parts apart' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName?: string;

  @ApiPropertyOptional({ example: 'Анна' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName?: string;

  @ApiPropertyOptional({ example: 'Сергеевна' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  middleName?: string;

  @ApiProperty({ example: '8 (912) 345-67-89' })
  @IsString()
  @MaxLength(40)
  phone: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  message?: string;

  @ApiProperty({ type: ConsentAcceptanceDto, description: 'Consent to personal-data processing: required' })
  @ValidateNested()
  @Type(() => ConsentAcceptanceDto)
  consent: ConsentAcceptanceDto;

  @ApiPropertyOptional({ type: ConsentAcceptanceDto, description: 'Separate, optional consent to marketing messages' })
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

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  referrer?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  requestedServiceId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  requestedDoctorId?: string;

  @ApiPropertyOptional({ description: 'Your own id of this submission: the same id twice gives one lead' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  externalId?: string;
}

export class IntakeAccepted {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'new' }) status: string;
  @ApiPropertyOptional({ description: 'Withdraws this consent without signing in (POST /public/consents/withdraw); give it to the person once' })
  consentWithdrawalToken?: string;
}
