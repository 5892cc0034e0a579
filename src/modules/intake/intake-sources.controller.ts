import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { CreateIntakeSourceDto, IntakeSourceList, IntakeSourceView, IntakeSourceWithKey, UpdateIntakeSourceDto } from './dto/intake-source.dto.js';
import { IntakeSourcesService } from './intake-sources.service.js';

@ApiTags('intake sources')
@ApiBearerAuth()
@Controller('intake-sources')
export class IntakeSourcesController {
  constructor(private readonly sources: IntakeSourcesService) {}

  @ApiOperation({ summary: 'List intake sources' })
  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: IntakeSourceList })
  async list(): Promise<IntakeSourceList> {
    return { data: await this.sources.list() };
  }

  @ApiOperation({ summary: 'Get an intake source' })
  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: IntakeSourceView })
  get(@Param() { id }: IdParam): Promise<IntakeSourceView> {
    return this.sources.get(id);
  }

  @ApiOperation({ summary: 'Create an intake source' })
  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: IntakeSourceWithKey, description: 'The key is shown only in this response' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateIntakeSourceDto): Promise<IntakeSourceWithKey> {
    return this.sources.create(actor, dto);
  }

  @ApiOperation({ summary: 'Update an intake source' })
  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: IntakeSourceView })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateIntakeSourceDto): Promise<IntakeSourceView> {
    return this.sources.update(actor, id, dto);
  }

  @ApiOperation({ summary: 'Rotate an intake source’s key' })
  @Post(':id/rotate-key')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: IntakeSourceWithKey, description: 'The new key, shown only now; the old one stops working' })
  rotateKey(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<IntakeSourceWithKey> {
    return this.sources.rotateKey(actor, id);
  }
}
