import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { CallbacksService } from './callbacks.service.js';
import { CallbackPage, CallbackView, CreateCallbackDto, ListCallbacksQuery, UpdateCallbackDto } from './dto/callback.dto.js';

@ApiTags('callbacks')
@ApiBearerAuth()
@Controller()
export class CallbacksController {
  constructor(private readonly callbacks: CallbacksService) {}

  @ApiOperation({ summary: 'Schedule a callback on a lead' })
  @Post('leads/:id/callbacks')
  @Roles('operator', 'manager')
  @ApiCreatedResponse({ type: CallbackView })
  @ApiConflictResponse({ description: 'The lead is closed (booked, lost, junk)' })
  create(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CreateCallbackDto): Promise<CallbackView> {
    return this.callbacks.createForLead(actor, id, dto);
  }

  @ApiOperation({ summary: 'List callbacks' })
  @Get('callbacks')
  @Roles('operator', 'manager')
  @ApiOkResponse({ type: CallbackPage, description: 'Soonest first. Operators see their own; managers everyone’s (due=overdue: the missed ones)' })
  list(@CurrentActor() actor: Actor, @Query() query: ListCallbacksQuery): Promise<CallbackPage> {
    return this.callbacks.list(actor, query);
  }

  @ApiOperation({ summary: 'Update or complete a callback' })
  @Patch('callbacks/:id')
  @Roles('operator', 'manager')
  @ApiOkResponse({ type: CallbackView })
  @ApiConflictResponse({ description: 'The callback was already made' })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateCallbackDto): Promise<CallbackView> {
    return this.callbacks.update(actor, id, dto);
  }
}
