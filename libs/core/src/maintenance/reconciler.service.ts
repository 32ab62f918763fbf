import { Injectable, Logger } from '@nestjs/common';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxRelayService } from '../outbox/outbox-relay.service';

export type Reconcile = () => Promise<number>;

/**
 * PostgreSQL is the source of truth; queues only carry work. Every period (RECONCILE_EVERY_MS, a
 * minute by default; the schedule is kept by RepeatableJobsService) this re-enqueues work that the
 * database says is owed but has not happened, so even a Redis that restarts empty loses nothing.
 * Features register their own checks.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);
  private readonly checks = new Map<string, Reconcile>();

  constructor(
    private readonly relay: OutboxRelayService,
    notifications: NotificationsService,
  ) {
    this.register('mail', () => notifications.reconcile());
  }

  register(name: string, check: Reconcile): void {
    this.checks.set(name, check);
  }

  async reconcile(): Promise<Record<string, number>> {
    const result: Record<string, number> = { outbox: await this.relay.relayOnce() };
    for (const [name, check] of this.checks) {
      result[name] = await check();
      if (result[name] > 0) this.logger.log(`Reconciler re-enqueued ${result[name]} owed ${name} job(s)`);
    }
    return result;
  }
}
