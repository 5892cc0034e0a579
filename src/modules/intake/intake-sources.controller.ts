import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import {
  CreateIntakeSourceDto,
  IntakeSourceList,
  IntakeSourceTestView,
  IntakeSourceView,
  IntakeSourceWithKey,
  UpdateIntakeSourceDto,
} from './dto/intake-source.dto.js';
import { IntakeSourceTestService } from './intake-source-test.service.js';
import { IntakeSourcesService } from './intake-sources.service.js';

@ApiTags('intake sources')
@ApiBearerAuth()
@Controller('intake-sources')
export class IntakeSourcesController {
  constructor(
    private readonly sources: IntakeSourcesService,
    private readonly tester: IntakeSourceTestService,
  ) {}

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

  @ApiOperation({ summary: 'Send a test inquiry through an intake source' })
  @Post(':id/test')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: IntakeSourceTestView, description: 'A test inquiry went through the source’s own public path and is in the operators’ queue' })
  @ApiUnprocessableEntityResponse({
    description: 'The source cannot take it (turned off, manual, settings missing) or its endpoint refused it; the reason is in the message',
  })
  test(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<IntakeSourceTestView> {
    return this.tester.send(actor, id, selfUrl(request));
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

/** This server as it reaches itself: the address and port the request came in on. */
function selfUrl(request: FastifyRequest): string {
  const { localAddress, localPort } = request.raw.socket;
  const host = !localAddress ? '127.0.0.1' : localAddress.includes(':') ? `[${localAddress.replace(/^::ffff:/, '')}]` : localAddress;
  return `http://${host.replace(/^\[(\d+\.\d+\.\d+\.\d+)\]$/, '$1')}:${localPort}`;
}
