import { EntityManager } from 'typeorm';
import { Role } from '../common/actor';
import { HiringEvent } from '../events/event.entity';
import { subtractBusy } from './scheduling/windows';
import { cutSlots } from './scheduling/slots';
import type { SchedulingCandidate, SchedulingInterviewer, TimeWindow } from './scheduling/scheduling.types';
import { ACTIVE_INTERVIEW_STATUSES } from './interview.entity';

/** Which registrations to load: the given ones, or (without ids) every advanced one without an interview. */
export interface CandidateFilter {
  registrationIds?: string[];
  /** Only those waiting in the booking pool (the booking pass; a run books every advanced one). */
  pooledOnly?: boolean;
  /** Bookings the assignment may move: left out of the candidates' existing interviews. */
  movableInterviewIds?: string[];
}

interface WindowRow {
  s: string;
  e: string;
}

const toWindows = (rows: WindowRow[] | null): TimeWindow[] =>
  (rows ?? []).map((w) => ({ startsAt: new Date(w.s), endsAt: new Date(w.e) }));

/**
 * The interviewers who offer time at an event, as the pure scheduler sees them: slots cut from their
 * windows (only those starting at or after `notBefore`), their active interviews anywhere, and the
 * smallest daily capacity of their units.
 */
export async function loadInterviewers(
  manager: EntityManager,
  event: HiringEvent,
  options: { businessUnitId?: string; notBefore?: Date; movableInterviewIds?: string[] } = {},
): Promise<SchedulingInterviewer[]> {
  const rows: {
    id: string;
    specialties: string[];
    business_unit_ids: string[];
    capacity: number | null;
    windows: WindowRow[];
    busy: WindowRow[] | null;
    existing: WindowRow[] | null;
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
  const floor = options.notBefore?.getTime() ?? -Infinity;
  return rows.map((r) => ({
    id: r.id,
    specialties: r.specialties,
    businessUnitIds: r.business_unit_ids,
    dailyCapacity: r.capacity ?? 0,
    // Busy times from the interviewer's calendar feed are taken out of their windows.
    slots: cutSlots(
      subtractBusy(toWindows(r.windows), toWindows(r.busy)),
      event.interviewMinutes,
      event.bufferMinutes,
      event.timezone,
    ).filter((s) => s.startsAt.getTime() >= floor),
    existing: toWindows(r.existing),
  }));
}

/**
 * Registrations of an event as the scheduler sees them: advanced (or the given ones), with their
 * availability (none = any time) and the active interviews they already hold.
 */
export async function loadCandidates(
  manager: EntityManager,
  eventId: string,
  filter: CandidateFilter,
): Promise<SchedulingCandidate[]> {
  const rows: {
    id: string;
    specialties: string[];
    lane: string | null;
    created_at: Date;
    business_unit_id: string;
    windows: WindowRow[] | null;
    existing: WindowRow[] | null;
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
    fastTrack: r.lane === 'fast_track',
    registeredAt: new Date(r.created_at),
    availability: r.windows ? toWindows(r.windows) : null,
    businessUnitId: r.business_unit_id,
    existing: toWindows(r.existing),
  }));
}
