import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Role } from '../common/actor';
import { ACTIVE_INTERVIEW_STATUSES } from './interview.entity';
import type { TimeWindow } from './scheduling/scheduling.types';

/** Which registrations to load: the given ones, or (without ids) every advanced one without an interview. */
export interface CandidateFilter {
  registrationIds?: string[];
  /** Only those waiting in the booking pool (the booking pass; a run books every advanced one). */
  pooledOnly?: boolean;
  /** Bookings the assignment may move: left out of the candidates' existing interviews. */
  movableInterviewIds?: string[];
}

/** An interviewer offering time at an event, as stored: windows, calendar busy times, active interviews. */
export interface InterviewerRow {
  id: string;
  specialties: string[];
  businessUnitIds: string[];
  /** The smallest daily capacity of their units (null: no unit). */
  capacity: number | null;
  windows: TimeWindow[];
  busy: TimeWindow[];
  existing: TimeWindow[];
}

/** A registration as the scheduler reads it: its windows (null: none given) and active interviews. */
export interface CandidateRow {
  id: string;
  specialties: string[];
  lane: string | null;
  createdAt: Date;
  businessUnitId: string;
  windows: TimeWindow[] | null;
  existing: TimeWindow[];
}

interface WindowJson {
  s: string;
  e: string;
}

const toWindows = (rows: WindowJson[] | null): TimeWindow[] =>
  (rows ?? []).map((w) => ({ startsAt: new Date(w.s), endsAt: new Date(w.e) }));

/** The SQL of the scheduler's inputs: interviewers and registrations of an event, one statement each. */
@Injectable()
export class SchedulingInputsRepository {
  /**
   * The organization's interviewers with windows at the event (of one unit, when given), with their
   * calendar's busy times and their active interviews anywhere (but the movable ones), by id.
   */
  async interviewers(
    manager: EntityManager,
    event: { id: string; organizationId: string },
    options: { businessUnitId?: string; movableInterviewIds?: string[] } = {},
  ): Promise<InterviewerRow[]> {
    const rows: {
      id: string;
      specialties: string[];
      business_unit_ids: string[];
      capacity: number | null;
      windows: WindowJson[];
      busy: WindowJson[] | null;
      existing: WindowJson[] | null;
    }[] = await manager.query(
      `SELECT u.id, u.specialties, u.business_unit_ids,
              (SELECT min(b.daily_interview_capacity) FROM business_units b
                WHERE b.id = ANY(u.business_unit_ids)) AS capacity,
              (SELECT json_agg(json_build_object('s', lower(a.during), 'e', upper(a.during)))
                 FROM interviewer_availability a WHERE a.interviewer_id = u.id AND a.event_id = $1) AS windows,
              (SELECT c.busy FROM interviewer_calendars c WHERE c.user_id = u.id) AS busy,
              (SELECT json_agg(json_build_object('s', i.starts_at, 'e', i.ends_at))
                 FROM interviews i WHERE i.interviewer_id = u.id AND i.status = ANY($3)
                  AND NOT i.id = ANY($6::uuid[])) AS existing
         FROM users u
        WHERE u.organization_id = $2 AND $4 = ANY(u.roles)
          AND EXISTS (SELECT 1 FROM interviewer_availability a WHERE a.interviewer_id = u.id AND a.event_id = $1)
          AND ($5::uuid IS NULL OR $5 = ANY(u.business_unit_ids))
        ORDER BY u.id`,
      [
        event.id,
        event.organizationId,
        ACTIVE_INTERVIEW_STATUSES,
        Role.Interviewer,
        options.businessUnitId ?? null,
        options.movableInterviewIds ?? [],
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      specialties: r.specialties,
      businessUnitIds: r.business_unit_ids,
      capacity: r.capacity,
      windows: toWindows(r.windows),
      busy: toWindows(r.busy),
      existing: toWindows(r.existing),
    }));
  }

  /**
   * Registered registrations of the event routed to a unit: the given ones, or every advanced one
   * without an active interview (only the pooled ones with `pooledOnly`), in arrival order.
   */
  async candidates(
    manager: EntityManager,
    eventId: string,
    filter: CandidateFilter,
  ): Promise<CandidateRow[]> {
    const rows: {
      id: string;
      specialties: string[];
      lane: string | null;
      created_at: Date;
      business_unit_id: string;
      windows: WindowJson[] | null;
      existing: WindowJson[] | null;
    }[] = await manager.query(
      `SELECT r.id, r.specialties, r.lane, r.created_at, r.business_unit_id,
              (SELECT json_agg(json_build_object('s', lower(a.during), 'e', upper(a.during)))
                 FROM candidate_availability a WHERE a.registration_id = r.id) AS windows,
              (SELECT json_agg(json_build_object('s', i.starts_at, 'e', i.ends_at))
                 FROM interviews i WHERE i.registration_id = r.id AND i.status = ANY($2)
                  AND NOT i.id = ANY($4::uuid[])) AS existing
         FROM registrations r
        WHERE r.event_id = $1 AND r.business_unit_id IS NOT NULL AND r.status = 'registered'
          AND (($3::uuid[] IS NOT NULL AND r.id = ANY($3))
            OR ($3::uuid[] IS NULL AND r.stage = 'advanced'
                AND NOT EXISTS (SELECT 1 FROM interviews i WHERE i.registration_id = r.id AND i.status = ANY($2))
                AND (NOT $5 OR EXISTS (SELECT 1 FROM interview_booking_pool p WHERE p.registration_id = r.id))))
        ORDER BY r.seq`,
      [
        eventId,
        ACTIVE_INTERVIEW_STATUSES,
        filter.registrationIds ?? null,
        filter.movableInterviewIds ?? [],
        filter.pooledOnly === true,
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      specialties: r.specialties,
      lane: r.lane,
      createdAt: new Date(r.created_at),
      businessUnitId: r.business_unit_id,
      windows: r.windows ? toWindows(r.windows) : null,
      existing: toWindows(r.existing),
    }));
  }
}
