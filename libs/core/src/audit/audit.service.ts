import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffActor, actorId } from '../common/actor';
import { Page, PageQuery, paginate } from '../common/pagination';
import { organizationOf } from '../common/tenancy';
import { AuditEntry } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';

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
  constructor(private readonly entries: AuditRepository) {}

  async record(actor: Actor, entry: AuditRecord, manager?: EntityManager): Promise<void> {
    await this.entries.insert(manager, {
      organizationId: entry.organizationId,
      actorType: actor.kind,
      actorId: actorId(actor),
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId ?? null,
      details: entry.details ?? {},
    });
  }

  async list(actor: StaffActor, query: AuditQuery): Promise<Page<AuditEntry>> {
    const qb = this.entries.filtered({ ...query, organizationId: organizationOf(actor) });
    return paginate(qb, query, 'at', 'DESC');
  }
}
