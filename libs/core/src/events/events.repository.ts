import { Injectable } from '@nestjs/common';
import { DeepPartial, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { StaffActor } from '../common/actor';
import { findInOrganization } from '../common/tenancy';
import { EventStatus } from './event-state';
import { HiringEvent } from './event.entity';
import { EventErrorCode } from './events.errors';

/** Every statement and lock on `events`. */
@Injectable()
export class EventsRepository extends DataSourceRepository {
  create(fields: DeepPartial<HiringEvent>): HiringEvent {
    return this.dataSource.getRepository(HiringEvent).create(fields);
  }

  async insert(manager: EntityManager, event: HiringEvent): Promise<void> {
    await manager.getRepository(HiringEvent).insert(event);
  }

  async save(manager: EntityManager, event: HiringEvent): Promise<void> {
    await manager.getRepository(HiringEvent).save(event);
  }

  async updateStatus(manager: EntityManager, event: HiringEvent): Promise<void> {
    await manager
      .getRepository(HiringEvent)
      .update(
        { id: event.id },
        { status: event.status, publishedAt: event.publishedAt, completedAt: event.completedAt },
      );
  }

  /**
   * An event of the actor's organization (404 EVENT_NOT_FOUND otherwise), row-locked when `lock`:
   * the one lookup of an event on behalf of staff, for every feature that works on an event.
   */
  async findForActor(
    actor: StaffActor,
    id: string,
    manager: EntityManager = this.manager,
    lock = false,
  ): Promise<HiringEvent> {
    const repo = manager.getRepository(HiringEvent);
    const event = await findInOrganization(repo, actor, id, 'Event', EventErrorCode.NotFound);
    if (!lock) return event;
    await manager.query(`SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, [id]);
    return repo.findOneByOrFail({ id });
  }

  /** An event by id alone, for work that is not done on behalf of staff (jobs, checks). */
  findById(id: string, manager: EntityManager = this.manager): Promise<HiringEvent> {
    return manager.getRepository(HiringEvent).findOneByOrFail({ id });
  }

  organizationQuery(organizationId: string, status?: EventStatus): SelectQueryBuilder<HiringEvent> {
    const qb = this.dataSource
      .getRepository(HiringEvent)
      .createQueryBuilder('e')
      .where('e.organizationId = :org', { org: organizationId });
    if (status) qb.andWhere('e.status = :status', { status });
    return qb;
  }

  publicQuery(statuses: EventStatus[]): SelectQueryBuilder<HiringEvent> {
    return this.dataSource
      .getRepository(HiringEvent)
      .createQueryBuilder('e')
      .where('e.status IN (:...statuses)', { statuses });
  }

  findBySlug(slug: string, statuses: EventStatus[]): Promise<HiringEvent | null> {
    return this.dataSource.getRepository(HiringEvent).findOne({ where: { slug, status: In(statuses) } });
  }
}
