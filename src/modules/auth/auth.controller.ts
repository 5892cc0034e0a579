import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { type Actor, CurrentActor, CurrentRequest, type RequestMeta } from '../../common/auth/actor.js';
import { ALL_STAFF, Public, Roles } from '../../common/auth/roles.js';
import { StaffView } from '../staff/dto/staff.dto.js';
import { AuthService } from './auth.service.js';
import { LoginDto, RefreshDto, TokensView } from './dto/auth.dto.js';
import { SignInChallengeView } from './two-factor/dto/two-factor.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @ApiOperation({ summary: 'Sign in with email and password' })
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiExtraModels(TokensView, SignInChallengeView)
  @ApiOkResponse({
    description: 'Tokens; or, for someone with two-factor sign-in (or whose role requires it), a sign-in challenge that POST /auth/mfa completes',
    schema: { oneOf: [{ $ref: getSchemaPath(TokensView) }, { $ref: getSchemaPath(SignInChallengeView) }] },
  })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts from this address or for this email; see Retry-After' })
  login(@Body() dto: LoginDto, @CurrentRequest() meta: RequestMeta): Promise<TokensView | SignInChallengeView> {
    return this.auth.login(dto, meta);
  }

  @ApiOperation({ summary: 'Exchange a refresh token for new tokens' })
  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokensView })
  refresh(@Body() dto: RefreshDto, @CurrentRequest() meta: RequestMeta): Promise<TokensView> {
    return this.auth.refresh(dto.refreshToken, meta);
  }

  @ApiOperation({ summary: 'Sign out (revoke the session)' })
  @Post('logout')
  @Roles(...ALL_STAFF)
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The session and its refresh tokens are revoked' })
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor);
  }

  @ApiOperation({ summary: 'Get the signed-in staff member' })
  @Get('me')
  @Roles(...ALL_STAFF)
  @ApiBearerAuth()
  @ApiOkResponse({ type: StaffView })
  me(@CurrentActor() actor: Actor): Promise<StaffView> {
    return this.auth.me(actor);
  }
}
