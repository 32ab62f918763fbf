import { Injectable } from '@nestjs/common';
import { InterviewConflictPayload, InterviewJob, QueueName, conflictMailJobId } from '@hirefair/queue';
import { OutboxService } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { BookingPassRepository } from './booking-pass.repository';
import { InterviewConflictRepository } from './interview-conflict.repository';
import { InterviewMailService } from './interview-mail.service';

/**
 * Interviews that may not move (confirmed, soon, or moved once) and no longer fit the windows given
 * are flagged (`conflict`) for the recruiter, never moved silently; each flagging also asks the
 * candidate, by one mail with their personal link (the status page lists the free times), to
 * choose a new time.
 */
@Injectable()
export class InterviewConflictService {
  constructor(
    private readonly passes: BookingPassRepository,
    private readonly repository: InterviewConflictRepository,
    private readonly outbox: OutboxService,
    private readonly mail: InterviewMailService,
  ) {}

  /**
   * The booking pass's last step: flags (and clears) the event's conflicts and, in the same
   * transaction, owes one mail job per new flagging; a later pass that finds it still flagged owes
   * nothing. Returns the newly flagged interviews.
   */
  async flag(eventId: string, notBefore: Date): Promise<{ id: string; status: string }[]> {
    return this.repository.transaction(async (manager) => {
      const flagged = await this.passes.flagConflicts(eventId, notBefore, manager);
      const flaggings = await this.repository.flaggings(
        manager,
        flagged.map((f) => f.id),
      );
      await this.outbox.add(
        manager,
        ...flaggings.map((f) => ({
          queue: QueueName.InterviewScheduling,
          name: InterviewJob.ConflictMail,
          jobId: conflictMailJobId(f.id, f.flaggedAt.getTime()),
          payload: {
            interviewId: f.id,
            version: f.version,
            flaggedAt: f.flaggedAt.toISOString(),
          } satisfies InterviewConflictPayload,
        })),
      );
      return flagged;
    });
  }

  /**
   * The job: the mail asking the candidate to choose a new time, if the interview is still flagged
   * in that version and this flagging was not mailed yet (a job run again sends nothing).
   */
  async mailCandidate(payload: InterviewConflictPayload): Promise<'sent' | 'stale'> {
    return this.repository.transaction(async (manager) => {
      const interview = await this.repository.claimMail(manager, {
        id: payload.interviewId,
        version: payload.version,
        flaggedAt: new Date(payload.flaggedAt),
      });
      if (!interview) return 'stale';
      await this.mail.tell(manager, interview, RegistrationMailTemplate.InterviewConflict);
      return 'sent';
    });
  }
}
