import { EventError, EventErrorCode } from './events.errors';

export enum EventStatus {
  Draft = 'draft',
  Published = 'published',
  Closed = 'closed',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

export enum EventTransition {
  Publish = 'publish',
  Close = 'close',
  Complete = 'complete',
  Cancel = 'cancel',
}

/** Statuses the public sees (event page and listing); draft and cancelled events are invisible. */
export const PUBLIC_EVENT_STATUSES = [EventStatus.Published, EventStatus.Closed, EventStatus.Completed];

const TRANSITIONS: Record<EventTransition, { from: EventStatus[]; to: EventStatus }> = {
  [EventTransition.Publish]: { from: [EventStatus.Draft], to: EventStatus.Published },
  [EventTransition.Close]: { from: [EventStatus.Published], to: EventStatus.Closed },
  [EventTransition.Complete]: { from: [EventStatus.Closed], to: EventStatus.Completed },
  [EventTransition.Cancel]: {
    from: [EventStatus.Draft, EventStatus.Published, EventStatus.Closed],
    to: EventStatus.Cancelled,
  },
};

/** The status a transition leads to, or 409 INVALID_EVENT_TRANSITION. */
export function nextEventStatus(from: EventStatus, transition: EventTransition): EventStatus {
  const rule = TRANSITIONS[transition];
  if (!rule.from.includes(from)) {
    throw new EventError(
      EventErrorCode.InvalidTransition,
      `A ${from} event cannot ${transition}; allowed from: ${rule.from.join(', ')}.`,
    );
  }
  return rule.to;
}
