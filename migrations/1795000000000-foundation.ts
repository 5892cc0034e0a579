import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795000000000 implements MigrationInterface {
  name = 'Foundation1795000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    // Refuses UPDATE, DELETE and TRUNCATE on tables that must stay as written (audit trail, consent records).
    await db.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is not allowed: rows of this table are never changed', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);

    await db.query(`
      CREATE TABLE branches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        address text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
        phone text CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        timezone text NOT NULL,
        call_center_hours jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(call_center_hours) = 'array'),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT branches_name_key UNIQUE (name)
      )`);

    await db.query(`
      CREATE TABLE staff_users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email citext NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        password_hash text NOT NULL,
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ('admin', 'manager', 'operator', 'receptionist')),
        active boolean NOT NULL DEFAULT true,
        capacity integer NOT NULL DEFAULT 5 CHECK (capacity BETWEEN 1 AND 100),
        extension text CHECK (extension ~ '^[0-9A-Za-z*#+_-]{1,32}$'),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT staff_users_email_key UNIQUE (email),
        CONSTRAINT staff_users_extension_key UNIQUE (extension)
      )`);

    await db.query(`
      CREATE TABLE staff_branches (
        staff_id uuid NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
        branch_id uuid NOT NULL REFERENCES branches (id),
        PRIMARY KEY (staff_id, branch_id)
      )`);
    await db.query(`CREATE INDEX staff_branches_branch_idx ON staff_branches (branch_id)`);

    // A login session is one refresh-token family; access tokens name it, so revoking it ends them at once.
    await db.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text CHECK (revoked_reason IN ('logout', 'refresh_token_reuse', 'deactivated', 'role_changed', 'password_changed'))
      )`);
    await db.query(`CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id) WHERE revoked_at IS NULL`);

    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT refresh_tokens_hash_key UNIQUE (token_hash)
      )`);

    // Who did what to which record; never the personal values themselves.
    await db.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_role text,
        action text NOT NULL CHECK (action ~ '^[a-z_]+(\\.[a-z_]+)+$'),
        entity text NOT NULL,
        entity_id text,
        fields text[] NOT NULL DEFAULT '{}',
        request_id text,
        ip inet
      )`);
    await db.query(`CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id, at)`);
    await db.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at)`);
    await db.query(`CREATE INDEX audit_events_login_failures_account_idx ON audit_events (entity_id, at) WHERE action = 'auth.login_failed'`);
    await db.query(`CREATE INDEX audit_events_login_failures_ip_idx ON audit_events (ip, at) WHERE action = 'auth.login_failed'`);
    await db.query(`CREATE TRIGGER audit_events_insert_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await db.query(`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_events, refresh_tokens, auth_sessions, staff_branches, staff_users, branches`);
    await db.query(`DROP FUNCTION refuse_change()`);
  }
}
