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
  const interview = await manager
    .getRepository(Interview)
    .createQueryBuilder('i')
    .where('i.registrationId = :registrationId', { registrationId })
    .orderBy(`CASE WHEN i.status IN ('scheduled', 'confirmed') THEN 0 ELSE 1 END`, 'ASC')
    .addOrderBy('i.createdAt', 'DESC')
    .getOne();
  return interview ? interviewView(interview) : null;
}
