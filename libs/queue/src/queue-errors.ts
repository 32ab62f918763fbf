import { WorkerHost, getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { ALL_QUEUES } from './queue-name';

/** While Redis is away its errors repeat on every reconnection attempt: one log line per queue a minute. */
const QUIET_MS = 60_000;

/**
 * Every queue and worker gets an 'error' listener: without one, an error that BullMQ forwards to
 * it (its job scheduler's lost connection) is thrown, then printed with its stack on stderr.
 * Writes already go through the outbox while Redis is down; these lines only say that it is.
 */
@Injectable()
export class QueueErrorsLogger implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly discovery: DiscoveryService,
  ) {}

  onModuleInit(): void {
    for (const name of ALL_QUEUES) {
      this.listen(`Queue ${name}`, this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    }
  }

  /** Workers exist from the bootstrap on (BullMQ's explorer creates them while modules initialize). */
  onApplicationBootstrap(): void {
    for (const { instance } of this.discovery.getProviders()) {
      if (instance instanceof WorkerHost) {
        const worker = instance.worker as Worker;
        this.listen(`Worker ${worker.name}`, worker);
      }
    }
  }

  private listen(what: string, emitter: Pick<NodeJS.EventEmitter, 'on'>): void {
    let lastLogged = 0;
    emitter.on('error', (error: Error) => {
      if (Date.now() - lastLogged < QUIET_MS) return;
      lastLogged = Date.now();
      this.logger.warn(`${what}: ${error.message}`);
    });
  }
}
