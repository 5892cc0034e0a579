import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { FloorView } from './floor.dto.js';
import { FloorService } from './floor.service.js';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('floor')
export class FloorController {
  constructor(private readonly floor: FloorService) {}

  @ApiOperation({ summary: 'Get the call-center floor (who is doing what)' })
  @Get()
  @Roles('manager')
  @ApiOkResponse({
    type: FloorView,
    description: 'Who is online and in which state, the waiting queue and today’s missed first contacts per branch (the manager’s branches)',
  })
  get(@CurrentActor() actor: Actor): Promise<FloorView> {
    return this.floor.floor(actor);
  }
}
