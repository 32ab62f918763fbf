import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { DEFAULT_RETENTION_DAYS, RetentionPolicy } from './retention-policy.entity';

const DUE_AT = `coalesce(e.completed_at, e.updated_at) + make_interval(days => coalesce(p.days, ${DEFAULT_RETENTION_DAYS}))`;

/** The registrations (`r`) that hold data past their retention. */
const DUE_REGISTRATIONS = `registrations r JOIN events e ON e.id = r.event_id
    LEFT JOIN retention_policies p ON p.organization_id = e.organization_id
   WHERE e.status = 'completed' AND r.erased_at IS NULL AND ${DUE_AT} <= now()`;

export interface CompletedEventRetention {
  id: string;
  title: string;
  slug: string;
  completed_at: Date;
  due_at: Date;
  personal: string;
}

/** Every statement on `retention_policies`, and the reads that find what a policy makes due. */
@Injectable()
export class RetentionRepository extends DataSourceRepository {
  findPolicy(organizationId: string): Promise<RetentionPolicy | null> {
    return this.dataSource.getRepository(RetentionPolicy).findOneBy({ organizationId });
  }

  /** Sets the period; answers the policy it replaced (row-locked), if any. */
  async setPolicy(
    manager: EntityManager,
    organizationId: string,
    days: number,
    updatedBy: string,
  ): Promise<RetentionPolicy | null> {
    const repo = manager.getRepository(RetentionPolicy);
    const before = await repo.findOne({ where: { organizationId }, lock: { mode: 'pessimistic_write' } });
    await repo.upsert({ organizationId, days, updatedBy }, ['organizationId']);
    return before;
  }

  /** The organization's completed events, when each is due, and how many registrations still hold data. */
  completedEvents(organizationId: string): Promise<CompletedEventRetention[]> {
    return this.dataSource.query(
      `SELECT e.id, e.title, e.slug, coalesce(e.completed_at, e.updated_at) AS completed_at, ${DUE_AT} AS due_at,
              (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.erased_at IS NULL) AS personal
         FROM events e LEFT JOIN retention_policies p ON p.organization_id = e.organization_id
        WHERE e.organization_id = $1 AND e.status = 'completed'
        ORDER BY due_at, e.id`,
      [organizationId],
    );
  }

  /** Whether any registration holds data past its retention (read alone, outside a transaction). */
  async anyDue(): Promise<boolean> {
    const [{ due }]: { due: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM ${DUE_REGISTRATIONS}) AS due`,
    );
    return due;
  }

  /** Claims up to `limit` candidates with data past its retention (SKIP LOCKED: runners share the work). */
  async claimDueCandidates(manager: EntityManager, limit: number): Promise<string[]> {
    const candidates: { id: string }[] = await manager.query(
      `SELECT c.id FROM candidates c
        WHERE c.id IN (SELECT r.candidate_id FROM ${DUE_REGISTRATIONS})
        LIMIT $1 FOR UPDATE OF c SKIP LOCKED`,
      [limit],
    );
    return candidates.map((c) => c.id);
  }

  /** Those candidates' registrations that are due, with the period that made them due. */
  dueRegistrations(manager: EntityManager, candidateIds: string[]): Promise<{ id: string; days: number }[]> {
    return manager.query(
      `SELECT r.id, coalesce(p.days, ${DEFAULT_RETENTION_DAYS}) AS days
         FROM registrations r JOIN events e ON e.id = r.event_id
         LEFT JOIN retention_policies p ON p.organization_id = e.organization_id
        WHERE r.candidate_id = ANY($1::uuid[]) AND e.status = 'completed' AND r.erased_at IS NULL
          AND ${DUE_AT} <= now()
        ORDER BY r.id`,
      [candidateIds],
    );
  }
}
