import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { Lane, RegistrationStatus, Stage } from './registration-state';
import { Registration } from './registration.entity';

export interface RegistrationFilter {
  status?: RegistrationStatus;
  lane?: Lane;
  stage?: Stage;
  businessUnitId?: string;
  specialty?: string;
  city?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}

/** The staff side's statements on registrations: the filtered listing, one record, check-in. */
@Injectable()
export class RegistrationsStaffRepository extends DataSourceRepository {
  /** Up to `limit` of the event's registrations matching `f`, with their candidates, by arrival after `afterSeq`. */
  page(
    eventId: string,
    f: RegistrationFilter,
    afterSeq: string | null,
    limit: number,
  ): Promise<Registration[]> {
    const qb = this.dataSource
      .getRepository(Registration)
      .createQueryBuilder('r')
      .leftJoinAndSelect('r.candidate', 'c')
      .where('r.eventId = :eventId', { eventId })
      .orderBy('r.seq', 'ASC');
    if (afterSeq !== null) qb.andWhere('r.seq > :after', { after: afterSeq });
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.lane) qb.andWhere('r.lane = :lane', { lane: f.lane });
    if (f.stage) qb.andWhere('r.stage = :stage', { stage: f.stage });
    if (f.businessUnitId) qb.andWhere('r.businessUnitId = :unit', { unit: f.businessUnitId });
    if (f.specialty) qb.andWhere(':specialty = ANY(r.specialties)', { specialty: f.specialty });
    if (f.city) qb.andWhere('lower(r.city) = lower(:city)', { city: f.city });
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('r.erasedAt IS NULL').andWhere(
        new Brackets((w) => w.where('c.name ILIKE :like', { like }).orWhere('c.email ILIKE :like', { like })),
      );
    }
    return qb.limit(limit).getMany();
  }

  /** A registration of the organization, with its candidate. */
  inOrganization(organizationId: string, id: string): Promise<Registration | null> {
    return this.dataSource.getRepository(Registration).findOne({
      where: { id, organizationId },
      relations: { candidate: true },
    });
  }

  /** The event's registration by id or by check-in code, row-locked for the caller's transaction. */
  lockForCheckIn(
    manager: EntityManager,
    eventId: string,
    by: { id: string } | { checkInCode: string },
  ): Promise<Registration | null> {
    return manager.getRepository(Registration).findOne({
      where: { ...by, eventId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Stamps the arrival; answers its time. */
  async markCheckedIn(manager: EntityManager, id: string): Promise<Date> {
    const [row] = rowsOf<{ checked_in_at: Date }>(
      await manager.query(
        `UPDATE registrations SET checked_in_at = now(), updated_at = now() WHERE id = $1 RETURNING checked_in_at`,
        [id],
      ),
    );
    return row.checked_in_at;
  }
}
