import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { trim } from '../../../common/http/transforms.js';
import { LEAD_CHANNELS, type LeadChannel } from '../../leads/lead-lifecycle.js';

export const INTAKE_KINDS = ['web_form', 'tilda', 'vk', 'telegram', 'telephony', 'manual'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];

/** What the provider gives the admin: VK's confirmation string, secret and group id; Telegram's webhook secret token. */
export class IntakeSourceSettingsDto {
  @ApiPropertyOptional({ description: 'VK: the string VK expects in answer to its confirmation request' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  confirmationCode?: string;

  @ApiPropertyOptional({ description: 'VK: the secret key set in the Callback API settings' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  secret?: string;

  @ApiPropertyOptional({ description: 'VK: community id, as digits; a number (as VK itself sends it) is accepted and kept as digits', example: '212345' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : value))
  @Matches(/^[0-9]{1,20}$/)
  groupId?: string;

  @ApiPropertyOptional({ description: 'Telegram: the secret_token passed to setWebhook (1-256 of A-Z a-z 0-9 _ -)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,256}$/)
  secretToken?: string;

  @ApiPropertyOptional({ description: 'Telegram: the bot token from @BotFather, for answering in the chat (never shown again)' })
  @IsOptional()
  @Matches(/^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$/, { message: 'botToken must look like 123456:ABC-DEF…' })
  botToken?: string;

  @ApiPropertyOptional({
    description: 'VK: the community access token (messages, wall, photos, board), for answering messages and comments (never shown again)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{20,500}$/, { message: 'accessToken must be a VK access token' })
  accessToken?: string;
}

export class CreateIntakeSourceDto {
  @ApiProperty({ enum: INTAKE_KINDS })
  @IsIn(INTAKE_KINDS)
  kind: IntakeKind;

  @ApiProperty({ example: 'Website: dentistry landing' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: LEAD_CHANNELS })
  @IsIn(LEAD_CHANNELS)
  channel: LeadChannel;

  @ApiPropertyOptional({ format: 'uuid', description: 'Branch whose call center answers these leads' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({ type: IntakeSourceSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => IntakeSourceSettingsDto)
  settings?: IntakeSourceSettingsDto;
}

export class UpdateIntakeSourceDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: LEAD_CHANNELS })
  @IsOptional()
  @IsIn(LEAD_CHANNELS)
  channel?: LeadChannel;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  branchId?: string | null;

  @ApiPropertyOptional({ type: IntakeSourceSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => IntakeSourceSettingsDto)
  settings?: IntakeSourceSettingsDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class IntakeSourceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: INTAKE_KINDS }) kind: IntakeKind;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LEAD_CHANNELS }) channel: LeadChannel;
  @ApiProperty({ nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ description: 'Non-secret settings (secrets are never shown again)' }) settings: Record<string, string>;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '/api/v1/public/intake/vk/3f1c…',
    description: 'Where the provider delivers, on this server (the key of a Tilda address shows as {key}); null for manual sources',
  })
  webhookPath: string | null;
}

export class IntakeSourceWithKey extends IntakeSourceView {
  @ApiProperty({ description: 'The intake key or signing secret. Shown only now: store it in the form, webhook or PBX settings.' })
  key: string;
}

export class IntakeSourceTestView {
  @ApiProperty({ format: 'uuid' }) sourceId: string;
  @ApiProperty({ enum: INTAKE_KINDS }) kind: IntakeKind;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The inquiry the test made (or joined), now in the operators’ queue' }) leadId:
    string | null;
  @ApiProperty({ description: 'The path it went through' }) path: string;
}

export class IntakeSourceList {
  @ApiProperty({ type: [IntakeSourceView] }) data: IntakeSourceView[];
}
