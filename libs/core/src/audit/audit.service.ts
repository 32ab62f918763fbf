import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor, StaffActor, actorId } from '../common/actor';
import { Page, PageQuery, paginate } from '../common/pagination';
import { organizationOf } from '../common/tenancy';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  organizationId: string | null;
  action: string;
  objectType: string;
  objectId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditQuery extends PageQuery {
  action?: string;
  objectType?: string;
  objectId?: string;
  actorId?: string;
}

/** The one writer of the audit log; pass the transaction's manager so the entry commits with the change. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  async record(actor: Actor, entry: AuditRecord, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEntry) : this.entries;
    await repo.insert(
      repo.create({
        organizationId: entry.organizationId,
        actorType: actor.kind,
        actorId: actorId(actor),
        action: entry.action,
        objectType: entry.objectType,
        objectId: entry.objectId ?? null,
        details: entry.details ?? {},
      }),
    );
  }

  async list(actor: StaffActor, query: AuditQuery): Promise<Page<AuditEntry>> {
    const qb = this.entries
      .createQueryBuilder('e')
      .where('e.organizationId = :org', { org: organizationOf(actor) });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.objectType) qb.andWhere('e.objectType = :objectType', { objectType: query.objectType });
    if (query.objectId) qb.andWhere('e.objectId = :objectId', { objectId: query.objectId });
    if (query.actorId) qb.andWhere('e.actorId = :actorId', { actorId: query.actorId });
    return paginate(qb, query, 'at', 'DESC');
  }
}
