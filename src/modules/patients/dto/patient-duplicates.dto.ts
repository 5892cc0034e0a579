import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class MergePatientDto {
  @ApiProperty({ format: 'uuid', description: 'The patient to keep; this one is merged into it' })
  @IsUUID()
  intoPatientId: string;
}

export class DuplicateView {
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty({ enum: ['same_phone', 'same_email'] }) reason: string;
  @ApiProperty() createdAt: Date;
}

export class DuplicateList {
  @ApiProperty({ type: [DuplicateView] }) data: DuplicateView[];
}

export class MergeResult {
  @ApiProperty({ format: 'uuid' }) mergeId: string;
  @ApiProperty({ description: 'How many rows moved, per table and column', example: { 'leads.patient_id': 2 } }) moved: Record<string, number>;
}
