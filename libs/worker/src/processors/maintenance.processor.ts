import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { CalendarsService, ReconcilerService } from '@hirefair/core';
import { MaintenanceJob, QueueName } from '@hirefair/queue';

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly calendars: CalendarsService,
  ) {
    super();
  }

  process(job: Job): Promise<Record<string, number>> {
    if (job.name === (MaintenanceJob.RefreshCalendars as string)) return this.calendars.refreshAll();
    return this.reconciler.reconcile();
  }
}
