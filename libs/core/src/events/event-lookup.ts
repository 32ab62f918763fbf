import { EntityManager } from 'typeorm';
import { StaffActor } from '../common/actor';
import { findInOrganization } from '../common/tenancy';
import { HiringEvent } from './event.entity';
import { EventErrorCode } from './events.errors';

/** An event of the actor's organization, or 404 EVENT_NOT_FOUND. */
export function findEvent(manager: EntityManager, actor: StaffActor, eventId: string): Promise<HiringEvent> {
  return findInOrganization(
    manager.getRepository(HiringEvent),
    actor,
    eventId,
    'Event',
    EventErrorCode.NotFound,
  );
}
