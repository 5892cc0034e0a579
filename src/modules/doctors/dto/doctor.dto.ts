import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../common/http/pagination.js';
import { toBoolean, trim } from '../../../common/http/transforms.js';

export class DoctorServiceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  serviceId: string;

  @ApiPropertyOptional({ description: 'This doctor’s price; the service price when unset' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(9_999_999_999)
  price?: number;

  @ApiPropertyOptional({ description: 'This doctor’s duration in minutes; the service duration when unset' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(720)
  durationMin?: number;
}

class DoctorProfileDto {
  @ApiPropertyOptional({ example: 'Highest category' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  qualification?: string;

  @ApiPropertyOptional({ example: 2008 })
  @IsOptional()
  @IsInt()
  @Min(1940)
  @Max(2100)
  practicingSince?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  education?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  licenseNumber?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  bio?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  photoUrl?: string;
}

export class CreateDoctorDto extends DoctorProfileDto {
  @ApiProperty({ example: 'Irina Sokolova' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  specialtyIds: string[];

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  branchIds: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Services the doctor provides; every active service of the doctor’s specialties when omitted',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  serviceIds?: string[];
}

export class UpdateDoctorDto extends DoctorProfileDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  specialtyIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  branchIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Replaces the set; price and duration overrides of kept services stay' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  serviceIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ReplaceDoctorServicesDto {
  @ApiProperty({ type: [DoctorServiceDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => DoctorServiceDto)
  services: DoctorServiceDto[];
}

export class ListDoctorsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  specialtyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;
}

export class DoctorServiceView {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Override; null = the service price' }) price: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Override; null = the service duration' }) durationMin: number | null;
}

export class DoctorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: [String] }) specialtyIds: string[];
  @ApiProperty({ type: [String] }) branchIds: string[];
  @ApiProperty({ type: [DoctorServiceView] }) services: DoctorServiceView[];
  @ApiProperty({ nullable: true, type: String }) qualification: string | null;
  @ApiProperty({ nullable: true, type: Number }) practicingSince: number | null;
  @ApiProperty({ nullable: true, type: String }) education: string | null;
  @ApiProperty({ nullable: true, type: String }) licenseNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) bio: string | null;
  @ApiProperty({ nullable: true, type: String }) photoUrl: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
}

export class DoctorPage {
  @ApiProperty({ type: [DoctorView] }) data: DoctorView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class PublicDoctorsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  specialtyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;
}

class NamedRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class PublicDoctorServiceView {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'What this doctor charges' }) price: number;
  @ApiProperty() currency: string;
  @ApiProperty() durationMin: number;
}

/** A doctor's public profile: what a clinic's website shows. */
export class PublicDoctorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: [NamedRef] }) specialties: NamedRef[];
  @ApiProperty({ type: [String] }) branchIds: string[];
  @ApiProperty({ type: [PublicDoctorServiceView] }) services: PublicDoctorServiceView[];
  @ApiProperty({ nullable: true, type: String }) qualification: string | null;
  @ApiProperty({ nullable: true, type: Number }) practicingSince: number | null;
  @ApiProperty({ nullable: true, type: String }) education: string | null;
  @ApiProperty({ nullable: true, type: String }) licenseNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) bio: string | null;
  @ApiProperty({ nullable: true, type: String }) photoUrl: string | null;
}

export class PublicDoctorList {
  @ApiProperty({ type: [PublicDoctorView] }) data: PublicDoctorView[];
}

export class PublicServiceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: NamedRef }) specialty: NamedRef;
  @ApiProperty() durationMin: number;
  @ApiProperty() price: number;
  @ApiProperty() currency: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
}

export class PublicServiceList {
  @ApiProperty({ type: [PublicServiceView] }) data: PublicServiceView[];
}

export class PublicServicesQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  specialtyId?: string;
}
