import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { AuditEntry } from './audit-entry.entity';

export interface AuditFilter {
  organizationId: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  actorId?: string;
}

/** Every statement on `audit_log`. */
@Injectable()
export class AuditRepository extends DataSourceRepository {
  async insert(manager: EntityManager | undefined, entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    const repo = (manager ?? this.dataSource.manager).getRepository(AuditEntry);
    await repo.insert(repo.create(entry));
  }

  filtered(filter: AuditFilter): SelectQueryBuilder<AuditEntry> {
    const qb = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .where('e.organizationId = :org', { org: filter.organizationId });
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.objectType) qb.andWhere('e.objectType = :objectType', { objectType: filter.objectType });
    if (filter.objectId) qb.andWhere('e.objectId = :objectId', { objectId: filter.objectId });
    if (filter.actorId) qb.andWhere('e.actorId = :actorId', { actorId: filter.actorId });
    return qb;
  }
}
