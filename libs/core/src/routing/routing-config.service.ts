import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { StaffActor } from '../common/actor';
import { ErrorKind } from '../common/domain-error';
import { findEvent } from '../events/event-lookup';
import { RoutingConfig } from './routing-config.entity';
import { RoutingError, RoutingErrorCode } from './routing.errors';
import { RoutingRules, validateRoutingRules } from './routing-strategy';

export interface RoutingRulesView extends RoutingRules {
  eventId: string;
  updatedAt: Date | null;
}

/** An event's routing rules. Replacing them restarts the weighted round-robin. */
@Injectable()
export class RoutingConfigService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(actor: StaffActor, eventId: string): Promise<RoutingRulesView> {
    const event = await findEvent(this.dataSource.manager, actor, eventId);
    const config = await this.dataSource
      .getRepository(RoutingConfig)
      .findOne({ where: { eventId: event.id } });
    return {
      eventId: event.id,
      strategy: config?.strategy ?? 'least_loaded',
      rules: config?.rules ?? [],
      updatedAt: config?.updatedAt ?? null,
    };
  }

  async put(actor: StaffActor, eventId: string, body: unknown): Promise<RoutingRulesView> {
    const input = validateRoutingRules(body);
    const event = await findEvent(this.dataSource.manager, actor, eventId);
    const unitIds = [...new Set(input.rules.map((r) => r.businessUnitId))];
    const known = await this.dataSource.getRepository(BusinessUnit).find({
      select: { id: true },
      where: { id: In(unitIds), organizationId: event.organizationId },
    });
    const missing = unitIds.filter((id) => !known.some((u) => u.id === id));
    if (missing.length > 0) {
      throw new RoutingError(
        RoutingErrorCode.UnknownBusinessUnit,
        `No business unit ${missing.join(', ')} in this organization.`,
        ErrorKind.NotFound,
      );
    }
    const outside =
      event.businessUnitIds.length > 0 ? unitIds.filter((id) => !event.businessUnitIds.includes(id)) : [];
    if (outside.length > 0) {
      throw new RoutingError(
        RoutingErrorCode.BusinessUnitNotInEvent,
        `Business unit ${outside.join(', ')} does not take part in this event (see the event's businessUnitIds).`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.getRepository(RoutingConfig).upsert(
        {
          eventId: event.id,
          organizationId: event.organizationId,
          strategy: input.strategy,
          rules: input.rules,
          roundRobinState: {},
          updatedBy: actor.userId,
        },
        ['eventId'],
      );
      await this.audit.record(
        actor,
        {
          organizationId: event.organizationId,
          action: 'routing_rules.updated',
          objectType: 'event',
          objectId: event.id,
          details: { strategy: input.strategy, rules: input.rules.length },
        },
        manager,
      );
      const saved = await manager.getRepository(RoutingConfig).findOneByOrFail({ eventId: event.id });
      return { eventId: event.id, strategy: saved.strategy, rules: saved.rules, updatedAt: saved.updatedAt };
    });
  }
}
