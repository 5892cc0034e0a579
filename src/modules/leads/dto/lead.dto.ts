import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination.js';
import { trim } from '../../../common/http/transforms.js';
import { CONSENT_STATUSES, type ConsentStatus, LEAD_CHANNELS, LEAD_STATUSES, type LeadChannel, type LeadStatus } from '../lead-lifecycle.js';
import { IsInstantOrLocalDate } from '../../../common/http/instant.js';
import { FUNNEL_STAGES, type FunnelStage } from '../funnel-definitions.js';

/** A filter value that is an id, or `none` for leads without one. */
const ID_OR_NONE = (what: string) => ({ description: `${what}, or \`none\` for leads without one` });
const idOrNone = () =>
  applyDecorators(
    IsOptional(),
    ValidateIf((_, v) => v !== 'none'),
    IsUUID(),
  );

export class ListLeadsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'One status or several, comma-separated', example: 'new,assigned' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsIn(LEAD_STATUSES, { each: true })
  status?: LeadStatus[];

  @ApiPropertyOptional({ enum: LEAD_CHANNELS })
  @IsOptional()
  @IsIn(LEAD_CHANNELS)
  channel?: LeadChannel;

  @ApiPropertyOptional({ description: 'The operator handling the lead: an id, `me`, or `none` for leads nobody holds' })
  @IsOptional()
  @ValidateIf((_, v) => v !== 'me' && v !== 'none')
  @IsUUID()
  assignedTo?: string;

  @ApiPropertyOptional({
    example: '2027-03-01',
    description:
      'Arrived at or after this ISO-8601 instant; or, as a local date, the first day of a period read in each lead’s branch time zone as the reports read it',
  })
  @IsOptional()
  @IsInstantOrLocalDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2027-03-31',
    description: 'Arrived before this instant; or, as a local date, the last day of the period (included). Give both as dates or both as instants.',
  })
  @IsOptional()
  @IsInstantOrLocalDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ description: 'Phone number or the start of a name' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'The inquiry’s campaign (utm_campaign) exactly; empty for leads without one' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  campaign?: string;

  @ApiPropertyOptional(ID_OR_NONE('The intake source'))
  @idOrNone()
  sourceId?: string;

  @ApiPropertyOptional(ID_OR_NONE('The branch (one of yours)'))
  @idOrNone()
  branchId?: string;

  @ApiPropertyOptional(ID_OR_NONE('The doctor the lead is attributed to (of its first visit, else of its first booking)'))
  @idOrNone()
  doctorId?: string;

  @ApiPropertyOptional({ enum: FUNNEL_STAGES, description: 'Only leads that reached this funnel stage, by the reports’ definitions (a funnel cell’s leads)' })
  @IsOptional()
  @IsIn(FUNNEL_STAGES)
  stage?: FunnelStage;
}

export class CreateLeadDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing patient; otherwise name and phone' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ example: 'Anna Ivanova' })
  @ValidateIf((o) => !o.patientId)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '8 912 345-67-89' })
  @ValidateIf((o) => !o.patientId)
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiProperty({ enum: LEAD_CHANNELS, example: 'phone' })
  @IsIn(LEAD_CHANNELS)
  channel: LeadChannel;

  @ApiPropertyOptional({ example: 'tv-autumn' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  campaign?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  message?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One of your branches; without it, your only branch, or none (a clinic-wide lead every operator sees)' })
  @IsOptional()
  @IsUUID()
  branchId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  requestedServiceId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  requestedDoctorId?: string;
}

export class UpdateLeadDto {
  @ApiPropertyOptional({ enum: ['in_progress', 'lost', 'junk', 'new'] })
  @IsOptional()
  @IsIn(['in_progress', 'lost', 'junk', 'new'])
  status?: 'in_progress' | 'lost' | 'junk' | 'new';

  @ApiPropertyOptional({ description: 'Required when the status becomes lost' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  lostReason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  requestedServiceId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  requestedDoctorId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'Managers: the branch that takes a clinic-wide lead (or takes it over)' })
  @IsOptional()
  @IsUUID()
  branchId?: string;
}

export class AssignLeadDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  operatorId: string;
}

class UtmView {
  @ApiProperty({ nullable: true, type: String }) source: string | null;
  @ApiProperty({ nullable: true, type: String }) medium: string | null;
  @ApiProperty({ nullable: true, type: String }) campaign: string | null;
  @ApiProperty({ nullable: true, type: String }) content: string | null;
  @ApiProperty({ nullable: true, type: String }) term: string | null;
}

export class LeadView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: LEAD_STATUSES }) status: LeadStatus;
  @ApiProperty({ enum: LEAD_CHANNELS }) channel: LeadChannel;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) sourceId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null once the person’s data is erased' }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ description: 'Processing of the person’s data is restricted: their personal values are left out' }) restricted: boolean;
  @ApiProperty({ description: 'An existing patient was recognised' }) returningPatient: boolean;
  @ApiProperty({
    enum: CONSENT_STATUSES,
    description: 'pending: the operator must obtain consent to personal-data processing; withdrawn: the person withdrew it',
  })
  consentStatus: ConsentStatus;
  @ApiProperty({ type: UtmView }) utm: UtmView;
  @ApiProperty({ nullable: true, type: String }) referrer: string | null;
  @ApiProperty({ nullable: true, type: String }) landingUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ nullable: true, type: String }) messengerUsername: string | null;
  @ApiProperty({ nullable: true, type: String }) requestedServiceId: string | null;
  @ApiProperty({ nullable: true, type: String }) requestedDoctorId: string | null;
  @ApiProperty({ nullable: true, type: String }) assignedOperatorId: string | null;
  @ApiProperty({ nullable: true, type: Date }) claimedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) firstContactAt: Date | null;
  @ApiProperty({ description: 'When the first contact is due (call-center hours)' }) slaDueAt: Date;
  @ApiProperty() slaBreached: boolean;
  @ApiProperty({ nullable: true, type: String }) lostReason: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ nullable: true, type: String }) externalId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class LeadPage {
  @ApiProperty({ type: [LeadView] }) data: LeadView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
