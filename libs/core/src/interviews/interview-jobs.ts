import {
  InterviewInvitationsPayload,
  InterviewJob,
  QueueName,
  invitationsJobId,
  reminderJobId,
} from '@hirefair/queue';
import type { OwedJob } from '../outbox/outbox.service';
import type { Interview } from './interview.entity';

/** Hours before an interview at which its reminders go out. */
export const REMINDER_HOURS = [24, 1];

/** Interviews per invitations job when a scheduling run owes them all at its end. */
export const INVITATIONS_PER_JOB = 100;

/** The reminder job ids of one version of an interview. */
export const reminderJobIds = (interview: Pick<Interview, 'id' | 'version'>): string[] =>
  REMINDER_HOURS.map((h) => reminderJobId(interview.id, interview.version, h));

/** Reminder jobs of this version of the interview (those whose time has not passed). */
export function reminderJobs(interview: Pick<Interview, 'id' | 'version' | 'startsAt'>): OwedJob[] {
  return REMINDER_HOURS.flatMap((hoursBefore) => {
    const delayMs = interview.startsAt.getTime() - hoursBefore * 3600_000 - Date.now();
    if (delayMs <= 0) return [];
    return [
      {
        queue: QueueName.InterviewScheduling,
        name: InterviewJob.Remind,
        jobId: reminderJobId(interview.id, interview.version, hoursBefore),
        payload: { interviewId: interview.id, version: interview.version, hoursBefore },
        delayMs,
      },
    ];
  });
}

/**
 * The invitations job of interview versions (the first one names it: ids are never reused). The
 * job renders the .ics and mails and owes the versions' reminders (InterviewMailService.invite).
 */
export function invitationsJob(interviews: Pick<Interview, 'id' | 'version'>[]): OwedJob {
  return {
    queue: QueueName.InterviewScheduling,
    name: InterviewJob.Invite,
    jobId: invitationsJobId(interviews[0].id),
    payload: {
      interviews: interviews.map((i) => ({ id: i.id, version: i.version })),
    } satisfies InterviewInvitationsPayload,
  };
}

/** `invitationsJob`s of many interviews, `INVITATIONS_PER_JOB` each, in the order given. */
export function invitationsJobs(interviews: Pick<Interview, 'id' | 'version'>[]): OwedJob[] {
  const jobs: OwedJob[] = [];
  for (let i = 0; i < interviews.length; i += INVITATIONS_PER_JOB)
    jobs.push(invitationsJob(interviews.slice(i, i + INVITATIONS_PER_JOB)));
  return jobs;
}
