import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { trim } from '../../../common/http/transforms.js';
import { CONSENT_KINDS, type ConsentKind } from '../consent-document.rules.js';

const trimList = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value);

export class CreateConsentDocumentDto {
  @ApiProperty({ enum: CONSENT_KINDS, description: 'Marketing consent is always a document of its own' })
  @IsIn(CONSENT_KINDS)
  kind: ConsentKind;

  @ApiProperty({ example: '2026-01' })
  @IsString()
  @Matches(/^[0-9A-Za-z._-]{1,40}$/)
  version: string;

  @ApiProperty()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ description: 'The exact text the person agrees to; its SHA-256 is stored on publication' })
  @IsString()
  @MaxLength(200000)
  body: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  operatorName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  operatorAddress?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(trimList)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  purposes?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(trimList)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  dataCategories?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Processing actions: collection, recording, storage…' })
  @IsOptional()
  @Transform(trimList)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  actions?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Who receives the data, if anyone' })
  @IsOptional()
  @Transform(trimList)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  recipients?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  retention?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  withdrawalMethod?: string;
}

export class UpdateConsentDocumentDto extends PartialType(OmitType(CreateConsentDocumentDto, ['kind'] as const)) {}

export class ListConsentDocumentsQuery {
  @ApiPropertyOptional({ enum: CONSENT_KINDS })
  @IsOptional()
  @IsIn(CONSENT_KINDS)
  kind?: ConsentKind;
}

export class CurrentConsentDocumentQuery {
  @ApiProperty({ enum: CONSENT_KINDS })
  @IsIn(CONSENT_KINDS)
  kind: ConsentKind;
}

export class PublicConsentDocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CONSENT_KINDS }) kind: ConsentKind;
  @ApiProperty() version: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: 'Hex SHA-256 of body (UTF-8)' }) sha256: string;
  @ApiProperty() publishedAt: Date;
  @ApiProperty() operatorName: string;
  @ApiProperty() operatorAddress: string;
  @ApiProperty({ type: [String] }) purposes: string[];
  @ApiProperty({ type: [String] }) dataCategories: string[];
  @ApiProperty({ type: [String] }) actions: string[];
  @ApiProperty({ type: [String] }) recipients: string[];
  @ApiProperty() retention: string;
  @ApiProperty() withdrawalMethod: string;
}

export class ConsentDocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CONSENT_KINDS }) kind: ConsentKind;
  @ApiProperty() version: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: String }) operatorName: string | null;
  @ApiProperty({ nullable: true, type: String }) operatorAddress: string | null;
  @ApiProperty({ type: [String] }) purposes: string[];
  @ApiProperty({ type: [String] }) dataCategories: string[];
  @ApiProperty({ type: [String] }) actions: string[];
  @ApiProperty({ type: [String] }) recipients: string[];
  @ApiProperty({ nullable: true, type: String }) retention: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawalMethod: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set on publication' }) sha256: string | null;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty({ enum: ['draft', 'current', 'superseded'] }) status: 'draft' | 'current' | 'superseded';
  @ApiProperty() createdAt: Date;
}

export class ConsentDocumentList {
  @ApiProperty({ type: [ConsentDocumentView] }) data: ConsentDocumentView[];
}
