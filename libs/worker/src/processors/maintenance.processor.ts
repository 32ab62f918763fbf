import { Processor, WorkerHost } from '@nestjs/bullmq';
import { ReconcilerService } from '@hirefair/core';
import { QueueName } from '@hirefair/queue';

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  constructor(private readonly reconciler: ReconcilerService) {
    super();
  }

  process(): Promise<Record<string, number>> {
    return this.reconciler.reconcile();
  }
}
