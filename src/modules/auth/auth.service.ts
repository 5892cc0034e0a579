import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, AuthUser, RequestMeta } from '../../common/auth/actor.js';
import { DECOY_HASH, verifyPassword } from '../../common/auth/passwords.js';
import { AppError } from '../../common/errors/app-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import type { StaffView } from '../staff/dto/staff.dto.js';
import { StaffService } from '../staff/staff.service.js';
import { AuthRepository } from './auth.repository.js';
import type { LoginDto, TokensView } from './dto/auth.dto.js';
import { type AccessTokenPayload, hashToken, newRefreshToken, SessionsService } from './sessions.service.js';
import { SignInLimits } from './sign-in-limits.service.js';
import type { SignInChallengeView } from './two-factor/dto/two-factor.dto.js';
import { TwoFactorService } from './two-factor/two-factor.service.js';

export type { AccessTokenPayload } from './sessions.service.js';

const invalidCredentials = () => new AppError('UNAUTHENTICATED', 'Email or password is wrong');
const invalidRefreshToken = () => new AppError('UNAUTHENTICATED', 'The refresh token is invalid, expired or already used; sign in again');

@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly sessions: AuthRepository,
    private readonly sessionTokens: SessionsService,
    private readonly limits: SignInLimits,
    private readonly twoFactor: TwoFactorService,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    // Deactivation, a role change, a new password or a reset of two-factor sign-in ends every session of that person at once.
    this.events.on('staff.access_changed', ({ userId, reason }, em) => this.sessions.revokeUserSessions(userId, reason, em!));
  }

  /**
   * The password step. Unknown and existing emails get the same answers, limits and (through the decoy hash) about the
   * same time. With two-factor sign-in on (or required for the role) the answer is a challenge instead of tokens.
   */
  async login(dto: LoginDto, meta: RequestMeta): Promise<TokensView | SignInChallengeView> {
    const emailKey = this.limits.emailKey(dto.email);
    await this.limits.assertAllowed(emailKey, meta.ip);
    const user = await this.staff.findForLogin(dto.email);
    const passwordOk = await verifyPassword(user?.passwordHash ?? DECOY_HASH, dto.password);
    if (!user || !passwordOk || !user.active) {
      await this.limits.recordFailure(emailKey, meta.ip);
      await this.audit.recordAnonymous(meta, { action: 'auth.login_failed', entity: 'staff_user', entityId: user?.id ?? null }, this.dataSource.manager);
      throw invalidCredentials();
    }
    const challenge = await this.twoFactor.challengeAfterPassword(user, meta);
    if (challenge) return challenge;
    const opened = await this.sessions.transaction((em) => this.sessionTokens.open(user, meta, ['password'], em));
    return this.sessionTokens.tokens(opened);
  }

  /** Rotates the refresh token. Presenting a token that was already used revokes its whole family. */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<TokensView> {
    const outcome = await this.sessions.transaction(async (em) => {
      const row = await this.sessions.lockRefreshToken(hashToken(refreshToken), em);
      if (!row || row.sessionRevokedAt || row.expiresAt.getTime() <= Date.now()) return { ok: false as const };
      if (row.usedAt) {
        await this.sessions.revokeSession(row.sessionId, 'refresh_token_reuse', em);
        await this.audit.recordAnonymous(
          { ...meta, actorId: row.userId },
          { action: 'auth.refresh_token_reused', entity: 'auth_session', entityId: row.sessionId },
          em,
        );
        await this.events.emit('auth.logged_out', { userId: row.userId, sessionId: row.sessionId }, em);
        return { ok: false as const };
      }
      const user = await this.staff.findActive(row.userId);
      if (!user) return { ok: false as const };
      await this.sessions.markUsed(row.id, em);
      const token = newRefreshToken();
      await this.sessions.insertRefreshToken(row.sessionId, hashToken(token), this.config.jwt.refreshTtlSec, em);
      return { ok: true as const, user, sessionId: row.sessionId, token };
    });
    if (!outcome.ok) throw invalidRefreshToken();
    return this.sessionTokens.tokens({ userId: outcome.user.id, role: outcome.user.role, sessionId: outcome.sessionId, refreshToken: outcome.token });
  }

  async logout(actor: Actor): Promise<void> {
    await this.sessions.transaction(async (em) => {
      await this.sessions.revokeSession(actor.sessionId, 'logout', em);
      await this.audit.record(actor, { action: 'auth.logout', entity: 'auth_session', entityId: actor.sessionId }, em);
      await this.events.emit('auth.logged_out', { userId: actor.id, sessionId: actor.sessionId }, em);
    });
  }

  me(actor: Actor): Promise<StaffView> {
    return this.staff.get(actor.id);
  }

  /**
   * The person behind a verified access token, checked on every request and socket handshake (by the passport `jwt`
   * strategy): the session is live and the person still active, with their role and branches as they are now.
   */
  async authenticate(payload: AccessTokenPayload): Promise<AuthUser | null> {
    if (typeof payload?.sub !== 'string' || typeof payload?.sid !== 'string') return null;
    const user = await this.sessions.findLiveSessionUser(payload.sid, payload.sub);
    return user ? { id: payload.sub, role: user.role, branchIds: user.branchIds, sessionId: payload.sid } : null;
  }
}
