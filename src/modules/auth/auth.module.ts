import { Module, type OnModuleInit, Optional } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { StaffModule } from '../staff/staff.module.js';
import { AccountRecoveryService } from './account-recovery.service.js';
import { AuthController } from './auth.controller.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { passportProvider } from './passport/authenticator.js';
import { BearerAuthentication } from './passport/bearer-authentication.js';
import { JwtStrategy } from './passport/jwt.strategy.js';
import { SessionsService } from './sessions.service.js';
import { SignInFailuresRepository } from './sign-in-failures.repository.js';
import { SignInLimits } from './sign-in-limits.service.js';
import { StaffTwoFactorController } from './two-factor/staff-two-factor.controller.js';
import { TwoFactorController } from './two-factor/two-factor.controller.js';
import { TwoFactorRepository } from './two-factor/two-factor.repository.js';
import { TwoFactorService } from './two-factor/two-factor.service.js';

@Module({
  imports: [
    // A key object, made once: given the secret as text, jsonwebtoken would first try to parse it as a PEM public key
    // on every signature, which costs about a millisecond.
    JwtModule.registerAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.jwt.secret)) }) }),
    StaffModule,
  ],
  controllers: [AuthController, TwoFactorController, StaffTwoFactorController],
  providers: [
    passportProvider,
    JwtStrategy,
    BearerAuthentication,
    AuthRepository,
    AuthService,
    SessionsService,
    SignInFailuresRepository,
    SignInLimits,
    TwoFactorRepository,
    TwoFactorService,
    AccountRecoveryService,
  ],
  exports: [AuthService, BearerAuthentication, AccountRecoveryService],
})
export class AuthModule implements OnModuleInit {
  constructor(@Optional() private readonly personalData?: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.personalData?.exempt({
      table: 'sign_in_failures',
      columns: ['ip'],
      reason: 'addresses of failed sign-ins to staff accounts, kept only for the sign-in limit window',
    });
  }
}
