import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
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

export interface AccessTokenPayload {
  sub: string;
  sid: string;
  role: string;
}

const invalidCredentials = () => new AppError(401, 'UNAUTHENTICATED', 'Email or password is wrong');
const invalidRefreshToken = () => new AppError(401, 'UNAUTHENTICATED', 'The refresh token is invalid, expired or already used; sign in again');

@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: AuthRepository,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
    private readonly jwt: JwtService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    // Deactivation, a role change or a new password ends every session of that person at once.
    this.events.on('staff.access_changed', ({ userId, reason }, em) => this.sessions.revokeUserSessions(userId, reason, em));
  }

  async login(dto: LoginDto, meta: RequestMeta): Promise<TokensView> {
    const { windowSec, maxFailuresPerIp, maxFailuresPerAccount } = this.config.login;
    await this.refuseIfLimited(await this.audit.loginFailures({ ip: meta.ip }, windowSec), maxFailuresPerIp);
    const user = await this.staff.findForLogin(dto.email);
    if (user) await this.refuseIfLimited(await this.audit.loginFailures({ accountId: user.id }, windowSec), maxFailuresPerAccount);

    const passwordOk = await verifyPassword(user?.passwordHash ?? DECOY_HASH, dto.password);
    if (!user || !passwordOk || !user.active) {
      await this.audit.recordAnonymous(meta, { action: 'auth.login_failed', entity: 'staff_user', entityId: user?.id ?? null });
      throw invalidCredentials();
    }

    const { sessionId, refreshToken } = await this.sessions.transaction(async (em) => {
      const id = await this.sessions.createSession(user.id, this.config.jwt.refreshTtlSec, em);
      const token = newRefreshToken();
      await this.sessions.insertRefreshToken(id, hashToken(token), this.config.jwt.refreshTtlSec, em);
      await this.audit.recordAnonymous({ ...meta, actorId: user.id, actorRole: user.role }, { action: 'auth.login', entity: 'staff_user', entityId: user.id }, em);
      return { sessionId: id, refreshToken: token };
    });
    return this.tokens(user.id, user.role, sessionId, refreshToken);
  }

  /** Rotates the refresh token. Presenting a token that was already used revokes its whole family. */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<TokensView> {
    const outcome = await this.sessions.transaction(async (em) => {
      const row = await this.sessions.findRefreshTokenForUpdate(hashToken(refreshToken), em);
      if (!row || row.sessionRevokedAt || row.expiresAt.getTime() <= Date.now()) return { ok: false as const };
      if (row.usedAt) {
        await this.sessions.revokeSession(row.sessionId, 'refresh_token_reuse', em);
        await this.audit.recordAnonymous({ ...meta, actorId: row.userId }, { action: 'auth.refresh_token_reused', entity: 'auth_session', entityId: row.sessionId }, em);
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
    return this.tokens(outcome.user.id, outcome.user.role, outcome.sessionId, outcome.token);
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

  /** Checked on every request and socket handshake: the session is live and the person still active. */
  async authenticate(payload: AccessTokenPayload): Promise<AuthUser | null> {
    if (typeof payload?.sub !== 'string' || typeof payload?.sid !== 'string') return null;
    const user = await this.sessions.findLiveSessionUser(payload.sid, payload.sub);
    return user ? { id: payload.sub, role: user.role, branchIds: user.branchIds, sessionId: payload.sid } : null;
  }

  /**
   * Verifies a bearer access token (HTTP requests and socket handshakes): HS256 only, our issuer and audience, not
   * expired. A token that fails verification gives null; a database failure while checking the session is thrown.
   */
  async authenticateToken(token: string): Promise<AuthUser | null> {
    let payload: AccessTokenPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload>(token, this.verifyOptions());
    } catch {
      return null;
    }
    return this.authenticate(payload);
  }

  /** The signing key is the JWT secret, set once in AuthModule. */
  verifyOptions() {
    const { issuer, audience } = this.config.jwt;
    return { issuer, audience, algorithms: ['HS256' as const] };
  }

  private async tokens(userId: string, role: string, sessionId: string, refreshToken: string): Promise<TokensView> {
    const { issuer, audience, accessTtlSec } = this.config.jwt;
    const accessToken = await this.jwt.signAsync({ sub: userId, sid: sessionId, role } satisfies AccessTokenPayload, {
      issuer, audience, algorithm: 'HS256', expiresIn: accessTtlSec,
    });
    return { accessToken, refreshToken, expiresIn: accessTtlSec, user: await this.staff.get(userId) };
  }

  private async refuseIfLimited(failures: { count: number; oldestAt: Date | null }, max: number): Promise<void> {
    if (failures.count < max) return;
    const reopensAt = (failures.oldestAt?.getTime() ?? Date.now()) + this.config.login.windowSec * 1000;
    const retryAfter = Math.max(1, Math.ceil((reopensAt - Date.now()) / 1000));
    throw new AppError(429, 'RATE_LIMITED', 'Too many failed sign-in attempts; try again later', { retryAfterSec: retryAfter }, { 'Retry-After': String(retryAfter) });
  }
}

function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
