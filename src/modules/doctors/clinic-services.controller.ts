import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ALL_STAFF, Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { CatalogService } from './catalog.service.js';
import { CreateServiceDto, ListServicesQuery, ServiceList, ServiceView, UpdateServiceDto } from './dto/catalog.dto.js';

/** The clinic's medical services (the price list). */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('services')
export class ClinicServicesController {
  constructor(private readonly catalog: CatalogService) {}

  @ApiOperation({ summary: 'List services' })
  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: ServiceList })
  async list(@Query() query: ListServicesQuery): Promise<ServiceList> {
    return { data: await this.catalog.listServices(query) };
  }

  @ApiOperation({ summary: 'Get a service' })
  @Get(':id')
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: ServiceView })
  get(@Param() { id }: IdParam): Promise<ServiceView> {
    return this.catalog.getService(id);
  }

  @ApiOperation({ summary: 'Create a service' })
  @Post()
  @Roles('manager')
  @ApiCreatedResponse({ type: ServiceView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateServiceDto): Promise<ServiceView> {
    return this.catalog.createService(actor, dto);
  }

  @ApiOperation({ summary: 'Update a service' })
  @Patch(':id')
  @Roles('manager')
  @ApiOkResponse({ type: ServiceView })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateServiceDto): Promise<ServiceView> {
    return this.catalog.updateService(actor, id, dto);
  }
}
