import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../common/auth/roles.js';
import { PRESENCE_STATUSES, type PresenceStatus } from '../../realtime/presence/presence.types.js';

export class FloorStaff {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: [String] }) branchIds: string[];
  @ApiProperty({ enum: PRESENCE_STATUSES }) status: PresenceStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Since when; null if never set' }) since: string | null;
}

export class FloorBranch {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: inquiries without a branch (the clinic-wide queue)' }) branchId:
    string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ description: 'Inquiries waiting for an operator' }) queue: number;
  @ApiProperty({ nullable: true, type: Date, description: 'Arrival of the longest-waiting one' }) oldestWaitingSince: Date | null;
  @ApiProperty({ description: 'Inquiries since local midnight' }) leadsToday: number;
  @ApiProperty({ description: 'Of those, how many missed the first-contact deadline' }) breachesToday: number;
}

export class FloorView {
  @ApiProperty() at: Date;
  @ApiProperty({ type: [FloorStaff] }) staff: FloorStaff[];
  @ApiProperty({ type: [FloorBranch] }) branches: FloorBranch[];
}
