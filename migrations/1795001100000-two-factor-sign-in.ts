import type { MigrationInterface, QueryRunner } from 'typeorm';

const REVOKE_REASONS_BEFORE = ['logout', 'refresh_token_reuse', 'deactivated', 'role_changed', 'password_changed'];
const REVOKE_REASONS = [...REVOKE_REASONS_BEFORE, 'password_reset', 'mfa_reset'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/** Two-factor sign-in (TOTP and recovery codes), sign-in challenges, and sign-in failures counted per submitted email. */
export class TwoFactorSignIn1795001100000 implements MigrationInterface {
  name = 'TwoFactorSignIn1795001100000';

  async up(db: QueryRunner): Promise<void> {
    // One authenticator per person. The TOTP secret is AES-256-GCM encrypted with a key that is not in the database;
    // confirmed_at is null until the person proved the app works; the last used time step keeps a code from being used twice.
    await db.query(`
      CREATE TABLE staff_mfa (
        staff_id uuid PRIMARY KEY REFERENCES staff_users (id) ON DELETE CASCADE,
        secret_ciphertext bytea NOT NULL CHECK (length(secret_ciphertext) BETWEEN 29 AND 512),
        confirmed_at timestamptz,
        last_used_step bigint CHECK (last_used_step >= 0),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    // Single-use recovery codes, stored as keyed hashes.
    await db.query(`
      CREATE TABLE mfa_recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
        used_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT mfa_recovery_codes_code_key UNIQUE (staff_id, code_hash)
      )`);

    // The step between a correct password and a session: a short-lived token (stored hashed) that only the second
    // factor (or, for compulsory enrolment, the enrolment calls) accepts, once.
    await db.query(`
      CREATE TABLE sign_in_challenges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
        enrolment boolean NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        completed_at timestamptz,
        CONSTRAINT sign_in_challenges_token_key UNIQUE (token_hash),
        CONSTRAINT sign_in_challenges_expiry CHECK (expires_at > created_at)
      )`);
    await db.query(`CREATE INDEX sign_in_challenges_expires_idx ON sign_in_challenges (expires_at)`);

    // Failed sign-ins and codes, keyed by a keyed hash of the submitted email (existing or not) and by address. Rows
    // older than the window are deleted as new ones arrive.
    await db.query(`
      CREATE TABLE sign_in_failures (
        id bigserial PRIMARY KEY,
        email_key bytea NOT NULL CHECK (length(email_key) = 32),
        ip inet,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX sign_in_failures_email_idx ON sign_in_failures (email_key, at)`);
    await db.query(`CREATE INDEX sign_in_failures_ip_idx ON sign_in_failures (ip, at)`);
    await db.query(`CREATE INDEX sign_in_failures_at_idx ON sign_in_failures (at)`);
    // Failed sign-ins are no longer counted from the audit trail (they are still recorded there).
    await db.query(`DROP INDEX audit_events_login_failures_account_idx, audit_events_login_failures_ip_idx`);

    await db.query(`ALTER TABLE auth_sessions DROP CONSTRAINT auth_sessions_revoked_reason_check`);
    await db.query(`ALTER TABLE auth_sessions ADD CONSTRAINT auth_sessions_revoked_reason_check CHECK (revoked_reason IN (${list(REVOKE_REASONS)}))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE auth_sessions SET revoked_reason = 'password_changed' WHERE revoked_reason IN ('password_reset', 'mfa_reset')`);
    await db.query(`ALTER TABLE auth_sessions DROP CONSTRAINT auth_sessions_revoked_reason_check`);
    await db.query(`ALTER TABLE auth_sessions ADD CONSTRAINT auth_sessions_revoked_reason_check CHECK (revoked_reason IN (${list(REVOKE_REASONS_BEFORE)}))`);
    await db.query(`DROP TABLE sign_in_failures, sign_in_challenges, mfa_recovery_codes, staff_mfa`);
    await db.query(`CREATE INDEX audit_events_login_failures_account_idx ON audit_events (entity_id, at) WHERE action = 'auth.login_failed'`);
    await db.query(`CREATE INDEX audit_events_login_failures_ip_idx ON audit_events (ip, at) WHERE action = 'auth.login_failed'`);
  }
}
