import { Body, Controller, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentRequest, type RequestMeta } from '../../common/auth/actor.js';
import { Public } from '../../common/auth/roles.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { UnsubscribeView } from './dto/message.dto.js';
import { PublicMessagesService } from './public-messages.service.js';

class ProviderCallback {}

@ApiTags('public messages')
@Controller('public/messages')
export class PublicMessagesController {
  constructor(private readonly messages: PublicMessagesService) {}

  @ApiOperation({ summary: 'Unsubscribe from messages with a link token' })
  @Post('unsubscribe/:token')
  @Public()
  @RateLimit()
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    required: false,
    description: 'Anything, or nothing: mail clients send `List-Unsubscribe=One-Click` (RFC 8058)',
    schema: { type: 'object', properties: { 'List-Unsubscribe': { type: 'string' } } },
  })
  @ApiOkResponse({
    type: UnsubscribeView,
    description: 'The person gets no more automatic messages (confirmations, reminders, feedback requests, recalls, marketing)',
  })
  unsubscribe(@Param('token') token: string, @CurrentRequest() meta: RequestMeta): Promise<UnsubscribeView> {
    return this.messages.unsubscribe(token, meta);
  }

  @ApiOperation({ summary: 'Receive SMS.ru delivery status callbacks' })
  @Post('sms-ru/:secret')
  @Public()
  @RateLimit({ limit: 600 })
  @HttpCode(200)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: ProviderCallback, description: 'SMS.ru status callback: data[] entries "sms_status\\n<sms_id>\\n<status code>\\n<time>"' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: '"100", as SMS.ru expects', schema: { type: 'string', example: '100' } })
  smsRu(@Param('secret') secret: string, @Body() body: Record<string, unknown>): Promise<string> {
    return this.messages.smsRuCallback(secret, body);
  }
}
