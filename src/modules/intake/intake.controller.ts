import { Body, Controller, Header, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentRequest, type RequestMeta } from '../../common/auth/actor.js';
import { Public } from '../../common/auth/roles.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { IntakeAccepted, WebFormDto } from './dto/web-form.dto.js';
import { IntakeService } from './intake.service.js';

class ProviderUpdate {}

/** Public intake endpoints: each belongs to a configured intake source and proves it by that source's secret. */
@ApiTags('public intake')
@Controller('public/intake')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @ApiOperation({ summary: 'Submit a website form' })
  @Post('web-form')
  @Public()
  @RateLimit()
  @ApiHeader({ name: 'X-Intake-Key', required: true, description: 'The key of the web-form intake source' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key give the same lead' })
  @ApiCreatedResponse({ type: IntakeAccepted })
  @ApiOkResponse({ type: IntakeAccepted, description: 'The same submission was received before' })
  @ApiUnprocessableEntityResponse({ description: 'CONSENT_REQUIRED: no accepted consent to the current personal-data document; nothing was stored' })
  async webForm(
    @Headers('x-intake-key') key: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() dto: WebFormDto,
    @CurrentRequest() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IntakeAccepted> {
    const { created, ...accepted } = await this.intake.webForm(key, idempotencyKey, dto, meta);
    void reply.status(created ? 201 : 200);
    return accepted;
  }

  @ApiOperation({ summary: 'Receive a Tilda form webhook' })
  @Post('tilda/:key')
  @Public()
  @RateLimit()
  @HttpCode(200)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: ProviderUpdate, description: "Tilda's form webhook: the form's fields plus tranid, formid and utm_* (or test=test)" })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: '"ok"', schema: { type: 'string', example: 'ok' } })
  tilda(@Param('key') key: string, @Body() body: Record<string, unknown>, @CurrentRequest() meta: RequestMeta): Promise<string> {
    return this.intake.tilda(key, body, meta);
  }

  @ApiOperation({ summary: 'Receive a VK Callback API event' })
  @Post('vk/:sourceId')
  @Public()
  @RateLimit({ limit: 600 })
  @HttpCode(200)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiBody({ type: ProviderUpdate, description: 'A VK Callback API event: confirmation, message_new or lead_forms_new' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: '"ok", or the confirmation string', schema: { type: 'string', example: 'ok' } })
  vk(@Param('sourceId') sourceId: string, @Body() body: Record<string, unknown>, @CurrentRequest() meta: RequestMeta): Promise<string> {
    return this.intake.vk(sourceId, body, meta);
  }

  @ApiOperation({ summary: 'Receive a Telegram bot update' })
  @Post('telegram/:sourceId')
  @Public()
  @RateLimit({ limit: 600 })
  @HttpCode(200)
  @ApiHeader({ name: 'X-Telegram-Bot-Api-Secret-Token', required: true })
  @ApiBody({ type: ProviderUpdate, description: 'A Telegram Bot API Update' })
  @ApiOkResponse({ description: 'Taken', schema: { type: 'object', properties: { ok: { type: 'boolean' } } } })
  async telegram(
    @Param('sourceId') sourceId: string,
    @Headers('x-telegram-bot-api-secret-token') secretToken: string | undefined,
    @Body() body: Record<string, unknown>,
    @CurrentRequest() meta: RequestMeta,
  ): Promise<{ ok: true }> {
    await this.intake.telegram(sourceId, secretToken, body, meta);
    return { ok: true };
  }
}
