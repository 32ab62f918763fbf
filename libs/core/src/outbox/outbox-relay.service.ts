import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { QueueName } from '@hirefair/queue';
import { Wakeup } from '../common/wakeup';
import { OutboxRepository, OutboxRow } from './outbox.repository';

const BATCH = 500;
const IDLE_POLL_MS = 1000;
const ADD_TIMEOUT_MS = 5000;
/** A claimed row not marked relayed after this long is claimed again (its relay died). */
const CLAIM_LEASE_MS = 30_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Moves outbox rows to BullMQ. Rows are claimed with SKIP LOCKED (several workers relay side by
 * side) and marked relayed in the same transaction that added them to Redis; if Redis is down the
 * transaction rolls back and the rows wait for the next pass. Job ids are deterministic, so a crash
 * after the add but before the commit re-adds the same job id, which BullMQ ignores.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private running = false;
  /** Signalled by each NOTIFY (a statement that wrote outbox rows committed) and at shutdown. */
  private readonly wakeup = new Wakeup();
  private loop?: Promise<void>;
  private listener?: Client;
  private lastFailureLog = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: OutboxRepository,
    private readonly moduleRef: ModuleRef,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeup.signal();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * Relays one batch; returns how many rows moved. Public so tests and the reconciler can drive it.
   * No transaction is held while Redis answers: the rows are claimed with a lease (SKIP LOCKED, so
   * several relays run side by side), added, then marked relayed. A relay that dies mid-way leaves
   * its rows to the next one once the lease runs out; the same job ids make the second add a no-op.
   */
  async relayOnce(): Promise<number> {
    const rows = await this.repository.claim(BATCH, CLAIM_LEASE_MS);
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    try {
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queueName, queued] of byQueue) {
        // While Redis is down the client queues commands instead of failing: give up on this pass
        // after a while; the queued add may still land later, and the same job ids make that harmless.
        await withTimeout(
          this.queue(queueName).addBulk(
            queued.map((row) => ({
              name: row.job_name,
              data: row.payload,
              opts: { jobId: row.job_id, delay: Number(row.delay_ms) || undefined },
            })),
          ),
          ADD_TIMEOUT_MS,
        );
      }
    } catch (error) {
      await this.repository.unclaim(ids);
      throw error;
    }
    await this.repository.markRelayed(ids);
    return rows.length;
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.relayOnce();
      } catch (error) {
        if (Date.now() - this.lastFailureLog > 30_000) {
          this.lastFailureLog = Date.now();
          this.logger.warn(`Outbox relay paused, will retry: ${(error as Error).message}`);
        }
      }
      // A NOTIFY during the pass (rows committed after its claim) makes the wait return at once;
      // the pass's claim would not have seen them, and the next NOTIFY may be a poll away.
      if (moved < BATCH && this.running) await this.wakeup.wait(IDLE_POLL_MS);
    }
  }

  private async listen(): Promise<void> {
    try {
      const client = new Client({ connectionString: this.config.databaseUrl });
      client.on('error', () => undefined);
      await client.connect();
      await this.repository.listen(client);
      client.on('notification', () => this.wakeup.signal());
      this.listener = client;
    } catch (error) {
      this.logger.warn(
        `LISTEN unavailable, the relay polls every ${IDLE_POLL_MS} ms: ${(error as Error).message}`,
      );
    }
  }
}
