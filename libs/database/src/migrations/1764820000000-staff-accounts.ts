import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts: a status (invited until the invitee sets a password, inactive when an admin
 * turns the account off), the language of their mails, and the single-use invite and
 * password-reset tokens (only their hash is stored).
 */
export class StaffAccounts1764820000000 implements MigrationInterface {
  name = 'StaffAccounts1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users
      ADD COLUMN status text NOT NULL DEFAULT 'active',
      ADD COLUMN locale text NOT NULL DEFAULT 'en',
      ALTER COLUMN password_hash DROP NOT NULL,
      ADD CONSTRAINT users_status_check CHECK (status IN ('invited', 'active', 'inactive')),
      ADD CONSTRAINT users_locale_check CHECK (locale IN ('en', 'zh')),
      ADD CONSTRAINT users_active_has_password CHECK (status <> 'active' OR password_hash IS NOT NULL)`);
    await q.query(`CREATE TABLE account_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('invite', 'password_reset')),
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT account_tokens_hash_unique UNIQUE (token_hash)
    )`);
    await q.query(
      `CREATE INDEX account_tokens_user_live_idx ON account_tokens (user_id, purpose) WHERE used_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS account_tokens`);
    await q.query(`DELETE FROM users WHERE password_hash IS NULL`);
    await q.query(`ALTER TABLE users
      DROP CONSTRAINT IF EXISTS users_active_has_password,
      DROP CONSTRAINT IF EXISTS users_locale_check,
      DROP CONSTRAINT IF EXISTS users_status_check,
      ALTER COLUMN password_hash SET NOT NULL,
      DROP COLUMN IF EXISTS locale,
      DROP COLUMN IF EXISTS status`);
  }
}
