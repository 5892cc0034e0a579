import { Body, Controller, Get, Headers, Param, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Roles } from '../../common/auth/roles.js';
import { IdParam } from '../../common/http/transforms.js';
import { CallReviewsService } from './call-reviews.service.js';
import { CallReviewView, ReviewCallDto } from './dto/call-review.dto.js';

@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls/:id')
export class CallReviewsController {
  constructor(private readonly reviews: CallReviewsService) {}

  @ApiOperation({ summary: 'Review a call' })
  @Put('review')
  @Roles('manager')
  @ApiOkResponse({
    type: CallReviewView,
    description: 'Scores the call against the clinic’s checklist (a new review replaces the earlier one); the operator is told',
  })
  review(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReviewCallDto): Promise<CallReviewView> {
    return this.reviews.review(actor, id, dto);
  }

  @ApiOperation({ summary: 'Get a call’s review' })
  @Get('review')
  @Roles('operator', 'manager')
  @ApiOkResponse({ type: CallReviewView })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<CallReviewView> {
    return this.reviews.get(actor, id);
  }

  @ApiOperation({ summary: 'Stream a call’s recording' })
  @Get('recording')
  @Roles('operator', 'manager')
  @ApiProduces('audio/mpeg', 'audio/wav', 'audio/ogg')
  @ApiOkResponse({
    description: 'The PBX’s recording of the call, streamed through the app (Range requests are passed on)',
    schema: { type: 'string', format: 'binary' },
  })
  async recording(
    @CurrentActor() actor: Actor,
    @Param() { id }: IdParam,
    @Headers('range') range: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const recording = await this.reviews.recording(actor, id, range);
    void reply.status(recording.status).headers(recording.headers);
    return new StreamableFile(recording.body);
  }
}
