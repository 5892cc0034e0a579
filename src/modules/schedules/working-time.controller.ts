import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { WorkingTimeQuery, WorkingTimeView } from './dto/working-time.dto.js';
import { SchedulesService } from './schedules.service.js';

@ApiTags('schedules')
@ApiBearerAuth()
@Controller('working-time')
export class WorkingTimeController {
  constructor(private readonly schedules: SchedulesService) {}

  /** When each doctor of the branch works on a local day: the shaded hours of the reception's day grid. */
  @Get()
  @Roles('receptionist', 'operator', 'manager')
  @ApiOkResponse({ type: WorkingTimeView })
  get(@CurrentActor() actor: Actor, @Query() query: WorkingTimeQuery): Promise<WorkingTimeView> {
    return this.schedules.workingTime(actor, query);
  }
}
