import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { IntakeService } from '@hirefair/core';
import { EvaluateRegistrationPayload, QueueName } from '@hirefair/queue';

@Processor(QueueName.Intake, { concurrency: 16 })
export class IntakeProcessor extends WorkerHost {
  constructor(private readonly intake: IntakeService) {
    super();
  }

  process(job: Job<EvaluateRegistrationPayload>): Promise<string> {
    return this.intake.process(job.data.registrationId);
  }
}
