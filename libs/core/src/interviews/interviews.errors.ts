import { DomainError, ErrorKind } from '../common/domain-error';
import { EventStatus } from '../events/event-state';

export enum InterviewErrorCode {
  NotFound = 'INTERVIEW_NOT_FOUND',
  RunNotFound = 'SCHEDULING_RUN_NOT_FOUND',
  InterviewerNotFound = 'INTERVIEWER_NOT_FOUND',
  NoActiveInterview = 'NO_ACTIVE_INTERVIEW',
  NotActive = 'INTERVIEW_NOT_ACTIVE',
  FeedbackExists = 'FEEDBACK_ALREADY_RECORDED',
  EventNotSchedulable = 'EVENT_NOT_SCHEDULABLE',
  SlotTaken = 'SLOT_TAKEN',
  NotBookable = 'NOT_BOOKABLE',
}

/** Events whose interviews may be scheduled: a draft has no candidates yet, a completed or cancelled one is over. */
export const SCHEDULABLE_EVENT_STATUSES = [EventStatus.Published, EventStatus.Closed];

/** 409 EVENT_NOT_SCHEDULABLE for a scheduling run on an event in another status. */
export function assertSchedulable(event: { status: EventStatus }): void {
  if (!SCHEDULABLE_EVENT_STATUSES.includes(event.status))
    throw new InterviewError(
      InterviewErrorCode.EventNotSchedulable,
      `A ${event.status} event cannot be scheduled; scheduling runs need a ${SCHEDULABLE_EVENT_STATUSES.join(' or ')} event.`,
    );
}

export class InterviewError extends DomainError {
  constructor(code: InterviewErrorCode, message: string, kind = ErrorKind.Conflict) {
    super(code, message, kind);
  }
}
