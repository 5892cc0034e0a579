import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PRESENCE_STATUSES, type PresenceStatus } from '../presence.types.js';

export class SetPresenceDto {
  @ApiProperty({ enum: PRESENCE_STATUSES, example: 'available' })
  @IsIn(PRESENCE_STATUSES)
  status: PresenceStatus;
}

export class PresenceView {
  @ApiProperty({ enum: PRESENCE_STATUSES })
  status: PresenceStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the status last changed; null if it never was set' })
  changedAt: string | null;
}
