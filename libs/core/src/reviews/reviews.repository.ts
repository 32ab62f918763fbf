import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { Role } from '../common/actor';
import { rowsOf } from '../common/sql-results';
import { Registration } from '../registrations/registration.entity';
import { Stage } from '../registrations/registration-state';
import { User } from '../users/user.entity';
import { ReviewDecision } from './review-decision.entity';

export interface ReviewQueueFilter {
  organizationId: string;
  openStages: Stage[];
  /** The caller's units, or every unit of the organization. */
  units: string[] | 'all';
  businessUnitId?: string;
  after?: { f: number; at: string; id: string };
  limit: number;
}

/**
 * Every statement on `review_decisions`, and the reviews' reads and locks of registrations (the
 * queue, the registration being decided, the SLA mark) and of the staff an overdue review is told to.
 */
@Injectable()
export class ReviewsRepository extends DataSourceRepository {
  /** Fast track first, then oldest routed first, then id (the keyset of `after`). */
  queue(filter: ReviewQueueFilter): Promise<Registration[]> {
    const qb = this.dataSource
      .getRepository(Registration)
      .createQueryBuilder('r')
      .leftJoinAndSelect('r.candidate', 'c')
      .addSelect(`CASE WHEN r.lane = 'fast_track' THEN 0 ELSE 1 END`, 'lane_rank')
      .where('r.organizationId = :org', { org: filter.organizationId })
      .andWhere('r.stage IN (:...stages)', { stages: filter.openStages });
    if (filter.units !== 'all')
      qb.andWhere('r.businessUnitId IN (:...units)', { units: filter.units.length ? filter.units : [null] });
    if (filter.businessUnitId) qb.andWhere('r.businessUnitId = :bu', { bu: filter.businessUnitId });
    if (filter.after) {
      qb.andWhere(
        `(CASE WHEN r.lane = 'fast_track' THEN 0 ELSE 1 END, r.routedAt, r.id) > (:f, :at, :id)`,
        filter.after,
      );
    }
    return qb
      .orderBy('lane_rank', 'ASC')
      .addOrderBy('r.routedAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(filter.limit)
      .getMany();
  }

  lock(manager: EntityManager, id: string): Promise<Registration | null> {
    return manager
      .getRepository(Registration)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Marks the SLA breached once; false when it already was. */
  async markSlaBreached(manager: EntityManager, registrationId: string): Promise<boolean> {
    const updated = rowsOf(
      await manager.query(
        `UPDATE registrations SET sla_breached_at = now() WHERE id = $1 AND sla_breached_at IS NULL RETURNING id`,
        [registrationId],
      ),
    );
    return updated.length > 0;
  }

  addDecision(
    manager: EntityManager,
    decision: Omit<ReviewDecision, 'id' | 'createdAt'>,
  ): Promise<ReviewDecision> {
    const repo = manager.getRepository(ReviewDecision);
    return repo.save(repo.create(decision));
  }

  /** The unit's reviewers and the organization's recruiters. */
  overdueReviewWatchers(manager: EntityManager, organizationId: string, unitId: string): Promise<User[]> {
    return manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.organizationId = :org', { org: organizationId })
      .andWhere(
        `((:unit = ANY(u.businessUnitIds) AND :reviewer = ANY(u.roles)) OR :recruiter = ANY(u.roles))`,
        {
          unit: unitId,
          reviewer: Role.BuReviewer,
          recruiter: Role.Recruiter,
        },
      )
      .getMany();
  }
}
