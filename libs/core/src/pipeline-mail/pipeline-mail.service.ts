import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PipelineMailJob, QueueName, TellCandidatePayload, tellJobId } from '@hirefair/queue';
import { OwedJob } from '../outbox/outbox.service';
import { PipelineMailExtra, RegistrationMailTemplate } from '../registrations/mail-templates';
import { RegistrationMailService } from '../registrations/registration-mail.service';
import { Registration } from '../registrations/registration.entity';
import { RegistrationStatus, Stage } from '../registrations/registration-state';
import { RegistrationsRepository } from '../registrations/registrations.repository';

/**
 * A pipeline mail owed as a job, for batch steps: queueing a mail takes several statements per
 * candidate (lock, checks, token, mail and outbox rows), which a batch should not do while it holds
 * its event's locks.
 */
export function tellJob(
  registrationId: string,
  template: RegistrationMailTemplate,
  extra: PipelineMailExtra,
  at: Date,
): OwedJob {
  return {
    queue: QueueName.PipelineMail,
    name: PipelineMailJob.Tell,
    jobId: tellJobId(registrationId, template, at),
    payload: { registrationId, template, extra, since: at.toISOString() } satisfies TellCandidatePayload,
  };
}

/**
 * Tells the candidate about a visible step of their pipeline, in their language, with their link:
 * the mail is stored as facts in the caller's transaction and rendered by the mail job.
 */
@Injectable()
export class PipelineMailService {
  constructor(
    private readonly registrations: RegistrationsRepository,
    private readonly mail: RegistrationMailService,
  ) {}

  /**
   * A mail owed by a job: sent once, even when the job runs again after its commit. Two statements
   * in the transaction: the registration locked with its candidate, then (after the lock, so a run
   * of the same job that committed meanwhile is seen) token, mail and outbox rows unless told since.
   */
  async tellOnce(job: TellCandidatePayload): Promise<'told' | 'already' | 'missing' | 'stale'> {
    return this.registrations.transaction(async (manager) => {
      const registration = await this.registrations.lockWithCandidate(manager, job.registrationId);
      if (!registration) return 'missing';
      // Told only while the step still holds: not after a withdrawal or erasure, nor about a unit
      // the registration has since left (its later routing owes its own mail).
      if (registration.erasedAt || registration.candidate?.erasedAt) return 'stale';
      if (registration.status === RegistrationStatus.Withdrawn) return 'stale';
      const routing = [RegistrationMailTemplate.Routed, RegistrationMailTemplate.FastTracked] as string[];
      if (routing.includes(job.template) && registration.routedAt?.getTime() !== Date.parse(job.since))
        return 'stale';
      if (job.template === RegistrationMailTemplate.TestRequired && registration.stage !== Stage.TestRequired)
        return 'stale';
      const told = await this.tell(
        manager,
        registration,
        job.template as RegistrationMailTemplate,
        job.extra as PipelineMailExtra,
        { unlessToldSince: job.since },
      );
      return told ? 'told' : 'already';
    });
  }

  /**
   * Queues the mail in the caller's transaction (stored as facts: the mail job renders it, not this
   * transaction); false if the candidate is erased or, with `unlessToldSince`, it was told since.
   */
  async tell(
    manager: EntityManager,
    registration: Registration,
    template: RegistrationMailTemplate,
    extra: PipelineMailExtra = {},
    { unlessToldSince }: { unlessToldSince?: string } = {},
  ): Promise<boolean> {
    const candidate = registration.candidate ?? (await this.registrations.candidateOf(manager, registration));
    if (candidate.erasedAt) return false;
    return this.mail.queue(
      manager,
      template,
      {
        registrationId: registration.id,
        organizationId: registration.organizationId,
        email: candidate.email,
        locale: registration.locale,
      },
      { extra, unlessToldSince },
    );
  }
}
