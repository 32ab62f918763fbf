import { Injectable } from '@nestjs/common';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { BookingWait } from '../registrations/registration-interviews.port';
import { ACTIVE_INTERVIEW_STATUSES, Interview, InterviewStatus } from './interview.entity';

/** The event's booking pool for its report: who waits, since when, and the flagged interviews. */
export interface BookingPoolSummary {
  waiting: number;
  oldestWaitingSince: Date | null;
  flaggedInterviews: number;
}

/** A row of `interviews` as PostgreSQL returns it. */
interface InterviewRow {
  id: string;
  organization_id: string;
  event_id: string;
  registration_id: string;
  interviewer_id: string;
  business_unit_id: string;
  starts_at: Date;
  ends_at: Date;
  status: InterviewStatus;
  ical_uid: string;
  version: number;
  location: string | null;
  scheduling_run_id: string | null;
  replaces_id: string | null;
  replaced_by_id: string | null;
  status_reason: string | null;
  moved_at: Date | null;
  conflict: boolean;
  confirmed_at: Date | null;
  ended_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const interviewOf = (r: InterviewRow): Interview =>
  Object.assign(new Interview(), {
    id: r.id,
    organizationId: r.organization_id,
    eventId: r.event_id,
    registrationId: r.registration_id,
    interviewerId: r.interviewer_id,
    businessUnitId: r.business_unit_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    status: r.status,
    icalUid: r.ical_uid,
    version: r.version,
    location: r.location,
    schedulingRunId: r.scheduling_run_id,
    replacesId: r.replaces_id,
    replacedById: r.replaced_by_id,
    statusReason: r.status_reason,
    movedAt: r.moved_at,
    conflict: r.conflict,
    confirmedAt: r.confirmed_at,
    endedAt: r.ended_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

/** The reads behind the interview views (staff listings, registrations, the report, the candidate's own). */
@Injectable()
export class InterviewViewsRepository {
  /**
   * Each registration's current interview (its active one, else its latest), in one statement;
   * those without any are absent.
   */
  async currentInterviews(manager: EntityManager, registrationIds: string[]): Promise<Interview[]> {
    if (registrationIds.length === 0) return [];
    const rows: InterviewRow[] = await manager.query(
      `SELECT DISTINCT ON (registration_id) * FROM interviews
        WHERE registration_id = ANY($1::uuid[])
        ORDER BY registration_id, CASE WHEN status = ANY($2) THEN 0 ELSE 1 END, created_at DESC`,
      [registrationIds, ACTIVE_INTERVIEW_STATUSES],
    );
    return rows.map(interviewOf);
  }

  /** A registration's active interview (the earliest), locked when asked; null without one. */
  activeOf(
    manager: EntityManager,
    registrationId: string,
    { lock = false }: { lock?: boolean } = {},
  ): Promise<Interview | null> {
    return manager.getRepository(Interview).findOne({
      where: { registrationId, status: In(ACTIVE_INTERVIEW_STATUSES) },
      order: { startsAt: 'ASC' },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /**
   * An event's interviews of one organization by (start, id), after the keyset cursor when given:
   * of one interviewer, or in one status, when asked. The service pages the builder.
   */
  eventInterviews(
    manager: EntityManager,
    filter: {
      eventId: string;
      organizationId: string;
      interviewerId?: string;
      status?: InterviewStatus;
      after?: { at: string; id: string };
    },
  ): SelectQueryBuilder<Interview> {
    const qb = manager
      .getRepository(Interview)
      .createQueryBuilder('i')
      .where('i.eventId = :event', { event: filter.eventId })
      .andWhere('i.organizationId = :org', { org: filter.organizationId });
    if (filter.interviewerId) qb.andWhere('i.interviewerId = :me', { me: filter.interviewerId });
    if (filter.status) qb.andWhere('i.status = :status', { status: filter.status });
    if (filter.after) qb.andWhere('(i.startsAt, i.id) > (:at, :id)', filter.after);
    return qb.orderBy('i.startsAt', 'ASC').addOrderBy('i.id', 'ASC');
  }

  /** Who of these registrations waits for an interview (advanced, in the pool), since when and why. */
  async bookingWaits(manager: EntityManager, registrationIds: string[]): Promise<Map<string, BookingWait>> {
    if (registrationIds.length === 0) return new Map();
    const rows: { registration_id: string; pooled_at: Date; reason: string | null }[] = await manager.query(
      `SELECT p.registration_id, p.pooled_at, p.reason FROM interview_booking_pool p
         JOIN registrations r ON r.id = p.registration_id AND r.stage = 'advanced'
        WHERE p.registration_id = ANY($1::uuid[])`,
      [registrationIds],
    );
    return new Map(
      rows.map((r) => [r.registration_id, { waitingSince: new Date(r.pooled_at), reason: r.reason }]),
    );
  }

  /** The event's booking pool for its report: who waits, since when, and the flagged interviews. */
  async bookingPoolSummary(manager: EntityManager, eventId: string): Promise<BookingPoolSummary> {
    const [row]: { waiting: number; oldest: Date | null; flagged: number }[] = await manager.query(
      `SELECT (SELECT count(*)::int FROM interview_booking_pool p JOIN registrations r ON r.id = p.registration_id
                WHERE p.event_id = $1 AND r.stage = 'advanced') AS waiting,
              (SELECT min(p.pooled_at) FROM interview_booking_pool p JOIN registrations r ON r.id = p.registration_id
                WHERE p.event_id = $1 AND r.stage = 'advanced') AS oldest,
              (SELECT count(*)::int FROM interviews i WHERE i.event_id = $1 AND i.conflict
                AND i.status = ANY($2)) AS flagged`,
      [eventId, ACTIVE_INTERVIEW_STATUSES],
    );
    return {
      waiting: row.waiting,
      oldestWaitingSince: row.oldest ? new Date(row.oldest) : null,
      flaggedInterviews: row.flagged,
    };
  }
}
