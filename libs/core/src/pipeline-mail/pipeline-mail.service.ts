import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IntakeJob, QueueName, TellCandidatePayload, tellJobId } from '@hirefair/queue';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { OwedJob } from '../outbox/outbox.service';
import { Candidate } from '../registrations/candidate.entity';
import { PipelineMailExtra, RegistrationMailTemplate } from '../registrations/mail-templates';
import { RegistrationMailService } from '../registrations/registration-mail.service';
import { Registration } from '../registrations/registration.entity';
import { RegistrationStatus, Stage } from '../registrations/registration-state';

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
    queue: QueueName.Intake,
    name: IntakeJob.Tell,
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: RegistrationMailService,
    private readonly notifications: NotificationsRepository,
  ) {}

  /** A mail owed by a job: sent once, even when the job runs again after its commit. */
  async tellOnce(job: TellCandidatePayload): Promise<'told' | 'already' | 'missing' | 'stale'> {
    return this.dataSource.transaction(async (manager) => {
      const registration = await manager
        .getRepository(Registration)
        .findOne({ where: { id: job.registrationId }, lock: { mode: 'pessimistic_write' } });
      if (!registration) return 'missing';
      // Told only while the step still holds: not after a withdrawal or erasure, nor about a unit
      // the registration has since left (its later routing owes its own mail).
      if (registration.erasedAt || registration.status === RegistrationStatus.Withdrawn) return 'stale';
      const routing = [RegistrationMailTemplate.Routed, RegistrationMailTemplate.FastTracked] as string[];
      if (routing.includes(job.template) && registration.routedAt?.getTime() !== Date.parse(job.since))
        return 'stale';
      if (job.template === RegistrationMailTemplate.TestRequired && registration.stage !== Stage.TestRequired)
        return 'stale';
      if (await this.notifications.toldSince(manager, job.registrationId, job.template, job.since))
        return 'already';
      await this.tell(
        manager,
        registration,
        job.template as RegistrationMailTemplate,
        job.extra as PipelineMailExtra,
      );
      return 'told';
    });
  }

  async tell(
    manager: EntityManager,
    registration: Registration,
    template: RegistrationMailTemplate,
    extra: PipelineMailExtra = {},
  ): Promise<void> {
    const candidate =
      registration.candidate ??
      (await manager.getRepository(Candidate).findOneByOrFail({ id: registration.candidateId }));
    if (candidate.erasedAt) return;
    // Stored as facts: the mail job renders it (name, event and link), not this transaction.
    await this.mail.queue(
      manager,
      template,
      {
        registrationId: registration.id,
        organizationId: registration.organizationId,
        email: candidate.email,
        locale: registration.locale,
      },
      { extra },
    );
  }
}
