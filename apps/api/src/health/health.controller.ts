import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DomainError, ErrorKind } from '@hirefair/core';
import { QueueName } from '@hirefair/queue';
import { ApiDoc } from '../common/api-docs';
import { Public } from '../common/auth.decorators';
import { ErrorResponseDto } from '../common/error-response';

export class LivenessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';
}

const TIMEOUT_MS = 2000;

/** Component name to its state: `{database: {status: 'up'}}`. */
const components = {
  type: 'object' as const,
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string' } },
    additionalProperties: true,
  },
};

/** The health check's report when every component answers. */
export class ReadinessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiProperty({ ...components, example: { database: { status: 'up' }, redis: { status: 'up' } } })
  info: Record<string, { status: string }>;

  @ApiProperty({ ...components, example: {} })
  error: Record<string, { status: string }>;

  @ApiProperty({ ...components, example: { database: { status: 'up' }, redis: { status: 'up' } } })
  details: Record<string, { status: string }>;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
  ) {}

  @Public()
  @Get()
  @ApiDoc('Liveness: the process is up', LivenessDto)
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiDoc('Readiness: PostgreSQL and Redis answer (503 with the failing one otherwise)', ReadinessDto)
  @ApiServiceUnavailableResponse({
    description: 'Not ready (`NOT_READY`): `details` has one entry per component that did not answer',
    type: ErrorResponseDto,
  })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.db.pingCheck('database', { timeout: TIMEOUT_MS }),
        () => this.redis(),
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException)
        throw notReady(error.getResponse() as HealthCheckResult);
      throw error;
    }
  }

  private async redis() {
    const indicator = this.indicators.check('redis');
    let timer: NodeJS.Timeout | undefined;
    try {
      // Both waits are bounded: the queue's client resolves only once connected, and a command sent
      // while disconnected waits for the reconnection.
      const ping = async () => ((await this.queue.client) as unknown as Redis).ping();
      const pong = await Promise.race([
        ping(),
        new Promise<string>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: pong });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The health check's failure report (`{status, info, error, details}`) in the API's error shape. */
function notReady(report: HealthCheckResult): DomainError {
  const down = Object.entries(report.error ?? {});
  const names = down.map(([name]) => name);
  return new DomainError(
    'NOT_READY',
    names.length > 0 ? `Not ready: ${names.join(' and ')} did not answer.` : 'Not ready.',
    ErrorKind.Unavailable,
    down.map(([field, state]) => ({
      field,
      messages: [
        state?.message ? `${state.status}: ${String(state.message)}` : String(state?.status ?? 'down'),
      ],
    })),
  );
}
