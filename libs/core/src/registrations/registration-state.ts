import { RegistrationError, RegistrationErrorCode } from './registrations.errors';

/** The seat. Only `capacity` registrations are ever `registered` at once. */
export enum RegistrationStatus {
  Registered = 'registered',
  Waitlisted = 'waitlisted',
  Withdrawn = 'withdrawn',
}

/** null until the waiver is evaluated. */
export enum Lane {
  FastTrack = 'fast_track',
  Standard = 'standard',
}

/** The hiring pipeline (for registered seats; a waitlisted one waits in `intake`). */
export enum Stage {
  Intake = 'intake',
  Routed = 'routed',
  Unrouted = 'unrouted',
  TestRequired = 'test_required',
  TestPassed = 'test_passed',
  TestFailed = 'test_failed',
  Advanced = 'advanced',
  Rejected = 'rejected',
  OnHold = 'on_hold',
  InterviewScheduled = 'interview_scheduled',
  Interviewed = 'interviewed',
  Offer = 'offer',
}

/** What a timeline row records a change of. */
export enum TimelineField {
  Status = 'status',
  Lane = 'lane',
  Stage = 'stage',
  BusinessUnit = 'business_unit',
  Waiver = 'waiver',
  WrittenTest = 'written_test',
  CheckIn = 'check_in',
  Erasure = 'erasure',
  /** A booked interview moved by the booking pass. */
  Interview = 'interview',
}

/**
 * Moves the pipeline allows. Routing may be retried (unrouted → routed) and a reviewer may
 * reroute (routed → routed) or put on hold and decide later; an interview may be moved
 * (interview_scheduled → advanced frees the slot for a new booking).
 */
export const STAGE_TRANSITIONS: Record<Stage, Stage[]> = {
  [Stage.Intake]: [Stage.Routed, Stage.Unrouted, Stage.TestRequired],
  [Stage.TestRequired]: [Stage.TestPassed, Stage.TestFailed, Stage.Routed, Stage.Unrouted],
  [Stage.TestPassed]: [Stage.Routed, Stage.Unrouted],
  [Stage.TestFailed]: [Stage.TestPassed, Stage.TestFailed, Stage.Routed, Stage.Unrouted],
  [Stage.Unrouted]: [Stage.Routed, Stage.TestRequired],
  [Stage.Routed]: [Stage.Routed, Stage.Advanced, Stage.Rejected, Stage.OnHold, Stage.TestRequired],
  [Stage.OnHold]: [Stage.Routed, Stage.Advanced, Stage.Rejected],
  [Stage.Advanced]: [Stage.InterviewScheduled, Stage.Rejected],
  [Stage.InterviewScheduled]: [Stage.Interviewed, Stage.Advanced, Stage.Rejected],
  [Stage.Interviewed]: [Stage.Offer, Stage.Rejected],
  [Stage.Offer]: [],
  [Stage.Rejected]: [],
};

export function canMoveStage(from: Stage, to: Stage): boolean {
  return STAGE_TRANSITIONS[from].includes(to);
}

/** Throws 409 INVALID_TRANSITION when the pipeline forbids the move. */
export function assertStageTransition(from: Stage, to: Stage): void {
  if (!canMoveStage(from, to)) {
    throw new RegistrationError(
      RegistrationErrorCode.InvalidTransition,
      `A registration in stage ${from} cannot move to ${to}.`,
    );
  }
}
