import { Body, Controller, Headers, HttpCode, Param, Post, type RawBodyRequest, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentRequest, type RequestMeta } from '../../common/auth/actor.js';
import { Public } from '../../common/auth/roles.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { TelephonyEventAccepted, TelephonyEventDto } from './dto/telephony.dto.js';
import { TelephonyService } from './telephony.service.js';

/** PBX webhooks: call started, answered, ended. Each request is signed with the telephony source's key. */
@ApiTags('public telephony')
@Controller('public/telephony')
export class TelephonyController {
  constructor(private readonly telephony: TelephonyService) {}

  @ApiOperation({ summary: 'Receive PBX call events' })
  @Post(':sourceId/events')
  @Public()
  // A busy PBX posts several events per call from one address.
  @RateLimit({ limit: 3000 })
  @HttpCode(200)
  @ApiHeader({ name: 'X-Signature', required: true, description: 'sha256=<hex HMAC-SHA256 of the raw request body, keyed with the source key>' })
  @ApiBody({ type: TelephonyEventDto })
  @ApiOkResponse({ type: TelephonyEventAccepted, description: 'Taken (or taken before: duplicate, nothing changed)' })
  @ApiUnauthorizedResponse({ description: 'Unknown or inactive source, or a missing or wrong signature' })
  events(
    @Param('sourceId') sourceId: string,
    @Headers('x-signature') signature: string | undefined,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Body() body: unknown,
    @CurrentRequest() meta: RequestMeta,
  ): Promise<TelephonyEventAccepted> {
    return this.telephony.receive(sourceId, signature, request.rawBody, body, meta);
  }
}
