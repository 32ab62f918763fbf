import { EntityManager } from 'typeorm';
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
