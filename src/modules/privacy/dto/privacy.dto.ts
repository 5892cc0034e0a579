import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PublicConsentDocumentView } from '../../consents/dto/consent-document.dto.js';

export const RESTRICTION_REASONS = ['consent_withdrawn', 'subject_request', 'accuracy_disputed', 'unlawful_processing', 'other'] as const;
export const ERASURE_REASONS = ['subject_request', 'consent_withdrawn', 'retention_expired', 'other'] as const;

export class RestrictPatientDto {
  @ApiProperty({ enum: RESTRICTION_REASONS })
  @IsIn(RESTRICTION_REASONS)
  reason: (typeof RESTRICTION_REASONS)[number];

  @ApiPropertyOptional({ description: 'Lift a restriction instead of imposing one' })
  @IsOptional()
  @IsBoolean()
  lift?: boolean;
}

export class ErasePatientDto {
  @ApiProperty({ enum: ERASURE_REASONS })
  @IsIn(ERASURE_REASONS)
  reason: (typeof ERASURE_REASONS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'The erasure (or withdrawal) request this answers; it is completed with the erasure' })
  @IsOptional()
  @IsUUID()
  subjectRequestId?: string;

  @ApiPropertyOptional({
    description: 'Erase although records the clinic may have to keep exist (visits: medical records); without it such an erasure answers 409 with the cautions',
  })
  @IsOptional()
  @IsBoolean()
  acknowledgeCautions?: boolean;
}

export class RestrictionView {
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() restricted: boolean;
}

export class ErasureView {
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid' }) destructionLogId: string;
  @ApiProperty() erasedAt: Date;
  @ApiProperty({ description: 'Rows anonymized per table', type: 'object', additionalProperties: { type: 'integer' } }) tables: Record<string, number>;
}

export class AccessLogEntry {
  @ApiProperty() at: Date;
  @ApiProperty() action: string;
  @ApiProperty({ description: 'What was read or changed: patient, lead, appointment, call, callback, consent…' }) entity: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty({ type: [String] }) fields: string[];
}

export class PersonalDataSection {
  @ApiProperty() table: string;
  @ApiProperty() category: string;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) rows: unknown[];
}

export class PatientExportView {
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() generatedAt: Date;
  @ApiProperty({ type: [PublicConsentDocumentView], description: 'Operator, purposes, data categories, actions, recipients and retention' })
  processing: PublicConsentDocumentView[];
  @ApiProperty({ type: [PersonalDataSection] }) data: PersonalDataSection[];
  @ApiProperty({ type: [AccessLogEntry], description: 'Who accessed this person’s data' }) accessLog: AccessLogEntry[];
}
