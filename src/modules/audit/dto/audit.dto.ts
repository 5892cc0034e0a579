import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsInstant } from '../../../common/http/instant.js';
import { PageQuery } from '../../../common/http/pagination.js';
import { trim } from '../../../common/http/transforms.js';

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Who acted' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'lead', description: 'What kind of record: lead, patient, appointment, call, staff_user, report…' })
  @IsOptional()
  @Transform(trim)
  @Matches(/^[a-z_]{1,40}$/, { message: 'entity must be a record kind such as lead or patient' })
  entity?: string;

  @ApiPropertyOptional({ description: 'One record' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ example: 'patient.', description: 'An action, or its beginning (patient. gives every action on patients)' })
  @IsOptional()
  @Transform(trim)
  @Matches(/^[a-z_.]{1,60}$/, { message: 'action must be an action name such as patient.viewed, or its beginning' })
  action?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class AuditEventItem {
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty() action: string;
  @ApiProperty() entity: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ type: [String], description: 'Names of the fields read or changed, never their values' }) fields: string[];
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
}

export class AuditEventPage {
  @ApiProperty({ type: [AuditEventItem] }) data: AuditEventItem[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
