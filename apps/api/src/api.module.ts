import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppConfig, AppConfigModule, apiLoggerParams } from '@hirefair/config';
import { CoreModule } from '@hirefair/core';
import { DatabaseModule } from '@hirefair/database';
import { QueueModule } from '@hirefair/queue';
import { WorkerModule } from '@hirefair/worker/worker.module';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { BusinessUnitsController } from './business-units/business-units.controller';
import { CalendarsController } from './calendars/calendars.controller';
import { CandidateController } from './candidate/candidate.controller';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { CandidateAuthGuard } from './common/candidate-auth.guard';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { PublicThrottlerGuard } from './common/public-throttler.guard';
import { SharedThrottlerStorage } from './common/throttler-storage';
import { EventsController } from './events/events.controller';
import { JwtStrategy } from './common/jwt.strategy';
import { StaffAuthGuard } from './common/staff-auth.guard';
import { HealthController } from './health/health.controller';
import { ImportsController } from './imports/imports.controller';
import { InterviewsController } from './interviews/interviews.controller';
import { MailboxController } from './mailbox/mailbox.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { OrganizationsController } from './organizations/organizations.controller';
import { PipelineController } from './pipeline/pipeline.controller';
import { PublicDemoController } from './public/public-demo.controller';
import { PublicEventsController } from './public/public-events.controller';
import { RegistrationsController } from './registrations/registrations.controller';
import { RetentionController } from './retention/retention.controller';
import { ReportsController } from './reports/reports.controller';
import { ReviewsController } from './reviews/reviews.controller';
import { UsersController } from './users/users.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WORKER_ENTRY, WorkerThreadHost } from './worker-thread.host';

@Module({})
export class ApiModule {
  /**
   * `workerEntry`: run the workers in a thread started from that entry point (see WorkerThreadHost);
   * `logger`: the root logger, shared with the request logging (createApiLogger by default).
   */
  static forRoot(config: AppConfig, workerEntry?: string, logger?: Logger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(apiLoggerParams(config, logger)),
        DatabaseModule.forRoot(),
        QueueModule,
        CoreModule,
        PassportModule,
        TerminusModule.forRoot({ errorLogStyle: 'pretty' }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'public', ttl: 60_000, limit: config.publicRateLimit }],
          setHeaders: true,
          storage: new SharedThrottlerStorage(config),
        }),
        ...(config.workers && !workerEntry ? [WorkerModule] : []),
      ],
      controllers: [
        AuthController,
        OrganizationsController,
        UsersController,
        CalendarsController,
        BusinessUnitsController,
        AuditController,
        HealthController,
        MetricsController,
        MailboxController,
        EventsController,
        PublicEventsController,
        PublicDemoController,
        CandidateController,
        RegistrationsController,
        PipelineController,
        ReviewsController,
        InterviewsController,
        ImportsController,
        RetentionController,
        ReportsController,
        WebhooksController,
      ],
      providers: [
        JwtStrategy,
        MetricsService,
        CandidateAuthGuard,
        PublicThrottlerGuard,
        IdempotencyInterceptor,
        { provide: APP_GUARD, useClass: StaffAuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        ...(config.workers && workerEntry
          ? [{ provide: WORKER_ENTRY, useValue: workerEntry }, WorkerThreadHost]
          : []),
      ],
    };
  }
}
