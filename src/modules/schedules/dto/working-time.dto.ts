import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsUUID, Matches } from 'class-validator';

export class WorkingTimeQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  branchId: string;

  @ApiProperty({ example: '2027-03-01', description: 'A local date at the branch' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  date: string;
}

export class WorkIntervalView {
  @ApiProperty({ example: '2027-03-01T06:00:00.000Z' }) startsAt: string;
  @ApiProperty({ example: '2027-03-01T15:00:00.000Z' }) endsAt: string;
}

export class DoctorWorkingTimeView {
  @ApiProperty({ format: 'uuid' }) doctorId: string;
  @ApiProperty({ type: [WorkIntervalView], description: 'Working time at this branch on that day, exceptions applied; empty: not working' })
  intervals: WorkIntervalView[];
}

/** A branch's day for the reception's grid: when each of its doctors works there. */
export class WorkingTimeView {
  @ApiProperty({ format: 'uuid' }) branchId: string;
  @ApiProperty({ example: '2027-03-01' }) date: string;
  @ApiProperty({ example: 'Europe/Moscow' }) timezone: string;
  @ApiProperty({ example: '2027-02-28T21:00:00.000Z', description: 'Local midnight starting the day' }) dayStartsAt: string;
  @ApiProperty({ example: '2027-03-01T21:00:00.000Z', description: 'Local midnight ending the day (23 or 25 hours later on a change day)' }) dayEndsAt: string;
  @ApiProperty({ example: 15, description: 'The booking grid in minutes (a service may set its own)' }) slotStepMin: number;
  @ApiProperty({ type: [DoctorWorkingTimeView], description: 'Every active doctor of the branch' }) doctors: DoctorWorkingTimeView[];
}
