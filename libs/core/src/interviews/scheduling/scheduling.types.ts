/** A half-open interval [startsAt, endsAt) of absolute time. */
export interface TimeWindow {
  startsAt: Date;
  endsAt: Date;
}

/** One bookable interview slot of an interviewer; `day` is its ISO date in the event's timezone. */
export interface Slot extends TimeWindow {
  day: string;
}

export interface SchedulingCandidate {
  id: string;
  specialties: string[];
  fastTrack: boolean;
  registeredAt: Date;
  /** When the candidate can be interviewed; `null` (or an empty list) means any time. */
  availability: TimeWindow[] | null;
  businessUnitId: string;
  /** Interviews the candidate already holds elsewhere (e.g. the one being rescheduled): slots overlapping them are unusable. */
  existing?: TimeWindow[];
  /**
   * A booking the assignment may move (the booking pass): kept where it is unless moving it books
   * more candidates. It must not be in the interviewer's `existing` nor in this candidate's.
   */
  current?: { interviewerId: string; startsAt: Date };
  /**
   * Not to be booked, only kept room for (a registration still under review that may come to the
   * pool later): the assignment books the others where they leave the most of these a slot, at a
   * lower priority than everything but the spread of load and of fast-track candidates' times.
   * Without `current`.
   */
  anticipated?: boolean;
}

export interface SchedulingInterviewer {
  id: string;
  specialties: string[];
  businessUnitIds: string[];
  /** Bookable slots, e.g. from `cutSlots`; they must not overlap one another. */
  slots: Slot[];
  /** Most interviews per day (in the event's timezone), the bookings in `existing` included. */
  dailyCapacity: number;
  /** Interviews already booked: they block overlapping slots and count toward the daily capacity. */
  existing: TimeWindow[];
}

export interface AssignmentInput {
  /** The event's IANA timezone: the days of `existing` bookings are counted in it, as slots' `day` are. */
  timezone: string;
  candidates: SchedulingCandidate[];
  interviewers: SchedulingInterviewer[];
}

export interface Assignment {
  candidateId: string;
  interviewerId: string;
  slot: Slot;
}

export type UnscheduledReason =
  'no_shared_specialty' | 'no_overlapping_availability' | 'slots_taken' | 'daily_limit_reached';

export interface Unscheduled {
  candidateId: string;
  reason: UnscheduledReason;
}

export interface AssignmentResult {
  assignments: Assignment[];
  unscheduled: Unscheduled[];
}
