import { TellCandidatePayload } from '@hirefair/queue';
import { OwedJob } from '../outbox/outbox.repository';
import { OwedChangeRow } from '../registrations/registration-changes.port';
import { Registration, Waiver } from '../registrations/registration.entity';
import { Lane, Stage } from '../registrations/registration-state';
import { TimelineInsert } from '../registrations/registration.types';
import { RoundRobinState } from '../routing/routing-strategy';

/*
 * What the intake's write statement (SQL text in intake-sql.ts, run by `IntakeRepository.write`)
 * takes and answers; no SQL here, so services import this file.
 */

/** One registration's intake, written with the others of its batch in one statement. */
export interface IntakeMove {
  id: string;
  /** The lane it had when read (the move is skipped if it changed). */
  fromLane: Lane | null;
  /** The status it had when read (the move is skipped if it changed: withdrawn, promoted). */
  fromStatus: Registration['status'];
  lane: Lane;
  /** Set with a newly decided lane; null keeps the stored waiver. */
  waiver: Waiver | null;
  /** Its stage after the intake: intake (a waitlisted seat), routed, unrouted or test_required. */
  stage: Stage;
  /** Routed: its unit and review deadline. */
  businessUnitId: string | null;
  slaDueAt: Date | null;
  /** Unrouted: why. */
  unroutedReason: string | null;
}

/**
 * Everything an intake writes for registrations, written by `IntakeRepository.write` in one
 * statement: the moves, and only for the registrations moved their timeline rows, webhook
 * deliveries and owed jobs.
 */
export interface IntakeWrite {
  eventId: string;
  moves: IntakeMove[];
  routedAt: Date;
  /**
   * The version of the event's routing row the routing plan read (optimistic): nothing is written
   * unless it is still that. Null: no check (no routing read, or the caller holds the row's lock).
   */
  routingVersion: string | null;
  /**
   * The units the plan routes to with the versions it read (optimistic, as `routingVersion`):
   * nothing is written unless each is still at that version (a routing of another event to a
   * shared unit, or an edit of its maximum, changes it). Empty: no check.
   */
  unitVersions: { id: string; version: string }[];
  /** The round-robin state to write with the moves when any is routed (which changes the row's version). */
  roundRobin: RoundRobinState | null;
  timeline: TimelineInsert[];
  /** The timeline listener's rows (webhook deliveries) and their jobs. */
  owed: OwedChangeRow[];
  /** Jobs owed for a registration (its SLA check). */
  jobs: { registrationId: string; job: OwedJob }[];
  /** The candidates' mails: one job for those moved (a `Tell` job for one, a `TellMany` for more). */
  tells: TellCandidatePayload[];
}

export interface IntakeWriteOptions {
  /** Skip registrations another transaction has locked (the batch) instead of waiting for them. */
  skipLocked: boolean;
}

/** What `IntakeRepository.write` did: `held` false when the routing row's or a unit's version had changed. */
export interface IntakeWritten {
  held: boolean;
  moved: string[];
}
