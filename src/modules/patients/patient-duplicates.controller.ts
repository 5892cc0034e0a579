import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { DuplicateList, MergePatientDto, MergeResult } from './dto/patient-duplicates.dto.js';
import { PatientMatchingService } from './patient-matching.service.js';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientDuplicatesController {
  constructor(private readonly matching: PatientMatchingService) {}

  @ApiOperation({ summary: 'List possible duplicates of a patient' })
  @Get(':id/duplicates')
  @Roles('receptionist', 'manager')
  @ApiOkResponse({ type: DuplicateList })
  async duplicates(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<DuplicateList> {
    return { data: await this.matching.duplicates(actor, id) };
  }

  @ApiOperation({ summary: 'Merge a patient into another' })
  @Post(':id/merge')
  @Roles('manager')
  @HttpCode(200)
  @ApiOkResponse({ type: MergeResult })
  merge(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: MergePatientDto): Promise<MergeResult> {
    return this.matching.merge(actor, id, dto.intoPatientId);
  }
}
