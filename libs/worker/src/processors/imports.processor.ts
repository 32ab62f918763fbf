import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { ImportStatus, ImportsService } from '@hirefair/core';
import { ImportRegistrationsPayload, QueueName } from '@hirefair/queue';

/** One import at a time per worker: each holds an event's seat lock for a batch at a time. */
@Processor(QueueName.Imports, { concurrency: 1 })
export class ImportsProcessor extends WorkerHost {
  constructor(private readonly imports: ImportsService) {
    super();
  }

  process(job: Job<ImportRegistrationsPayload>): Promise<ImportStatus> {
    return this.imports.run(job.data.importId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  }
}
