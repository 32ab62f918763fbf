import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, actorId } from '../common/actor';
import {
  OwedChangeRow,
  RegistrationChangeListener,
  RegistrationRef,
  TimelineChange,
  TimelineRow,
} from './registration-changes.port';
import { Registration } from './registration.entity';
import { RegistrationError, RegistrationErrorCode } from './registrations.errors';
import { RegistrationTimelineEntry } from './registration-timeline.entity';
import { RegistrationsRepository } from './registrations.repository';
import { TimelineInsert } from './registration.types';
import { Stage, TimelineField, assertStageTransition } from './registration-state';

export type { TimelineChange, TimelineRow } from './registration-changes.port';

/** The timeline rows of a stage move: the stage, and the unit and lane when they change with it. */
export function stageChanges(
  registration: Pick<Registration, 'stage' | 'businessUnitId' | 'lane'>,
  to: Stage,
  reason: string | null | undefined,
  also: Partial<Pick<Registration, 'businessUnitId' | 'lane'>> = {},
): TimelineChange[] {
  const changes: TimelineChange[] = [{ field: TimelineField.Stage, from: registration.stage, to, reason }];
  if (also.businessUnitId !== undefined && also.businessUnitId !== registration.businessUnitId) {
    changes.push({
      field: TimelineField.BusinessUnit,
      from: registration.businessUnitId,
      to: also.businessUnitId,
      reason,
    });
  }
  if (also.lane !== undefined && also.lane !== registration.lane) {
    changes.push({ field: TimelineField.Lane, from: registration.lane, to: also.lane, reason });
  }
  return changes;
}

const timelineInsert = (actor: Actor, r: TimelineRow): TimelineInsert => ({
  registrationId: r.registration.id,
  organizationId: r.registration.organizationId,
  actorType: actor.kind,
  actorId: actorId(actor),
  field: r.change.field,
  from: r.change.from,
  to: r.change.to,
  reason: r.change.reason ?? null,
});

/**
 * The one writer of registration timelines. Every change of status, lane, stage or unit goes
 * through here, inside the transaction that makes the change; the intake, which writes its changes
 * in one statement, takes its rows (and the listener's) from `owedMany` and writes them with it.
 */
@Injectable()
export class RegistrationTimelineService {
  constructor(
    private readonly listener: RegistrationChangeListener,
    private readonly repository: RegistrationsRepository,
  ) {}

  async record(
    manager: EntityManager,
    actor: Actor,
    registration: RegistrationRef,
    ...changes: TimelineChange[]
  ): Promise<void> {
    await this.recordMany(
      manager,
      actor,
      changes.map((change) => ({ registration, change })),
    );
  }

  /** Changes of many registrations by one actor, in one statement (batch routing). */
  async recordMany(manager: EntityManager, actor: Actor, rows: TimelineRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.repository.insertTimeline(
      manager,
      rows.map((r) => timelineInsert(actor, r)),
    );
    await this.listener.registrationChanged(manager, rows);
  }

  /**
   * `recordMany`'s rows and what the listener owes for them, unwritten: for a writer that writes
   * them in one statement with the change itself (the intake batch), only for the registrations it
   * changed. Reads what the listener needs (the webhook subscriptions).
   */
  async owedMany(
    manager: EntityManager,
    actor: Actor,
    rows: TimelineRow[],
  ): Promise<{ timeline: TimelineInsert[]; owed: OwedChangeRow[] }> {
    if (rows.length === 0) return { timeline: [], owed: [] };
    return {
      timeline: rows.map((r) => timelineInsert(actor, r)),
      owed: await this.listener.owedFor(manager, rows),
    };
  }

  /**
   * Moves a registration along the pipeline: checks the move (409 INVALID_TRANSITION), updates
   * the row only if nobody moved it meanwhile, and records the change. `also` sets other columns
   * in the same update (e.g. businessUnitId, slaDueAt).
   */
  async moveStage(
    manager: EntityManager,
    actor: Actor,
    registration: Registration,
    to: Stage,
    reason?: string | null,
    also: Partial<Pick<Registration, 'businessUnitId' | 'routedAt' | 'slaDueAt' | 'lane'>> = {},
  ): Promise<Registration> {
    const from = registration.stage;
    assertStageTransition(from, to);
    if (!(await this.repository.moveOne(manager, registration.id, from, { stage: to, ...also }))) {
      throw new RegistrationError(
        RegistrationErrorCode.InvalidTransition,
        'The registration changed meanwhile; reload it and try again.',
      );
    }
    const changes = stageChanges(registration, to, reason, also);
    await this.record(manager, actor, registration, ...changes);
    return Object.assign(registration, { stage: to, ...also });
  }

  list(manager: EntityManager, registrationId: string): Promise<RegistrationTimelineEntry[]> {
    return this.repository.timeline(manager, registrationId);
  }
}
