import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { ErasePatientDto, ErasureView, PatientExportView, RestrictionView, RestrictPatientDto } from './dto/privacy.dto.js';
import { PrivacyService } from './privacy.service.js';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('patients')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @ApiOperation({ summary: 'Export a patient’s data (subject access)' })
  @Get(':id/export')
  @Roles('manager')
  @ApiOkResponse({ type: PatientExportView, description: 'Subject access: everything held about the person' })
  export(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<PatientExportView> {
    return this.privacy.export(actor, id);
  }

  @ApiOperation({ summary: 'Restrict processing of a patient’s data' })
  @Post(':id/restrict')
  @Roles('manager')
  @HttpCode(200)
  @ApiOkResponse({ type: RestrictionView })
  restrict(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: RestrictPatientDto): Promise<RestrictionView> {
    return this.privacy.restrict(actor, id, dto);
  }

  @ApiOperation({ summary: 'Erase a patient’s personal data' })
  @Post(':id/erase')
  @Roles('manager')
  @HttpCode(200)
  @ApiOkResponse({ type: ErasureView, description: 'Personal values become NULL everywhere; rows, statuses, dates and money stay' })
  @ApiConflictResponse({ description: 'Already erased' })
  erase(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ErasePatientDto): Promise<ErasureView> {
    return this.privacy.erase(actor, id, dto);
  }
}
