import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../../../common/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../../../config/config.js';
import { type AccessTokenPayload, AuthService } from '../auth.service.js';
import { type Authenticator, PASSPORT } from './authenticator.js';

/** Takes the registration @nestjs/passport would make on passport's process-wide instance; see the constructor. */
const NOT_GLOBAL = { use: () => undefined };

/**
 * Bearer access tokens: HS256 only, our issuer and audience, an expiry that is present and not past, then a live
 * session of an active person (one prepared query, so a revoked session stops working on the next request).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(PASSPORT) authenticator: Authenticator,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    const { secret, issuer, audience } = config.jwt;
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A key object, made once: given the secret as text or bytes, jsonwebtoken would first try to parse it as a PEM
      // public key on every verification, which costs about a millisecond per request.
      secretOrKey: createSecretKey(Buffer.from(secret)) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer,
      audience,
      ignoreExpiration: false,
    });
    authenticator.use('jwt', this);
  }

  /** Registered on this application's own Authenticator in the constructor, never on passport's shared one. */
  getPassportInstance(): typeof NOT_GLOBAL {
    return NOT_GLOBAL;
  }

  /** A token without an expiry would be valid for ever: refused even when correctly signed. */
  async validate(payload: AccessTokenPayload & { exp?: unknown }): Promise<AuthUser | false> {
    if (typeof payload?.exp !== 'number') return false;
    return (await this.auth.authenticate(payload)) ?? false;
  }
}
