import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { DomainError, ErrorKind } from '@hirefair/core';
import { ALL_QUEUES } from '@hirefair/queue';

export enum MetricsErrorCode {
  TokenMissing = 'TOKEN_MISSING',
  TokenInvalid = 'TOKEN_INVALID',
  MetricsOff = 'METRICS_OFF',
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Outside production /metrics is open, as a local install expects. In production it needs
 * `Authorization: Bearer $METRICS_TOKEN`; without a token configured it is off (404), said once at start.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  private readonly logger = new Logger(MetricsService.name);

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(
    moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'queue_jobs',
      help: 'BullMQ jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const name of ALL_QUEUES) {
          const queue = moduleRef.get<Queue>(getQueueToken(name), { strict: false });
          const counts = await queue.getJobCounts(
            'waiting',
            'active',
            'delayed',
            'failed',
            'completed',
            'prioritized',
          );
          for (const [state, count] of Object.entries(counts)) this.set({ queue: name, state }, count);
        }
      },
    });
  }

  onModuleInit(): void {
    if (this.config.env === 'production' && !this.config.metricsToken) {
      this.logger.warn('METRICS_TOKEN is not set: /metrics is off in production');
    }
  }

  /** The Prometheus exposition, for a caller that passes the production check. */
  async scrape(authorization: string | undefined): Promise<{ contentType: string; body: string }> {
    this.authorize(authorization);
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private authorize(authorization: string | undefined): void {
    if (this.config.env !== 'production') return;
    const expected = this.config.metricsToken;
    if (!expected) throw new DomainError(MetricsErrorCode.MetricsOff, 'Metrics are off.', ErrorKind.NotFound);
    const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!given) {
      throw new DomainError(
        MetricsErrorCode.TokenMissing,
        'A metrics token is required.',
        ErrorKind.Unauthenticated,
      );
    }
    if (!timingSafeEqual(digest(given), digest(expected))) {
      throw new DomainError(
        MetricsErrorCode.TokenInvalid,
        'The metrics token is wrong.',
        ErrorKind.Unauthenticated,
      );
    }
  }
}
