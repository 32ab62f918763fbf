import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { MaintenanceJob, QueueName } from '@hirefair/queue';

type RedisClient = Awaited<Queue['client']>;

const SCHEDULERS = [MaintenanceJob.Reconcile, MaintenanceJob.RefreshCalendars];

/**
 * Keeps every repeatable job installed in Redis. A scheduler lives only in Redis, so a Redis that
 * restarts empty forgets it: it is ensured at start, again whenever the queue's connection becomes
 * ready, and by a watchdog that looks for it several times per period (a ready event can be missed
 * when Redis is emptied without a reconnect, e.g. FLUSHALL).
 */
@Injectable()
export class RepeatableJobsService implements OnModuleDestroy {
  private readonly logger = new Logger(RepeatableJobsService.name);
  private client?: RedisClient;
  private watchdog?: NodeJS.Timeout;
  private checking = false;
  private readonly onReady = () => void this.ensure('the Redis connection became ready');

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Installs the schedulers and keeps them installed until the module is destroyed. */
  async start(): Promise<void> {
    await this.install();
    this.client = await this.maintenance.client;
    this.client.on('ready', this.onReady);
    const every = Math.max(1000, Math.floor(this.config.reconcileEveryMs / 4));
    this.watchdog = setInterval(() => void this.ensure(), every);
    this.watchdog.unref();
  }

  onModuleDestroy(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.client?.off('ready', this.onReady);
  }

  /** Idempotent: one scheduler per id, however many workers start; re-upserting keeps its id. */
  private async install(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      MaintenanceJob.Reconcile,
      { every: this.config.reconcileEveryMs },
      { name: MaintenanceJob.Reconcile, data: {} },
    );
    await this.maintenance.upsertJobScheduler(
      MaintenanceJob.RefreshCalendars,
      { every: this.config.calendars.refreshEveryMs },
      { name: MaintenanceJob.RefreshCalendars, data: {} },
    );
  }

  /** Re-installs a missing scheduler; `reason` forces it (a fresh connection may face an empty Redis). */
  private async ensure(reason?: string): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const present =
        !reason &&
        (await Promise.all(SCHEDULERS.map((id) => this.maintenance.getJobScheduler(id)))).every(Boolean);
      if (present) return;
      await this.install();
      this.logger.log(`Repeatable jobs ensured (${reason ?? 'the watchdog found them missing'})`);
    } catch (error) {
      this.logger.warn(`Could not ensure repeatable jobs: ${(error as Error).message}`);
    } finally {
      this.checking = false;
    }
  }
}
