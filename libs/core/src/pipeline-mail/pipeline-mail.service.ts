import { Injectable } from '@nestjs/common';
import {
  PipelineMailJob,
  QueueName,
  TellCandidatePayload,
  TellCandidatesPayload,
  tellJobId,
  tellManyJobId,
} from '@hirefair/queue';
import { EntityManager } from 'typeorm';
import { OwedJob } from '../outbox/outbox.service';
import { PipelineMailExtra, RegistrationMailTemplate } from '../registrations/mail-templates';
import { MAX_LIVE_TOKENS, RegistrationMailService } from '../registrations/registration-mail.service';
import { Registration } from '../registrations/registration.entity';
import { TellCounts } from '../registrations/registration.types';
import { RegistrationsRepository } from '../registrations/registrations.repository';

/** A pipeline mail a step owes: the job payload of one (`tellJob`) or an element of a batch's (`tellJobs`). */
export function tellOf(
  registrationId: string,
  template: RegistrationMailTemplate,
  extra: PipelineMailExtra,
  at: Date,
): TellCandidatePayload {
  return { registrationId, template, extra, since: at.toISOString() };
}

/**
 * A pipeline mail owed as a job, for batch steps: storing a mail locks its registration and checks
 * its step (then writes the token, mail and outbox rows), which a batch should not do while it holds
 * its event's locks.
 */
export function tellJob(
  registrationId: string,
  template: RegistrationMailTemplate,
  extra: PipelineMailExtra,
  at: Date,
): OwedJob {
  return tellJobs([tellOf(registrationId, template, extra, at)])[0];
}

/**
 * The job that owes the pipeline mails one step decided: none for none, a `Tell` job for one (the
 * id it always had), ONE `TellMany` job for several (an intake batch, a routing), named after the
 * first, so that the batch's mails take one statement instead of one transaction each.
 */
export function tellJobs(tells: TellCandidatePayload[]): OwedJob[] {
  if (tells.length === 0) return [];
  if (tells.length === 1) {
    const [tell] = tells;
    return [
      {
        queue: QueueName.PipelineMail,
        name: PipelineMailJob.Tell,
        jobId: tellJobId(tell.registrationId, tell.template, new Date(tell.since)),
        payload: tell,
      },
    ];
  }
  return [
    {
      queue: QueueName.PipelineMail,
      name: PipelineMailJob.TellMany,
      jobId: tellManyJobId(tells[0]),
      payload: { tells } satisfies TellCandidatesPayload,
    },
  ];
}

export type { TellCounts };

/**
 * Tells the candidate about a visible step of their pipeline, in their language, with their link:
 * the mail is stored as facts (by the job's own statement, `tellMany`; in the caller's transaction,
 * `tell`) and rendered by the mail job.
 */
@Injectable()
export class PipelineMailService {
  constructor(
    private readonly registrations: RegistrationsRepository,
    private readonly mail: RegistrationMailService,
  ) {}

  /** A mail owed by a job of one step (`Tell`): `tellMany` of it alone. */
  async tellOnce(job: TellCandidatePayload): Promise<'told' | 'already' | 'missing' | 'stale'> {
    const counts = await this.tellMany([job]);
    if (counts.missing) return 'missing';
    if (counts.stale) return 'stale';
    return counts.told ? 'told' : 'already';
  }

  /**
   * The mails owed by a job (`TellMany`, or `Tell` through `tellOnce`): each sent once, even when
   * the job runs again after its commit or twice at once, and only while its step holds (not
   * withdrawn or erased, a routing mail only while the registration is still routed then, the
   * written test only while it is asked for). ONE statement in no transaction whatever the count
   * (RegistrationsRepository.tellMails): it locks the registrations in id order, checks each step
   * on the locked row, stores the mails not told since their step with a unique (registration,
   * template, step) that makes a second store impossible, and writes the tokens, outbox jobs and
   * NOTIFY of the mails it stored. No session waits idle in a transaction on this worker.
   */
  async tellMany(tells: TellCandidatePayload[]): Promise<TellCounts> {
    const distinct = [
      ...new Map(tells.map((t) => [`${t.registrationId} ${t.template} ${Date.parse(t.since)}`, t])).values(),
    ];
    return this.registrations.tellMails(
      distinct.map((tell) =>
        this.mail.owedTell({
          registrationId: tell.registrationId,
          template: tell.template as RegistrationMailTemplate,
          extra: tell.extra as PipelineMailExtra,
          since: tell.since,
        }),
      ),
      MAX_LIVE_TOKENS,
    );
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
