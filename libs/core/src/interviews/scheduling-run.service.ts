import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { InterviewJob, QueueName, schedulingRunJobId } from '@hirefair/queue';
import { OutboxService } from '../outbox/outbox.service';
import { EventsRepository } from '../events/events.repository';
import { InterviewBookingRepository } from './interview-booking.repository';
import { InterviewBookingService } from './interview-booking.service';
import { invitationsJobs } from './interview-jobs';
import { InterviewError, assertSchedulable } from './interviews.errors';
import { SchedulingRunStatus, UnscheduledRegistration } from './scheduling-run.entity';
import { SchedulingInputs } from './scheduling-inputs';
import { assignInterviews } from './scheduling/assignment';

/**
 * Assignments a run books per transaction (a few statements each, whatever the size): at most
 * RUN_BATCH, and a run of fewer still commits in about RUN_STEPS steps (of at least MIN_RUN_BATCH),
 * so that it shows progress and a worker killed mid-run leaves committed batches behind.
 */
const RUN_BATCH = 250;
const RUN_STEPS = 8;
const MIN_RUN_BATCH = 5;

/** Scheduling runs: the job step that books a whole event at once, and the reconciler's check on runs. */
@Injectable()
export class SchedulingRunService {
  private readonly logger = new Logger(SchedulingRunService.name);

  constructor(
    @InjectQueue(QueueName.InterviewScheduling) private readonly queue: Queue,
    private readonly repository: InterviewBookingRepository,
    private readonly events: EventsRepository,
    private readonly booking: InterviewBookingService,
    private readonly outbox: OutboxService,
    private readonly inputs: SchedulingInputs,
  ) {}

  /**
   * A scheduling run: one optimal assignment (see assignInterviews) of every advanced registration
   * without an interview, then one booking per assignment. A booking lost to a concurrent worker
   * falls back to the best slot left. Re-running a run (a worker killed mid-run) books only those
   * still unbooked; `scheduled` counts every interview the run booked, across attempts.
   */
  async executeRun(runId: string, finalAttempt = true): Promise<SchedulingRunStatus> {
    if (!(await this.repository.claimRun(runId)))
      return (await this.repository.runStatus(runId)) ?? SchedulingRunStatus.Failed;
    try {
      const eventId = await this.repository.runEventId(runId);
      const manager = this.repository.manager;
      const event = await this.events.findById(eventId, manager);
      // The event may have been cancelled or completed since the run was queued.
      assertSchedulable(event);
      const now = new Date();
      const [candidates, interviewers] = await Promise.all([
        this.inputs.loadCandidates(manager, event.id, {}),
        this.inputs.loadInterviewers(manager, event, { notBefore: now }),
      ]);
      const loaded = Date.now();
      const result = assignInterviews({ timezone: event.timezone, candidates, interviewers });
      const assigned = Date.now();
      const unscheduled: UnscheduledRegistration[] = result.unscheduled.map((u) => ({
        registrationId: u.candidateId,
        reason: u.reason,
      }));
      const size = Math.min(
        RUN_BATCH,
        Math.max(MIN_RUN_BATCH, Math.ceil(result.assignments.length / RUN_STEPS)),
      );
      // Each batch adds its bookings to `booked` in its own transaction (BookingPassRepository.markBooked).
      await this.repository.startProgress(runId, candidates.length);
      for (let i = 0; i < result.assignments.length; i += size) {
        const batch = result.assignments.slice(i, i + size);
        const outcomes = await this.booking.bookNew(batch, event, runId);
        // A slot a concurrent booking won: this candidate takes the best slot left instead.
        for (const assignment of batch.filter((a) => outcomes.get(a.candidateId)?.ok === false)) {
          if ((outcomes.get(assignment.candidateId) as { reason: string }).reason !== 'conflict') continue;
          const outcome = await this.booking.bookRegistrationInstead(assignment.candidateId, runId, [
            { interviewerId: assignment.interviewerId, startsAt: assignment.slot.startsAt },
          ]);
          if (!outcome.ok && outcome.reason !== 'not_bookable' && outcome.reason !== 'conflict')
            unscheduled.push({ registrationId: assignment.candidateId, reason: outcome.reason });
        }
      }
      const count = await this.repository.countRunInterviews(runId);
      await this.repository.transaction(async (manager) => {
        if (await this.repository.completeRun(manager, runId, candidates.length, count, unscheduled))
          await this.oweInvitations(manager, runId);
      });
      this.logger.log(
        `Scheduling run ${runId}: ${count} booked, ${unscheduled.length} unscheduled ` +
          `(inputs ${loaded - now.getTime()} ms, assignment ${assigned - loaded} ms, bookings ${Date.now() - assigned} ms)`,
      );
      return SchedulingRunStatus.Completed;
    } catch (error) {
      // A domain error (the event is no longer schedulable) fails the run at once: a retry cannot help.
      const final = finalAttempt || error instanceof InterviewError;
      if (final)
        await this.repository.transaction(async (manager) => {
          // Those it did book are invited all the same.
          if (await this.repository.failRun(manager, runId, (error as Error).message))
            await this.oweInvitations(manager, runId);
        });
      if (error instanceof InterviewError) return SchedulingRunStatus.Failed;
      throw error;
    }
  }

  /**
   * The invitations of every interview the run booked (across attempts), owed as the run ends: its
   * batches owe none, so that rendering them (.ics, mails) does not hold up the batches still to
   * come in the same worker. Owed by the one attempt that ends the run.
   */
  private async oweInvitations(manager: EntityManager, runId: string): Promise<void> {
    const invitees = await this.repository.runInvitees(manager, runId);
    if (invitees.length > 0) await this.outbox.add(manager, ...invitationsJobs(invitees));
  }

  /** For the reconciler: runs queued or running for a while whose job Redis may have lost. */
  async reconcileRuns(manager: EntityManager = this.repository.manager): Promise<number> {
    const stale = await this.repository.staleRuns(manager);
    for (const id of stale)
      await this.queue.add(InterviewJob.Run, { runId: id }, { jobId: schedulingRunJobId(id) });
    return stale.length;
  }
}
