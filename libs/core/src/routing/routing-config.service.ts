import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { BusinessUnitsRepository } from '../business-units/business-units.repository';
import { StaffActor } from '../common/actor';
import { ErrorKind } from '../common/domain-error';
import { EventsRepository } from '../events/events.repository';
import { RoutingRepository } from './routing.repository';
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
    private readonly routing: RoutingRepository,
    private readonly events: EventsRepository,
    private readonly units: BusinessUnitsRepository,
    private readonly audit: AuditService,
  ) {}

  async get(actor: StaffActor, eventId: string): Promise<RoutingRulesView> {
    const event = await this.events.findForActor(actor, eventId);
    const config = await this.routing.findConfig(this.routing.manager, event.id);
    return {
      eventId: event.id,
      strategy: config?.strategy ?? 'least_loaded',
      rules: config?.rules ?? [],
      updatedAt: config?.updatedAt ?? null,
    };
  }

  async put(actor: StaffActor, eventId: string, body: unknown): Promise<RoutingRulesView> {
    const input = validateRoutingRules(body);
    const event = await this.events.findForActor(actor, eventId);
    const unitIds = [...new Set(input.rules.map((r) => r.businessUnitId))];
    const known = await this.units.idsInOrganization(this.routing.manager, event.organizationId, unitIds);
    const missing = unitIds.filter((id) => !known.includes(id));
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
    return this.routing.transaction(async (manager) => {
      const saved = await this.routing.replaceRules(manager, {
        eventId: event.id,
        organizationId: event.organizationId,
        strategy: input.strategy,
        rules: input.rules,
        updatedBy: actor.userId,
      });
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
      return { eventId: event.id, strategy: saved.strategy, rules: saved.rules, updatedAt: saved.updatedAt };
    });
  }
}
