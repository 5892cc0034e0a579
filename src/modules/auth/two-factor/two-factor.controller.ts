import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Actor, CurrentActor, CurrentRequest, OptionalActor, type RequestMeta } from '../../../common/auth/actor.js';
import { ALL_STAFF, Public, Roles, SignInStep } from '../../../common/auth/roles.js';
import { TokensView } from '../dto/auth.dto.js';
import { ConfirmMfaEnrolmentDto, MfaCodeDto, MfaEnabledView, MfaEnrolmentView, MfaStatusView, StartMfaEnrolmentDto } from './dto/two-factor.dto.js';
import { TwoFactorService } from './two-factor.service.js';

@ApiTags('auth')
@Controller('auth/mfa')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @ApiOperation({ summary: 'Complete sign-in with a two-factor code' })
  @Post()
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokensView, description: 'Signed in' })
  @ApiUnauthorizedResponse({ description: 'The code is wrong or was used before, or the mfaToken expired (then sign in again)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins or codes for this account or address; see Retry-After' })
  complete(@Body() dto: MfaCodeDto, @CurrentRequest() meta: RequestMeta): Promise<TokensView> {
    return this.twoFactor.completeSignIn(dto, meta);
  }

  @ApiOperation({ summary: 'Get my two-factor sign-in status' })
  @Get()
  @Roles(...ALL_STAFF)
  @ApiBearerAuth()
  @ApiOkResponse({ type: MfaStatusView })
  status(@CurrentActor() actor: Actor): Promise<MfaStatusView> {
    return this.twoFactor.status(actor);
  }

  @ApiOperation({ summary: 'Start turning on two-factor sign-in' })
  @Post('enrolment')
  @Roles(...ALL_STAFF)
  @SignInStep()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: MfaEnrolmentView, description: 'Show the QR code; nothing changes until the first code is confirmed' })
  @ApiConflictResponse({ description: 'Two-factor sign-in is already on' })
  startEnrolment(@OptionalActor() actor: Actor | undefined, @Body() dto: StartMfaEnrolmentDto, @CurrentRequest() meta: RequestMeta): Promise<MfaEnrolmentView> {
    return this.twoFactor.startEnrolment(actor, dto, meta);
  }

  @ApiOperation({ summary: 'Confirm two-factor sign-in with a first code' })
  @Post('enrolment/confirm')
  @Roles(...ALL_STAFF)
  @SignInStep()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: MfaEnabledView, description: 'On. With an mfaToken (compulsory enrolment at sign-in) the answer also carries the session’s tokens' })
  @ApiUnprocessableEntityResponse({ description: 'The code does not match the new secret' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins or codes for this account or address; see Retry-After' })
  confirmEnrolment(
    @OptionalActor() actor: Actor | undefined,
    @Body() dto: ConfirmMfaEnrolmentDto,
    @CurrentRequest() meta: RequestMeta,
  ): Promise<MfaEnabledView> {
    return this.twoFactor.confirmEnrolment(actor, dto, meta);
  }
}
