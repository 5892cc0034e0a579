import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { trim } from '../../../common/http/transforms.js';
import { CONSENT_CHANNELS, CONSENT_KINDS, type ConsentChannel, type ConsentKind } from '../consent-document.rules.js';

export const STAFF_CONSENT_CHANNELS = ['phone', 'in_person', 'messenger'] as const;
export const WITHDRAWAL_METHODS = ['phone', 'letter', 'email', 'in_person', 'messenger'] as const;
export type WithdrawalMethod = (typeof WITHDRAWAL_METHODS)[number] | 'public_link';

export class RecordConsentDto {
  @ApiProperty({ format: 'uuid', description: 'The currently published document the person agreed to' })
  @IsUUID()
  documentId: string;

  @ApiProperty({ enum: STAFF_CONSENT_CHANNELS })
  @IsIn(STAFF_CONSENT_CHANNELS)
  channel: (typeof STAFF_CONSENT_CHANNELS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'The call during which consent was given verbally' })
  @IsOptional()
  @IsUUID()
  callId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class WithdrawConsentDto {
  @ApiProperty({ enum: WITHDRAWAL_METHODS, description: 'How the withdrawal reached the clinic' })
  @IsIn(WITHDRAWAL_METHODS)
  method: (typeof WITHDRAWAL_METHODS)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class PublicWithdrawDto {
  @ApiProperty({ description: 'The withdrawal token given with the consent' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token: string;
}

export class WithdrawalPreviewQuery {
  @ApiProperty({ description: 'The withdrawal token given with the consent' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token: string;
}

/** What a withdrawal link withdraws, shown to the person before they confirm: the text they agreed to and when, nothing else. */
export class WithdrawalPreviewView {
  @ApiProperty({ enum: CONSENT_KINDS }) kind: ConsentKind;
  @ApiProperty() documentTitle: string;
  @ApiProperty() documentVersion: string;
  @ApiProperty({ description: 'When the consent was given' }) grantedAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'When it was withdrawn; null while it stands' }) withdrawnAt: Date | null;
}

export class ConsentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ enum: CONSENT_KINDS }) kind: ConsentKind;
  @ApiProperty() documentVersion: string;
  @ApiProperty({ description: 'SHA-256 of the document text consented to' }) documentSha256: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) patientId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadId: string | null;
  @ApiProperty({ enum: CONSENT_CHANNELS }) channel: ConsentChannel;
  @ApiProperty() grantedAt: Date;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ nullable: true, type: String }) formUrl: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) operatorId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) callId: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: Date }) withdrawnAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) withdrawalMethod: string | null;
}

export class RecordedConsentView extends ConsentView {
  @ApiProperty({ description: 'Shown once: lets the person withdraw without signing in (POST /public/consents/withdraw)' })
  withdrawalToken: string;
}

export class ConsentList {
  @ApiProperty({ type: [ConsentView] }) data: ConsentView[];
}

export class WithdrawalView {
  @ApiProperty() withdrawn: true;
  @ApiProperty() withdrawnAt: Date;
}
