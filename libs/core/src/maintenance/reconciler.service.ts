import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { MaintenanceJob, QueueName } from '@hirefair/queue';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxRelayService } from '../outbox/outbox-relay.service';

export type Reconcile = () => Promise<number>;

export const RECONCILE_EVERY_MS = 60_000;

/**
 * PostgreSQL is the source of truth; queues only carry work. Every minute this re-enqueues work
 * that the database says is owed but has not happened, so even a Redis that restarts empty loses
 * nothing. Features register their own checks.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);
  private readonly checks = new Map<string, Reconcile>();

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly relay: OutboxRelayService,
    notifications: NotificationsService,
  ) {
    this.register('mail', () => notifications.reconcile());
  }

  register(name: string, check: Reconcile): void {
    this.checks.set(name, check);
  }

  /** Installs the repeatable job (idempotent: one scheduler per id, however many workers start). */
  async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(
      MaintenanceJob.Reconcile,
      { every: RECONCILE_EVERY_MS },
      { name: MaintenanceJob.Reconcile, data: {} },
    );
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
