import { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1764600000000 implements MigrationInterface {
  name = 'Webhooks1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_settings (
      organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
      allow_private_targets boolean NOT NULL DEFAULT false,
      updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE webhook_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      url text NOT NULL CHECK (url ~ '^https?://'),
      events text[] NOT NULL CHECK (cardinality(events) > 0),
      description text,
      secret text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      disabled_at timestamptz(3),
      disabled_reason text,
      last_success_at timestamptz(3),
      last_failure_at timestamptz(3),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT webhook_subscriptions_disabled CHECK (active = (disabled_at IS NULL))
    )`);
    // The emitter's one statement on the hot path: the active subscriptions of one organization.
    await q.query(
      `CREATE INDEX webhook_subscriptions_active_idx ON webhook_subscriptions (organization_id) WHERE active`,
    );
    await q.query(
      `CREATE INDEX webhook_subscriptions_org_idx ON webhook_subscriptions (organization_id, created_at, id)`,
    );
    await q.query(`CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY,
      subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      final_attempt int NOT NULL CHECK (final_attempt >= 1),
      manual boolean NOT NULL DEFAULT false,
      next_attempt_at timestamptz(3),
      last_status_code int,
      last_error text,
      delivered_at timestamptz(3),
      created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT webhook_deliveries_event_once UNIQUE (subscription_id, event_id)
    )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE TABLE webhook_delivery_attempts (
      id bigserial PRIMARY KEY,
      delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      attempt int NOT NULL CHECK (attempt >= 1),
      ok boolean NOT NULL,
      status_code int,
      error text,
      duration_ms int NOT NULL CHECK (duration_ms >= 0),
      manual boolean NOT NULL DEFAULT false,
      at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT webhook_delivery_attempts_once UNIQUE (delivery_id, attempt)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_subscriptions`);
    await q.query(`DROP TABLE webhook_settings`);
  }
}
