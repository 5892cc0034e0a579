import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_STAFF, Public, Roles } from '../../common/auth/roles.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { AvailabilityService } from './availability.service.js';
import { AvailabilityQuery, AvailabilityView } from './dto/availability.dto.js';
import { slotsJson } from './slots-json.js';

@ApiTags('schedules')
@ApiBearerAuth()
@Controller('availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  /** Free slots for a service, in UTC with each branch's offset, never in the past. */
  @ApiOperation({ summary: 'Find free appointment times' })
  @Get()
  @Roles(...ALL_STAFF)
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({ type: AvailabilityView })
  async find(@Query() query: AvailabilityQuery): Promise<Buffer> {
    return slotsJson(await this.availability.find(query));
  }
}

/** The same free slots for the clinic's website, without signing in (doctors' public profiles are separate). */
@ApiTags('public booking')
@Controller('public/availability')
export class PublicAvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @ApiOperation({ summary: 'Find free appointment times for the website' })
  @Get()
  @Public()
  @RateLimit({ limit: 120 })
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({ type: AvailabilityView })
  async find(@Query() query: AvailabilityQuery): Promise<Buffer> {
    return slotsJson(await this.availability.find(query));
  }
}
