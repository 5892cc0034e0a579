import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { CallsService } from './calls.service.js';
import { CallPage, CallView, CreateCallDto, ListCallsQuery, RecordCallOutcomeDto } from './dto/call.dto.js';

@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @ApiOperation({ summary: 'Log a call' })
  @Post()
  @Roles('operator', 'manager')
  @ApiCreatedResponse({ type: CallView, description: 'Recorded; the lead moved by the outcome, a callback scheduled for callback_requested' })
  @ApiConflictResponse({ description: 'The outcome contradicts the lead’s status (a booked lead cannot be junk)' })
  @ApiUnprocessableEntityResponse({ description: 'booked: no appointment was made from this lead yet' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCallDto): Promise<CallView> {
    return this.calls.create(actor, dto);
  }

  @ApiOperation({ summary: 'List calls' })
  @Get()
  @Roles('operator', 'manager')
  @ApiOkResponse({ type: CallPage })
  list(@CurrentActor() actor: Actor, @Query() query: ListCallsQuery): Promise<CallPage> {
    return this.calls.list(actor, query);
  }

  @ApiOperation({ summary: 'Record a call’s outcome' })
  @Patch(':id')
  @Roles('operator', 'manager')
  @ApiOkResponse({ type: CallView, description: 'The outcome of a call the PBX reported' })
  @ApiConflictResponse({ description: 'The call already has an outcome, or it contradicts the lead’s status' })
  recordOutcome(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: RecordCallOutcomeDto): Promise<CallView> {
    return this.calls.recordOutcome(actor, id, dto);
  }
}
