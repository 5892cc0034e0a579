import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination.js';
import { trim } from '../../../common/http/transforms.js';

export class CreatePatientDto {
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

  @ApiPropertyOptional({ example: 'Sergeevna' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  middleName?: string;

  @ApiProperty({ example: '+79123456789', description: 'Any common format; stored in E.164' })
  @IsString()
  @MaxLength(40)
  phone: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '1985-04-12' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(10)
  birthDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

export class UpdatePatientDto extends PartialType(CreatePatientDto) {}

export class SearchPatientsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Start of the last name, or of the first name' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Phone in any common format' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;
}

export class PatientView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String }) lastName: string | null;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String }) middleName: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) birthDate: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ description: 'Processing is restricted: hidden from queues, exports and outreach' }) restricted: boolean;
  @ApiProperty({ description: 'Personal data was erased; the record stays for statistics' }) anonymized: boolean;
  @ApiProperty() createdAt: Date;
}

export class PatientPage {
  @ApiProperty({ type: [PatientView] }) data: PatientView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
