import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsInstant } from '../../../common/http/instant.js';
import { PageQuery } from '../../../common/http/pagination.js';
import { IsOptionalNotNull, toBoolean, trim } from '../../../common/http/transforms.js';
import {
  MESSAGE_CHANNELS,
  MESSAGE_PURPOSES,
  MESSAGE_STATUSES,
  type MessageChannel,
  type MessagePurpose,
  type MessageStatus,
  WRITABLE_CHANNELS,
  type WritableChannel,
} from '../message-types.js';

export class MessageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction: 'in' | 'out';
  @ApiProperty({ enum: MESSAGE_CHANNELS, description: 'vk_comment: a public comment (wall, photo, discussion) and the answer under it' })
  channel: MessageChannel;
  @ApiProperty({ enum: MESSAGE_PURPOSES, nullable: true, type: String, description: 'Outbound messages only' }) purpose: MessagePurpose | null;
  @ApiProperty({
    enum: MESSAGE_STATUSES,
    description:
      'received (inbound); queued -> sending -> sent -> delivered (where the provider reports it), or failed (with the reason) or cancelled (withdrawn, or not allowed to go)',
  })
  status: MessageStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) patientId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) appointmentId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) replyToId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null for a restricted or erased person' }) text: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The phone, e-mail or chat it went to' }) address: string | null;
  @ApiProperty({ nullable: true, type: String }) failureReason: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['confirmed', 'cancelled', 'rated'], description: 'What the person answered to it' }) answer:
    string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: Date, description: 'When a queued message goes (quiet hours and retries move it)' }) sendAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) sentAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) deliveredAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) failedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) cancelledAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) answeredAt: Date | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The staff member who wrote it; null for automatic messages' }) createdBy:
    string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() restricted: boolean;
  @ApiProperty() anonymized: boolean;
}

export class MessagePage {
  @ApiProperty({ type: [MessageView] }) data: MessageView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ThreadView extends MessagePage {
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ description: 'The person asked for no more automatic messages' }) optedOut: boolean;
  @ApiProperty({ enum: WRITABLE_CHANNELS, isArray: true, description: 'Channels this person can be written to, the default first' })
  channels: WritableChannel[];
}

export class ThreadQuery extends PageQuery {}

export class ListMessagesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;

  @ApiPropertyOptional({ enum: MESSAGE_CHANNELS })
  @IsOptional()
  @IsIn(MESSAGE_CHANNELS)
  channel?: MessageChannel;

  @ApiPropertyOptional({ enum: ['in', 'out'] })
  @IsOptional()
  @IsIn(['in', 'out'])
  direction?: 'in' | 'out';

  @ApiPropertyOptional({ description: 'Only public comments from people not known yet' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unlinked?: boolean;

  @ApiPropertyOptional({ description: 'ISO-8601 instant' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 instant' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class SendMessageDto {
  @ApiProperty({ example: 'Здравствуйте! Да, можно записаться на завтра.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text: string;

  @ApiPropertyOptional({ enum: WRITABLE_CHANNELS, description: 'Default: the messenger the person wrote from, else SMS, else e-mail' })
  @IsOptionalNotNull()
  @IsIn(WRITABLE_CHANNELS)
  channel?: WritableChannel;

  @ApiPropertyOptional({ enum: ['reply', 'marketing'], default: 'reply', description: 'marketing needs the person’s marketing consent' })
  @IsOptionalNotNull()
  @IsIn(['reply', 'marketing'])
  purpose?: 'reply' | 'marketing';
}

export class ReplyDto {
  @ApiProperty()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text: string;
}

export class MessageConsentDto {
  @ApiProperty({ format: 'uuid', description: 'The current published document the person agreed to in the conversation' })
  @IsUUID()
  documentId: string;
}

export class MessageConsentView {
  @ApiProperty({ format: 'uuid' }) consentId: string;
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty() kind: string;
}

export class OptOutDto {
  @ApiProperty({ description: 'true: no more automatic messages (the person asked, say by phone); false: they may get them again' })
  @IsBoolean()
  optedOut: boolean;
}

export class OptOutView {
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() optedOut: boolean;
}

export class MessageIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class UnsubscribeView {
  @ApiProperty() unsubscribed: boolean;
}

/** Sending a message again takes nothing but the message. */
export class RetryMessageDto {}
