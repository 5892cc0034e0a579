import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../../common/auth/roles.js';
import { named } from '../../database/prepared-query.js';
import { execute, one, returning } from '../../database/sql.js';
import { joinActiveStaff, joinedStaffRole, staffBranchIds } from '../staff/staff-sql.js';

export interface RefreshTokenRow {
  id: string;
  sessionId: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
  sessionRevokedAt: Date | null;
}

/** Run on every authenticated request: kept prepared, its text built once. */
const LIVE_SESSION_USER = named(
  'auth.live-session-user',
  `SELECT ${joinedStaffRole()}, ${staffBranchIds('u.id')} AS "branchIds"
   FROM auth_sessions s ${joinActiveStaff('s.user_id')}
   WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()`,
);

/** Login sessions (one per refresh-token family) and their refresh tokens, stored as SHA-256 hashes. */
@Injectable()
export class AuthRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async createSession(userId: string, ttlSec: number, em: EntityManager): Promise<string> {
    const [row] = await returning<{ id: string }>(
      em,
      `INSERT INTO auth_sessions (user_id, expires_at) VALUES ($1, now() + make_interval(secs => $2)) RETURNING id`,
      [userId, ttlSec],
    );
    return row!.id;
  }

  async insertRefreshToken(sessionId: string, tokenHash: Buffer, ttlSec: number, em: EntityManager): Promise<void> {
    await execute(em, `INSERT INTO refresh_tokens (session_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
      sessionId,
      tokenHash,
      ttlSec,
    ]);
  }

  /** Locks the token row so that two concurrent refreshes with the same token cannot both succeed. */
  lockRefreshToken(tokenHash: Buffer, em: EntityManager): Promise<RefreshTokenRow | undefined> {
    return one<RefreshTokenRow>(
      em,
      `SELECT t.id, t.session_id AS "sessionId", s.user_id AS "userId", t.expires_at AS "expiresAt", t.used_at AS "usedAt",
              s.revoked_at AS "sessionRevokedAt"
       FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id
       WHERE t.token_hash = $1 FOR UPDATE OF t, s`,
      [tokenHash],
    );
  }

  async markUsed(tokenId: string, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, [tokenId]);
  }

  async revokeSession(sessionId: string, reason: string, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, reason]);
  }

  async revokeUserSessions(userId: string, reason: string, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, reason]);
  }

  /**
   * The person behind a live session, if they are still active, with their role and branches as they are now. Runs on
   * every authenticated request, so it reads the person in the same query, through the staff module's fragments.
   */
  async findLiveSessionUser(sessionId: string, userId: string): Promise<{ role: Role; branchIds: string[] } | null> {
    const row = await one<{ role: Role; branchIds: string[] }>(this.dataSource, LIVE_SESSION_USER, [sessionId, userId]);
    return row ?? null;
  }
}
