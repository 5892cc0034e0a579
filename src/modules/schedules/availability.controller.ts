import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ALL_STAFF, Roles } from '../../common/auth/roles.js';
import { AvailabilityService } from './availability.service.js';
import { AvailabilityQuery, AvailabilityView } from './dto/availability.dto.js';

@ApiTags('schedules')
@ApiBearerAuth()
@Controller('availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  /** Free slots for a service, in UTC with each branch's offset, never in the past. */
  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: AvailabilityView })
  async find(@Query() query: AvailabilityQuery): Promise<AvailabilityView> {
    return { data: await this.availability.find(query) };
  }
}
