import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { IntakeService } from '@hirefair/core';
import { EvaluateRegistrationPayload, IntakeJob, QueueName, TellCandidatePayload } from '@hirefair/queue';

@Processor(QueueName.Intake, { concurrency: 16 })
export class IntakeProcessor extends WorkerHost {
  constructor(private readonly intake: IntakeService) {
    super();
  }

  /** Tell jobs here are the ones queued before pipeline mails had their own queue. */
  process(job: Job<EvaluateRegistrationPayload | TellCandidatePayload>): Promise<string> {
    return job.name === IntakeJob.Tell
      ? this.intake.tell(job.data as TellCandidatePayload)
      : this.intake.process((job.data as EvaluateRegistrationPayload).registrationId);
  }
}
