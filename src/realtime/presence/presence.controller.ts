import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { PresenceView, SetPresenceDto } from './dto/presence.dto.js';
import { PresenceService } from './presence.service.js';

@ApiTags('presence')
@ApiBearerAuth()
@Controller('me/presence')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Get()
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: PresenceView, description: 'Your own status; offline when it was never set' })
  get(@CurrentActor() actor: Actor): Promise<PresenceView> {
    return this.presence.get(actor.id);
  }

  @Put()
  @Roles('operator', 'receptionist', 'manager')
  @ApiOkResponse({ type: PresenceView })
  set(@CurrentActor() actor: Actor, @Body() dto: SetPresenceDto): Promise<PresenceView> {
    return this.presence.set(actor, dto.status);
  }
}
