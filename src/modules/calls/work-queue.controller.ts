import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { WorkQueue, WorkQueueQuery } from './dto/queue.dto.js';
import { WorkQueueService } from './work-queue.service.js';

@ApiTags('calls')
@ApiBearerAuth()
@Controller('me')
export class WorkQueueController {
  constructor(private readonly queue: WorkQueueService) {}

  @ApiOperation({ summary: 'Get my work queue (operators)' })
  @Get('queue')
  @Roles('operator')
  @ApiOkResponse({ type: WorkQueue, description: 'Claimed leads, callbacks due within the hour and leads to claim, most urgent first' })
  get(@CurrentActor() actor: Actor, @Query() query: WorkQueueQuery): Promise<WorkQueue> {
    return this.queue.forOperator(actor, query.limit);
  }
}
