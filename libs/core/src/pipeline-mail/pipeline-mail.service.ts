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
import { QueuedMail, RegistrationMailService } from '../registrations/registration-mail.service';
import { Registration } from '../registrations/registration.entity';
import { RegistrationStatus, Stage } from '../registrations/registration-state';
import { LockedForMail, RegistrationsRepository } from '../registrations/registrations.repository';

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
  return tellJobs([tellOf(registrationId, template, extra, at)])[0];
}

/**
 * The job that owes the pipeline mails one step decided: none for none, a `Tell` job for one (the
 * id it always had), ONE `TellMany` job for several (an intake batch, a routing), named after the
 * first, so that the batch's mails take one transaction and one mail statement instead of one each.
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

/** What a job's pipeline mails came to, by outcome. */
export interface TellCounts {
  /** Stored now. */
  told: number;
  /** Told since the step already (the job ran before, or twice at once). */
  already: number;
  /** The registration does not exist. */
  missing: number;
  /** The step no longer holds (withdrawn, erased, routed again, out of the stage told about). */
  stale: number;
}

const ROUTING_TEMPLATES: ReadonlySet<string> = new Set([
  RegistrationMailTemplate.Routed,
  RegistrationMailTemplate.FastTracked,
]);

/**
 * Whether the step a mail tells of still holds for the (locked) registration: not after a
 * withdrawal or erasure, nor about a unit the registration has since left (its later routing owes
 * its own mail), nor the written test once the registration has left that stage.
 */
function stillHolds(registration: LockedForMail, tell: TellCandidatePayload): boolean {
  if (registration.erasedAt || registration.candidateErasedAt) return false;
  if (registration.status === RegistrationStatus.Withdrawn) return false;
  if (ROUTING_TEMPLATES.has(tell.template) && registration.routedAt?.getTime() !== Date.parse(tell.since))
    return false;
  if (tell.template === RegistrationMailTemplate.TestRequired && registration.stage !== Stage.TestRequired)
    return false;
  return true;
}

/**
 * Mails in rounds of distinct registrations (the mail statement takes one mail per registration:
 * each adds its token to its registration's); a batch step owes one per registration, so one round.
 */
function roundsOf(mails: QueuedMail[]): QueuedMail[][] {
  const rounds: { ids: Set<string>; mails: QueuedMail[] }[] = [];
  for (const mail of mails) {
    let round = rounds.find((r) => !r.ids.has(mail.to.registrationId));
    if (!round) rounds.push((round = { ids: new Set(), mails: [] }));
    round.ids.add(mail.to.registrationId);
    round.mails.push(mail);
  }
  return rounds.map((r) => r.mails);
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

  /** A mail owed by a job of one step (`Tell`): `tellMany` of it alone. */
  async tellOnce(job: TellCandidatePayload): Promise<'told' | 'already' | 'missing' | 'stale'> {
    const counts = await this.tellMany([job]);
    if (counts.missing) return 'missing';
    if (counts.stale) return 'stale';
    return counts.told ? 'told' : 'already';
  }

  /**
   * The mails owed by a job (`TellMany`, or `Tell` through `tellOnce`): each sent once, even when
   * the job runs again after its commit or twice at once. One transaction, two statements whatever
   * the count: the registrations locked with their candidates (in id order), then, after the lock,
   * so that a run of the same job that committed meanwhile is seen, the token, mail and outbox rows
   * of the mails whose step still holds, each unless told since its step.
   */
  async tellMany(tells: TellCandidatePayload[]): Promise<TellCounts> {
    const counts: TellCounts = { told: 0, already: 0, missing: 0, stale: 0 };
    const distinct = [
      ...new Map(tells.map((t) => [`${t.registrationId} ${t.template} ${t.since}`, t])).values(),
    ];
    if (distinct.length === 0) return counts;
    return this.registrations.transaction(async (manager) => {
      const locked = new Map(
        (
          await this.registrations.lockForMails(manager, [...new Set(distinct.map((t) => t.registrationId))])
        ).map((r) => [r.id, r]),
      );
      const holding: QueuedMail[] = [];
      for (const tell of distinct) {
        const registration = locked.get(tell.registrationId);
        if (!registration) counts.missing++;
        else if (!stillHolds(registration, tell)) counts.stale++;
        else
          holding.push({
            template: tell.template as RegistrationMailTemplate,
            to: {
              registrationId: registration.id,
              organizationId: registration.organizationId,
              email: registration.email,
              locale: registration.locale,
            },
            extra: tell.extra as PipelineMailExtra,
            unlessToldSince: tell.since,
          });
      }
      for (const round of roundsOf(holding)) counts.told += await this.mail.queueMany(manager, round);
      counts.already = holding.length - counts.told;
      return counts;
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
