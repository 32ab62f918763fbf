import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { CoreModule, OutboxRelayService, RepeatableJobsService } from '@hirefair/core';
import { ImportsProcessor } from './processors/imports.processor';
import { IntakeProcessor } from './processors/intake.processor';
import { InterviewSchedulingProcessor } from './processors/interview-scheduling.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { PipelineMailProcessor } from './processors/pipeline-mail.processor';
import { ReviewsProcessor } from './processors/reviews.processor';
import { WebhooksProcessor } from './processors/webhooks.processor';

/**
 * The queue workers and the outbox relay. The worker process runs it alone; the API imports it
 * too for a single-process install (unless WORKERS=off).
 */
@Module({
  imports: [CoreModule],
  providers: [
    NotificationsProcessor,
    MaintenanceProcessor,
    IntakeProcessor,
    PipelineMailProcessor,
    ReviewsProcessor,
    InterviewSchedulingProcessor,
    ImportsProcessor,
    WebhooksProcessor,
  ],
})
export class WorkerModule implements OnApplicationBootstrap {
  constructor(
    private readonly relay: OutboxRelayService,
    private readonly repeatables: RepeatableJobsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay.start();
    await this.repeatables.start();
  }
}
