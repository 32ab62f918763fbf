import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE organizations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      slug text NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT organizations_slug_unique UNIQUE (slug)
    )`);
    await q.query(`CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
      email text NOT NULL,
      name text NOT NULL,
      password_hash text NOT NULL,
      roles text[] NOT NULL DEFAULT '{}',
      business_unit_ids uuid[] NOT NULL DEFAULT '{}',
      specialties text[] NOT NULL DEFAULT '{}',
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT users_email_unique UNIQUE (email)
    )`);
    await q.query(`CREATE INDEX users_org_created_idx ON users (organization_id, created_at, id)`);
    await q.query(`CREATE INDEX users_business_units_idx ON users USING gin (business_unit_ids)`);
    await q.query(`CREATE TABLE refresh_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      family_id uuid NOT NULL,
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE TABLE business_units (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL,
      code text NOT NULL,
      specialties text[] NOT NULL DEFAULT '{}',
      review_sla_hours int NOT NULL CHECK (review_sla_hours > 0),
      daily_interview_capacity int NOT NULL CHECK (daily_interview_capacity >= 0),
      max_open_reviews int CHECK (max_open_reviews IS NULL OR max_open_reviews >= 0),
      scorecard jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT business_units_org_code_unique UNIQUE (organization_id, code)
    )`);
    await q.query(
      `CREATE INDEX business_units_org_created_idx ON business_units (organization_id, created_at, id)`,
    );
    await q.query(`CREATE TABLE audit_log (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
      actor_type text NOT NULL,
      actor_id uuid,
      action text NOT NULL,
      object_type text NOT NULL,
      object_id uuid,
      details jsonb NOT NULL DEFAULT '{}',
      at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX audit_log_org_at_idx ON audit_log (organization_id, at DESC, id DESC)`);
    await q.query(`CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      queue text NOT NULL,
      job_name text NOT NULL,
      job_id text NOT NULL,
      payload jsonb NOT NULL,
      delay_ms bigint NOT NULL DEFAULT 0,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      relayed_at timestamptz
    )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE relayed_at IS NULL`);
    await q.query(`CREATE TABLE mail_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
      to_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text,
      links jsonb NOT NULL DEFAULT '[]',
      attachments jsonb NOT NULL DEFAULT '[]',
      template text NOT NULL,
      locale text NOT NULL DEFAULT 'en',
      subject_id uuid,
      status text NOT NULL DEFAULT 'queued',
      transport text,
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`);
    await q.query(`CREATE INDEX mail_messages_created_idx ON mail_messages (created_at DESC)`);
    await q.query(`CREATE INDEX mail_messages_to_idx ON mail_messages (to_address, created_at DESC)`);
    await q.query(`CREATE INDEX mail_messages_subject_idx ON mail_messages (subject_id)`);
    await q.query(
      `CREATE INDEX mail_messages_queued_idx ON mail_messages (created_at) WHERE status = 'queued'`,
    );
    await q.query(`CREATE TABLE mail_suppressions (
      email text PRIMARY KEY,
      reason text NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'mail_suppressions',
      'mail_messages',
      'outbox',
      'audit_log',
      'business_units',
      'refresh_tokens',
      'users',
      'organizations',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
