import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

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

/** Authenticators, recovery codes and sign-in challenges (the step between the password and a session). */
@Injectable()
export class TwoFactorRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async find(staffId: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<StaffMfaRow | undefined> {
    const [row] = await em.query(
      `SELECT staff_id AS "staffId", secret_ciphertext AS "secretCiphertext", confirmed_at AS "confirmedAt", last_used_step::float8 AS "lastUsedStep"
       FROM staff_mfa WHERE staff_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [staffId],
    );
    return row;
  }

  /** A new authenticator waiting for its first code; replaces one that was never confirmed. */
  async savePending(staffId: string, secretCiphertext: Buffer, em: EntityManager): Promise<void> {
    await em.query(
      `INSERT INTO staff_mfa (staff_id, secret_ciphertext) VALUES ($1, $2)
       ON CONFLICT (staff_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext, confirmed_at = NULL, last_used_step = NULL, created_at = now()`,
      [staffId, secretCiphertext],
    );
  }

  async confirm(staffId: string, step: number, em: EntityManager): Promise<void> {
    await em.query(`UPDATE staff_mfa SET confirmed_at = now(), last_used_step = $2 WHERE staff_id = $1`, [staffId, step]);
  }

  /** Moves the last used step forward; false if another request already used this step or a later one. */
  async useStep(staffId: string, step: number, em: EntityManager): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE staff_mfa SET last_used_step = $2 WHERE staff_id = $1 AND confirmed_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < $2)`,
      [staffId, step],
    );
    return count === 1;
  }

  async replaceRecoveryCodes(staffId: string, hashes: Buffer[], em: EntityManager): Promise<void> {
    await em.query(`DELETE FROM mfa_recovery_codes WHERE staff_id = $1`, [staffId]);
    await em.query(`INSERT INTO mfa_recovery_codes (staff_id, code_hash) SELECT $1, unnest($2::bytea[])`, [staffId, hashes]);
  }

  /** Marks an unused code used; false when there is no such unused code. */
  async useRecoveryCode(staffId: string, hash: Buffer, em: EntityManager): Promise<boolean> {
    const [, count] = await em.query(`UPDATE mfa_recovery_codes SET used_at = now() WHERE staff_id = $1 AND code_hash = $2 AND used_at IS NULL`, [
      staffId,
      hash,
    ]);
    return count === 1;
  }

  async unusedRecoveryCodes(staffId: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM mfa_recovery_codes WHERE staff_id = $1 AND used_at IS NULL`, [staffId]);
    return row.n;
  }

  /** Removes the authenticator, its recovery codes and open sign-in challenges. */
  async remove(staffId: string, em: EntityManager): Promise<void> {
    await em.query(`DELETE FROM mfa_recovery_codes WHERE staff_id = $1`, [staffId]);
    await em.query(`DELETE FROM staff_mfa WHERE staff_id = $1`, [staffId]);
    await em.query(`DELETE FROM sign_in_challenges WHERE user_id = $1`, [staffId]);
  }

  /** Issues a challenge and drops expired ones (nothing reads them again). */
  async insertChallenge(userId: string, tokenHash: Buffer, enrolment: boolean, ttlSec: number): Promise<void> {
    await this.dataSource.query(
      `WITH expired AS (DELETE FROM sign_in_challenges WHERE expires_at <= now())
       INSERT INTO sign_in_challenges (user_id, token_hash, enrolment, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [userId, tokenHash, enrolment, ttlSec],
    );
  }

  /** A challenge that has neither expired nor been used; locked when `em` is a transaction, so it is used once. */
  async findLiveChallenge(tokenHash: Buffer, em: EntityManager = this.dataSource.manager, lock = false): Promise<SignInChallengeRow | undefined> {
    const [row] = await em.query(
      `SELECT id, user_id AS "userId", enrolment FROM sign_in_challenges
       WHERE token_hash = $1 AND completed_at IS NULL AND expires_at > now() ${lock ? 'FOR UPDATE' : ''}`,
      [tokenHash],
    );
    return row;
  }

  async completeChallenge(id: string, em: EntityManager): Promise<void> {
    await em.query(`UPDATE sign_in_challenges SET completed_at = now() WHERE id = $1`, [id]);
  }
}
