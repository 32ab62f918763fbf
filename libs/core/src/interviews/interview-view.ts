import { EntityManager } from 'typeorm';
import { BookingWait } from '../registrations/registration-interviews.port';
import { Interview } from './interview.entity';

export function interviewView(i: Interview): Record<string, unknown> {
  return {
    id: i.id,
    eventId: i.eventId,
    registrationId: i.registrationId,
    interviewerId: i.interviewerId,
    businessUnitId: i.businessUnitId,
    startsAt: i.startsAt,
    endsAt: i.endsAt,
    status: i.status,
    version: i.version,
    sequence: i.version,
    conflict: i.conflict,
    movedAt: i.movedAt,
    location: i.location,
    replacesId: i.replacesId,
    replacedById: i.replacedById,
    statusReason: i.statusReason,
    confirmedAt: i.confirmedAt,
    createdAt: i.createdAt,
  };
}

/** A registration's current interview (else its latest one), as the registration views show it. */
export async function currentInterview(
  manager: EntityManager,
  registrationId: string,
): Promise<Record<string, unknown> | null> {
  return (await currentInterviews(manager, [registrationId])).get(registrationId) ?? null;
}

/** `currentInterview` of many registrations in one query (listings); those without any are absent. */
export async function currentInterviews(
  manager: EntityManager,
  registrationIds: string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (registrationIds.length === 0) return new Map();
  const interviews = await manager
    .getRepository(Interview)
    .createQueryBuilder('i')
    .distinctOn(['i.registrationId'])
    .where('i.registrationId IN (:...registrationIds)', { registrationIds })
    .orderBy('i.registrationId')
    .addOrderBy(`CASE WHEN i.status IN ('scheduled', 'confirmed') THEN 0 ELSE 1 END`, 'ASC')
    .addOrderBy('i.createdAt', 'DESC')
    .getMany();
  return new Map(interviews.map((i) => [i.registrationId, interviewView(i)]));
}

/** Who of these registrations waits for an interview, since when and why (staff listings). */
export async function bookingWaits(
  manager: EntityManager,
  registrationIds: string[],
): Promise<Map<string, BookingWait>> {
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
export async function bookingPoolSummary(
  manager: EntityManager,
  eventId: string,
): Promise<{ waiting: number; oldestWaitingSince: Date | null; flaggedInterviews: number }> {
  const [row]: { waiting: number; oldest: Date | null; flagged: number }[] = await manager.query(
    `SELECT (SELECT count(*)::int FROM interview_booking_pool p JOIN registrations r ON r.id = p.registration_id
              WHERE p.event_id = $1 AND r.stage = 'advanced') AS waiting,
            (SELECT min(p.pooled_at) FROM interview_booking_pool p JOIN registrations r ON r.id = p.registration_id
              WHERE p.event_id = $1 AND r.stage = 'advanced') AS oldest,
            (SELECT count(*)::int FROM interviews i WHERE i.event_id = $1 AND i.conflict
              AND i.status IN ('scheduled', 'confirmed')) AS flagged`,
    [eventId],
  );
  return {
    waiting: row.waiting,
    oldestWaitingSince: row.oldest ? new Date(row.oldest) : null,
    flaggedInterviews: row.flagged,
  };
}
