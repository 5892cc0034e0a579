import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { ClinicSettings, UpdateSettingsDto } from './dto/settings.dto.js';
import { SettingsService } from './settings.service.js';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @ApiOperation({ summary: 'Get the clinic’s settings' })
  @Get()
  @Roles('manager')
  @ApiOkResponse({ type: ClinicSettings })
  get(): Promise<ClinicSettings> {
    return this.settings.get();
  }

  @ApiOperation({ summary: 'Update the clinic’s settings' })
  @Patch()
  @Roles('admin')
  @ApiOkResponse({ type: ClinicSettings })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateSettingsDto): Promise<ClinicSettings> {
    return this.settings.update(actor, dto);
  }
}
