import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsInstant } from '../../../common/http/instant.js';
import { PageQuery } from '../../../common/http/pagination.js';
import { IsOptionalNotNull, trim } from '../../../common/http/transforms.js';
import { CreatePatientDto } from '../../patients/dto/patient.dto.js';
import { LEAD_CHANNELS } from '../../leads/lead-lifecycle.js';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../appointment-status.js';

/** Appointments come through the same channels as inquiries. */
export const APPOINTMENT_CHANNELS = LEAD_CHANNELS;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];

/** Statuses set through POST /appointments/:id/status; cancelling goes through /cancel with a reason. */
export const SETTABLE_STATUSES = ['confirmed', 'arrived', 'completed', 'no_show'] as const;

export class NewPatientDto extends PickType(CreatePatientDto, ['lastName', 'firstName', 'middleName', 'phone'] as const) {}

export class CreateAppointmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  doctorId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  serviceId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  branchId: string;

  @ApiProperty({ example: '2027-03-01T06:00:00Z', description: 'ISO-8601 instant; the end follows from the service duration' })
  @IsInstant()
  startsAt: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing patient; or give `patient`' })
  @IsOptionalNotNull()
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ type: NewPatientDto, description: 'A new patient, created with the appointment; or give `patientId`' })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => NewPatientDto)
  patient?: NewPatientDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'The lead this booking answers' })
  @IsOptional()
  @IsUUID()
  leadId?: string;

  @ApiPropertyOptional({
    enum: APPOINTMENT_CHANNELS,
    description: 'Where the booking came from; phone for operators, walk_in for receptionists, other for the rest when unset',
  })
  @IsOptional()
  @IsIn(APPOINTMENT_CHANNELS)
  channel?: AppointmentChannel;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class MoveAppointmentDto {
  @ApiPropertyOptional({ example: '2027-03-01T07:00:00Z' })
  @IsOptional()
  @IsInstant()
  startsAt?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  doctorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class CancelAppointmentDto {
  @ApiProperty({ example: 'Patient asked to cancel' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class ChangeStatusDto {
  @ApiProperty({ enum: SETTABLE_STATUSES })
  @IsIn(SETTABLE_STATUSES)
  status: (typeof SETTABLE_STATUSES)[number];
}

export class ListAppointmentsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  doctorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ enum: APPOINTMENT_STATUSES })
  @IsOptional()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;

  @ApiPropertyOptional({ description: 'Appointments starting at or after this instant' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Appointments starting before this instant' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'The patient’s phone (any usual form) or the start of their last or first name, any case' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;
}

export class AppointmentPatientView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String }) lastName: string | null;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String }) middleName: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ description: 'Processing restricted: contact details are hidden from operators' }) restricted: boolean;
}

export class AppointmentDoctorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
}

export class AppointmentServiceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class AppointmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ type: AppointmentPatientView }) patient: AppointmentPatientView;
  @ApiProperty({ format: 'uuid' }) doctorId: string;
  @ApiProperty({ type: AppointmentDoctorView }) doctor: AppointmentDoctorView;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ type: AppointmentServiceView }) service: AppointmentServiceView;
  @ApiProperty({ format: 'uuid' }) branchId: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status: AppointmentStatus;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) leadId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) bookedBy: string | null;
  @ApiProperty({ enum: APPOINTMENT_CHANNELS }) channel: AppointmentChannel;
  @ApiProperty() price: number;
  @ApiProperty() currency: string;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class AppointmentPage {
  @ApiProperty({ type: [AppointmentView] }) data: AppointmentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
