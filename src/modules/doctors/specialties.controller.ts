import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ALL_STAFF, Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { CatalogService } from './catalog.service.js';
import { CreateSpecialtyDto, SpecialtyList, SpecialtyView, UpdateSpecialtyDto } from './dto/catalog.dto.js';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('specialties')
export class SpecialtiesController {
  constructor(private readonly catalog: CatalogService) {}

  @ApiOperation({ summary: 'List specialties' })
  @Get()
  @Roles(...ALL_STAFF)
  @ApiOkResponse({ type: SpecialtyList })
  async list(): Promise<SpecialtyList> {
    return { data: await this.catalog.listSpecialties() };
  }

  @ApiOperation({ summary: 'Create a specialty' })
  @Post()
  @Roles('manager')
  @ApiCreatedResponse({ type: SpecialtyView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSpecialtyDto): Promise<SpecialtyView> {
    return this.catalog.createSpecialty(actor, dto);
  }

  @ApiOperation({ summary: 'Update a specialty' })
  @Patch(':id')
  @Roles('manager')
  @ApiOkResponse({ type: SpecialtyView })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateSpecialtyDto): Promise<SpecialtyView> {
    return this.catalog.updateSpecialty(actor, id, dto);
  }
}
