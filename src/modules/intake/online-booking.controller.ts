import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentRequest, type RequestMeta } from '../../common/auth/actor.js';
import { Public } from '../../common/auth/roles.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { OnlineBookingDto, OnlineBookingView } from './dto/online-booking.dto.js';
import { IntakeService } from './intake.service.js';

@ApiTags('public booking')
@Controller('public/appointments')
export class OnlineBookingController {
  constructor(private readonly intake: IntakeService) {}

  @ApiOperation({ summary: 'Book an appointment from the website' })
  @Post()
  @Public()
  @RateLimit({ limit: 10 })
  @ApiHeader({ name: 'X-Intake-Key', required: true, description: 'The key of the website’s web-form intake source' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key give the same booking' })
  @ApiCreatedResponse({ type: OnlineBookingView })
  @ApiOkResponse({ type: OnlineBookingView, description: 'The same request was received before' })
  @ApiConflictResponse({ description: 'SLOT_TAKEN: someone booked that time first; nothing was stored' })
  @ApiUnprocessableEntityResponse({ description: 'CONSENT_REQUIRED or OUTSIDE_WORKING_HOURS; nothing was stored' })
  async book(
    @Headers('x-intake-key') key: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() dto: OnlineBookingDto,
    @CurrentRequest() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OnlineBookingView> {
    const { created, booking } = await this.intake.onlineBooking(key, idempotencyKey, dto, meta);
    void reply.status(created ? 201 : 200);
    return booking;
  }
}
