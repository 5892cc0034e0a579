import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsInstantOrLocalDate } from '../../../common/http/instant.js';

export class AvailabilityQuery {
  @ApiProperty({ format: 'uuid', description: 'Slots are as long as this service with each doctor (the doctor’s override applies)' })
  @IsUUID()
  serviceId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  doctorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  specialtyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({
    example: '2027-03-01',
    description:
      'Earliest slot start: a local date (the first day, in each branch’s own time zone) or an ISO-8601 instant; now when unset. Past slots are never offered.',
  })
  @IsOptional()
  @IsInstantOrLocalDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2027-03-07',
    description:
      'A local date (the last day, included) or an instant slots start before; 7 days after `from` when unset; at most 31 days after it. Give both as dates or both as instants.',
  })
  @IsOptional()
  @IsInstantOrLocalDate()
  to?: string;
}

export class SlotView {
  @ApiProperty({ format: 'uuid' }) doctorId: string;
  @ApiProperty({ format: 'uuid' }) branchId: string;
  @ApiProperty({ example: '2027-03-01T06:00:00.000Z' }) startsAt: string;
  @ApiProperty({ example: '2027-03-01T06:30:00.000Z' }) endsAt: string;
  @ApiProperty({ example: '+03:00', description: 'The branch’s UTC offset at the start of the slot, to show local time' }) utcOffset: string;
}

export class AvailabilityView {
  @ApiProperty({ type: [SlotView] }) data: SlotView[];
}
