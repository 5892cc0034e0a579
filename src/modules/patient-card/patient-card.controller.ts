import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { PatientCardView } from './patient-card.dto.js';
import { PatientCardService } from './patient-card.service.js';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientCardController {
  constructor(private readonly cards: PatientCardService) {}

  @ApiOperation({ summary: 'Get a patient’s card' })
  @Get(':id')
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: PatientCardView })
  card(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<PatientCardView> {
    return this.cards.card(actor, id);
  }
}
