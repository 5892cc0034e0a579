import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, execute, one } from '../../../database/sql.js';

export interface StaffMfaRow {
  staffId: string;
  secretCiphertext: Buffer;
  confirmedAt: Date | null;
  lastUsedStep: number | null;
}

export interface SignInChallengeRow {
  id: string;
  userId: string;
  enrolment: boolean;
}

const SELECT_MFA = `SELECT staff_id AS "staffId", secret_ciphertext AS "secretCiphertext", confirmed_at AS "confirmedAt", last_used_step::float8 AS "lastUsedStep"
  FROM staff_mfa`;

const SELECT_LIVE_CHALLENGE = `SELECT id, user_id AS "userId", enrolment FROM sign_in_challenges
  WHERE token_hash = $1 AND completed_at IS NULL AND expires_at > now()`;

/** Authenticators, recovery codes and sign-in challenges (the step between the password and a session). */
@Injectable()
export class TwoFactorRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  find(staffId: string, em: EntityManager = this.dataSource.manager): Promise<StaffMfaRow | undefined> {
    return one<StaffMfaRow>(em, `${SELECT_MFA} WHERE staff_id = $1`, [staffId]);
  }

  /** The authenticator, locked until the transaction ends (a code is used once, an enrolment confirmed once). */
  lock(staffId: string, em: EntityManager): Promise<StaffMfaRow | undefined> {
    return one<StaffMfaRow>(em, `${SELECT_MFA} WHERE staff_id = $1 FOR UPDATE`, [staffId]);
  }

  /** A new authenticator waiting for its first code; replaces one that was never confirmed. */
  async savePending(staffId: string, secretCiphertext: Buffer, em: EntityManager): Promise<void> {
    await execute(
      em,
      `INSERT INTO staff_mfa (staff_id, secret_ciphertext) VALUES ($1, $2)
       ON CONFLICT (staff_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext, confirmed_at = NULL, last_used_step = NULL, created_at = now()`,
      [staffId, secretCiphertext],
    );
  }

  async confirm(staffId: string, step: number, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE staff_mfa SET confirmed_at = now(), last_used_step = $2 WHERE staff_id = $1`, [staffId, step]);
  }

  /** Moves the last used step forward; false if another request already used this step or a later one. */
  async useStep(staffId: string, step: number, em: EntityManager): Promise<boolean> {
    const count = await affected(
      em,
      `UPDATE staff_mfa SET last_used_step = $2 WHERE staff_id = $1 AND confirmed_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < $2)`,
      [staffId, step],
    );
    return count === 1;
  }

  async replaceRecoveryCodes(staffId: string, hashes: Buffer[], em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM mfa_recovery_codes WHERE staff_id = $1`, [staffId]);
    await execute(em, `INSERT INTO mfa_recovery_codes (staff_id, code_hash) SELECT $1, unnest($2::bytea[])`, [staffId, hashes]);
  }

  /** Marks an unused code used; false when there is no such unused code. */
  async useRecoveryCode(staffId: string, hash: Buffer, em: EntityManager): Promise<boolean> {
    const count = await affected(em, `UPDATE mfa_recovery_codes SET used_at = now() WHERE staff_id = $1 AND code_hash = $2 AND used_at IS NULL`, [
      staffId,
      hash,
    ]);
    return count === 1;
  }

  async unusedRecoveryCodes(staffId: string, em: EntityManager = this.dataSource.manager): Promise<number> {
    const row = await one<{ n: number }>(em, `SELECT count(*)::int AS n FROM mfa_recovery_codes WHERE staff_id = $1 AND used_at IS NULL`, [staffId]);
    return row!.n;
  }

  /** Removes the authenticator, its recovery codes and open sign-in challenges. */
  async remove(staffId: string, em: EntityManager): Promise<void> {
    await execute(em, `DELETE FROM mfa_recovery_codes WHERE staff_id = $1`, [staffId]);
    await execute(em, `DELETE FROM staff_mfa WHERE staff_id = $1`, [staffId]);
    await execute(em, `DELETE FROM sign_in_challenges WHERE user_id = $1`, [staffId]);
  }

  /** Issues a challenge and drops expired ones (nothing reads them again). */
  async insertChallenge(userId: string, tokenHash: Buffer, enrolment: boolean, ttlSec: number, em: EntityManager): Promise<void> {
    await execute(
      em,
      `WITH expired AS (DELETE FROM sign_in_challenges WHERE expires_at <= now())
       INSERT INTO sign_in_challenges (user_id, token_hash, enrolment, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [userId, tokenHash, enrolment, ttlSec],
    );
  }

  /** A challenge that has neither expired nor been used. */
  findLiveChallenge(tokenHash: Buffer, em: EntityManager = this.dataSource.manager): Promise<SignInChallengeRow | undefined> {
    return one<SignInChallengeRow>(em, SELECT_LIVE_CHALLENGE, [tokenHash]);
  }

  /** `findLiveChallenge`, locked until the transaction ends, so that it is used once. */
  lockLiveChallenge(tokenHash: Buffer, em: EntityManager): Promise<SignInChallengeRow | undefined> {
    return one<SignInChallengeRow>(em, `${SELECT_LIVE_CHALLENGE} FOR UPDATE`, [tokenHash]);
  }

  async completeChallenge(id: string, em: EntityManager): Promise<void> {
    await execute(em, `UPDATE sign_in_challenges SET completed_at = now() WHERE id = $1`, [id]);
  }
}
