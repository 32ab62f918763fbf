import { Interview } from './interview.entity';

/** An interview as the API shows it (staff and the candidate). */
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
