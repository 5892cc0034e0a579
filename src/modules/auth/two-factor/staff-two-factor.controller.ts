import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../../common/auth/actor.js';
import { Roles } from '../../../common/auth/roles.js';
import { IdParam } from '../../../common/http/transforms.js';
import { TwoFactorService } from './two-factor.service.js';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffTwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Post(':id/mfa/reset')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Their authenticator and recovery codes are removed and their sessions end (a lost phone)' })
  reset(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<void> {
    return this.twoFactor.reset(actor, id);
  }
}
