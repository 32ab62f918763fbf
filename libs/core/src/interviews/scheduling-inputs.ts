import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HiringEvent } from '../events/event.entity';
import { subtractBusy } from './scheduling/windows';
import { cutSlots } from './scheduling/slots';
import type { SchedulingCandidate, SchedulingInterviewer } from './scheduling/scheduling.types';
import { CandidateFilter, SchedulingInputsRepository } from './scheduling-inputs.repository';

export type { CandidateFilter };

/** The scheduler's inputs, read by SchedulingInputsRepository and shaped for the pure scheduler. */
@Injectable()
export class SchedulingInputs {
  constructor(private readonly repository: SchedulingInputsRepository) {}

  /**
   * The interviewers who offer time at an event, as the pure scheduler sees them: slots cut from
   * their windows (only those starting at or after `notBefore`), their active interviews anywhere,
   * and the smallest daily capacity of their units.
   */
  async loadInterviewers(
    manager: EntityManager,
    event: HiringEvent,
    options: { businessUnitId?: string; notBefore?: Date; movableInterviewIds?: string[] } = {},
  ): Promise<SchedulingInterviewer[]> {
    const rows = await this.repository.interviewers(manager, event, options);
    const floor = options.notBefore?.getTime() ?? -Infinity;
    return rows.map((r) => ({
      id: r.id,
      specialties: r.specialties,
      businessUnitIds: r.businessUnitIds,
      dailyCapacity: r.capacity ?? 0,
      // Busy times from the interviewer's calendar feed are taken out of their windows.
      slots: cutSlots(
        subtractBusy(r.windows, r.busy),
        event.interviewMinutes,
        event.bufferMinutes,
        event.timezone,
      ).filter((s) => s.startsAt.getTime() >= floor),
      existing: r.existing,
    }));
  }

  /**
   * Registrations of an event as the scheduler sees them: advanced (or the given ones), with their
   * availability (none = any time) and the active interviews they already hold.
   */
  async loadCandidates(
    manager: EntityManager,
    eventId: string,
    filter: CandidateFilter,
  ): Promise<SchedulingCandidate[]> {
    const rows = await this.repository.candidates(manager, eventId, filter);
    return rows.map((r) => ({
      id: r.id,
      specialties: r.specialties,
      fastTrack: r.lane === 'fast_track',
      registeredAt: r.createdAt,
      availability: r.windows,
      businessUnitId: r.businessUnitId,
      existing: r.existing,
    }));
  }
}
