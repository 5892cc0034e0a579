import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/actor.js';
import type { Role } from '../../common/auth/roles.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { StaffService } from '../staff/staff.service.js';
import { AuthRepository } from './auth.repository.js';
import type { TokensView } from './dto/auth.dto.js';

export interface AccessTokenPayload {
  sub: string;
  sid: string;
  role: string;
}

/** A session written in a transaction; its tokens are made once that committed. */
export interface OpenedSession {
  userId: string;
  role: string;
  sessionId: string;
  refreshToken: string;
}

/** How a person proved who they are, for the audit trail (names of factors, never values). */
export type SignInFactors = ['password'] | ['password', 'totp'] | ['password', 'recovery_code'];

/** Sign-in sessions (one per refresh-token family) and the tokens that name them. */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: AuthRepository,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
    private readonly jwt: JwtService,
  ) {}

  /** Opens a session inside `em` and records the sign-in with it. */
  async open(user: { id: string; role: Role }, meta: RequestMeta, factors: SignInFactors, em: EntityManager): Promise<OpenedSession> {
    const sessionId = await this.sessions.createSession(user.id, this.config.jwt.refreshTtlSec, em);
    const refreshToken = newRefreshToken();
    await this.sessions.insertRefreshToken(sessionId, hashToken(refreshToken), this.config.jwt.refreshTtlSec, em);
    await this.audit.recordAnonymous(
      { ...meta, actorId: user.id, actorRole: user.role },
      { action: 'auth.login', entity: 'staff_user', entityId: user.id, fields: factors },
      em,
    );
    return { userId: user.id, role: user.role, sessionId, refreshToken };
  }

  async tokens({ userId, role, sessionId, refreshToken }: OpenedSession): Promise<TokensView> {
    const { issuer, audience, accessTtlSec } = this.config.jwt;
    const accessToken = await this.jwt.signAsync({ sub: userId, sid: sessionId, role } satisfies AccessTokenPayload, {
      issuer,
      audience,
      algorithm: 'HS256',
      expiresIn: accessTtlSec,
    });
    return { accessToken, refreshToken, expiresIn: accessTtlSec, user: await this.staff.get(userId) };
  }
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Refresh tokens and sign-in challenges are stored as SHA-256 hashes: the table alone signs nobody in. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
