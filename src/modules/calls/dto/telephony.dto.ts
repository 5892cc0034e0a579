import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CALL_DIRECTIONS, type CallDirection } from '../call-outcomes.js';
import { TELEPHONY_EVENT_TYPES, type TelephonyEventType } from '../telephony-events.js';
import { IsInstantDate } from '../../../common/http/instant.js';

/** One PBX event, signed with the telephony source's key (header X-Signature: sha256=<hex HMAC-SHA256 of the raw body>). */
export class TelephonyEventDto {
  @ApiProperty({ enum: TELEPHONY_EVENT_TYPES })
  @IsIn(TELEPHONY_EVENT_TYPES)
  type: TelephonyEventType;

  @ApiProperty({ description: "The PBX's id of the call (Asterisk: linkedid/uniqueid), the same in every event of a call", example: '1718000000.42' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  callId: string;

  @ApiProperty({ enum: CALL_DIRECTIONS })
  @IsIn(CALL_DIRECTIONS)
  direction: CallDirection;

  @ApiProperty({ description: 'Calling number (inbound: the person; outbound: the clinic line or extension)', example: '+79123456789' })
  @IsString()
  @MaxLength(40)
  from: string;

  @ApiProperty({ description: 'Called number (inbound: the clinic line; outbound: the person)', example: '+74951234567' })
  @IsString()
  @MaxLength(40)
  to: string;

  @ApiPropertyOptional({ description: 'The operator’s extension (staff extension) ringing, answering or calling', example: '101' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z*#+_-]{1,32}$/)
  extension?: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When it happened (ISO-8601 with offset)' })
  @IsInstantDate()
  at: Date;

  @ApiPropertyOptional({ description: 'call_ended: talk time in seconds (0 or absent: not answered)', example: 63 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86400)
  durationSec?: number;

  @ApiPropertyOptional({ description: 'call_ended: where the recording can be fetched', example: 'https://pbx.clinic.example/rec/1718000000.42.mp3' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  recordingUrl?: string;
}

export class TelephonyEventAccepted {
  @ApiProperty() ok: true;
  @ApiProperty({ format: 'uuid', description: 'The call record' }) callId: string;
  @ApiProperty({ description: 'This event was received before and changed nothing' }) duplicate: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadId: string | null;
}
