import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { WebhookDelivery, WebhookPayload } from './webhook-delivery.entity';

/** A delivery's attempt as claimed, with what the call needs from its subscription. */
export interface DeliveryClaim {
  organization_id: string;
  subscription_id: string;
  payload: WebhookPayload;
  final_attempt: number;
  manual: boolean;
  created_at: Date;
  url: string;
  secret: string;
  allow_private: boolean;
}

export interface AttemptRecord {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** A delivery as an event's fan-out creates it. */
export type NewDelivery = Pick<
  WebhookDelivery,
  | 'id'
  | 'subscriptionId'
  | 'organizationId'
  | 'eventId'
  | 'eventType'
  | 'payload'
  | 'status'
  | 'attempts'
  | 'finalAttempt'
  | 'nextAttemptAt'
>;

/** The statements of webhook deliveries and their subscriptions (claims, attempts, outcomes). */
@Injectable()
export class WebhooksRepository extends DataSourceRepository {
  /** Active subscriptions of the organization to any of `types`. */
  subscribersOf(
    manager: EntityManager,
    organizationId: string,
    types: string[],
  ): Promise<{ id: string; events: string[] }[]> {
    return manager.query(
      `SELECT id, events FROM webhook_subscriptions
        WHERE organization_id = $1 AND active AND events && $2::text[]`,
      [organizationId, types],
    );
  }

  async insertDeliveries(manager: EntityManager, deliveries: NewDelivery[]): Promise<void> {
    await manager.getRepository(WebhookDelivery).insert(deliveries);
  }

  /** The delivery with its subscription, locked (in the caller's transaction). */
  async lockForClaim(
    manager: EntityManager,
    deliveryId: string,
  ): Promise<(DeliveryClaim & { status: string; attempts: number; active: boolean }) | undefined> {
    const [row]: (DeliveryClaim & { status: string; attempts: number; active: boolean })[] =
      await manager.query(
        `SELECT d.status, d.attempts, d.final_attempt, d.manual, d.payload, d.organization_id, d.subscription_id,
                d.created_at, s.url, s.secret, s.active, COALESCE(ws.allow_private_targets, false) AS allow_private
           FROM webhook_deliveries d
           JOIN webhook_subscriptions s ON s.id = d.subscription_id
           LEFT JOIN webhook_settings ws ON ws.organization_id = d.organization_id
          WHERE d.id = $1
          FOR UPDATE OF d`,
        [deliveryId],
      );
    return row;
  }

  async failInactive(manager: EntityManager, deliveryId: string): Promise<void> {
    await manager.query(
      `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, updated_at = now(),
              last_error = 'not attempted: the subscription is disabled' WHERE id = $1`,
      [deliveryId],
    );
  }

  /** Records the attempt as taken, leased until `leaseMs` from now. */
  async markClaimed(
    manager: EntityManager,
    deliveryId: string,
    attempt: number,
    leaseMs: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_deliveries SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3),
              updated_at = now() WHERE id = $1`,
      [deliveryId, attempt, leaseMs / 1000],
    );
  }

  /** Locks the delivery; false when it was deleted (with its subscription). */
  async lockLive(manager: EntityManager, deliveryId: string): Promise<boolean> {
    const [live] = await manager.query(`SELECT 1 FROM webhook_deliveries WHERE id = $1 FOR UPDATE`, [
      deliveryId,
    ]);
    return Boolean(live);
  }

  async insertAttempt(
    manager: EntityManager,
    deliveryId: string,
    claim: DeliveryClaim,
    attempt: number,
    result: AttemptRecord,
    error: string | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO webhook_delivery_attempts
         (delivery_id, organization_id, attempt, ok, status_code, error, duration_ms, manual)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        deliveryId,
        claim.organization_id,
        attempt,
        result.ok,
        result.statusCode,
        error,
        result.durationMs,
        claim.manual,
      ],
    );
  }

  async markDelivered(
    manager: EntityManager,
    deliveryId: string,
    subscriptionId: string,
    statusCode: number | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), next_attempt_at = NULL,
              last_status_code = $2, last_error = NULL, updated_at = now() WHERE id = $1`,
      [deliveryId, statusCode],
    );
    await manager.query(`UPDATE webhook_subscriptions SET last_success_at = now() WHERE id = $1`, [
      subscriptionId,
    ]);
  }

  async markSubscriptionFailure(manager: EntityManager, subscriptionId: string): Promise<void> {
    await manager.query(`UPDATE webhook_subscriptions SET last_failure_at = now() WHERE id = $1`, [
      subscriptionId,
    ]);
  }

  async scheduleRetry(
    manager: EntityManager,
    deliveryId: string,
    statusCode: number | null,
    error: string | null,
    delayMs: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $4),
              last_status_code = $2, last_error = $3, updated_at = now() WHERE id = $1`,
      [deliveryId, statusCode, error, delayMs / 1000],
    );
  }

  async markFailed(
    manager: EntityManager,
    deliveryId: string,
    statusCode: number | null,
    error: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL,
              last_status_code = $2, last_error = $3, updated_at = now() WHERE id = $1`,
      [deliveryId, statusCode, error],
    );
  }

  /** Disables the subscription unless it succeeded since `since`; false when it did not disable. */
  async disableIfFailingSince(
    manager: EntityManager,
    subscriptionId: string,
    reason: string,
    since: Date,
  ): Promise<boolean> {
    const disabled = rowsOf(
      await manager.query(
        `UPDATE webhook_subscriptions SET active = false, disabled_at = now(), disabled_reason = $2, updated_at = now()
          WHERE id = $1 AND active AND (last_success_at IS NULL OR last_success_at < $3)
          RETURNING id`,
        [subscriptionId, reason, since],
      ),
    );
    return disabled.length > 0;
  }

  /** Pending deliveries whose next attempt is overdue by `graceMs`. */
  owed(graceMs: number): Promise<{ id: string; attempts: number }[]> {
    return this.dataSource.query(
      `SELECT id, attempts FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at < now() - make_interval(secs => $1)
        ORDER BY next_attempt_at LIMIT 1000`,
      [graceMs / 1000],
    );
  }
}
