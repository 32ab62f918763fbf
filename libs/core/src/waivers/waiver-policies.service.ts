import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { DomainError, ErrorKind } from '../common/domain-error';
import { EventsRepository } from '../events/events.repository';
import { Lane } from '../registrations/registration-state';
import { WaiverPolicy, evaluateWaiverPolicy, validateWaiverPolicy } from './waiver-condition';
import { factsOf } from './waiver-facts';
import { WaiverPoliciesRepository } from './waiver-policies.repository';
import { WaiverPolicyVersion } from './waiver-policy.entity';

export interface WaiverPolicyView {
  eventId: string;
  /** 0 while the event has no policy (then nobody is waived). */
  version: number;
  rules: WaiverPolicy['rules'];
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface SimulationResult {
  rules: { name: string; wouldWaive: number }[];
  totals: { fast_track: number; standard: number };
  changes: { toFastTrack: number; toStandard: number };
  evaluated: number;
}

const SIMULATION_BATCH = 5000;

/**
 * Waiver policies per event, versioned: a PUT adds a version, nothing is changed in place, so
 * every decision can cite the version and rule that made it. A policy applies to registrations
 * evaluated after it is saved; earlier decisions stand (a registration is never evaluated twice).
 */
@Injectable()
export class WaiverPoliciesService {
  constructor(
    private readonly policies: WaiverPoliciesRepository,
    private readonly events: EventsRepository,
    private readonly audit: AuditService,
  ) {}

  async get(actor: StaffActor, eventId: string): Promise<WaiverPolicyView> {
    const event = await this.events.findForActor(actor, eventId);
    return this.view(event.id, await this.current(this.policies.manager, event.id));
  }

  async put(actor: StaffActor, eventId: string, body: unknown): Promise<WaiverPolicyView> {
    const policy = validateWaiverPolicy(body);
    const event = await this.events.findForActor(actor, eventId);
    try {
      return await this.policies.transaction(async (manager) => {
        const latest = await this.current(manager, event.id);
        const saved = await this.policies.addVersion(manager, {
          organizationId: event.organizationId,
          eventId: event.id,
          version: (latest?.version ?? 0) + 1,
          rules: policy.rules,
          createdBy: actor.userId,
        });
        await this.audit.record(
          actor,
          {
            organizationId: event.organizationId,
            action: 'waiver_policy.updated',
            objectType: 'event',
            objectId: event.id,
            details: { version: saved.version, rules: policy.rules.map((r) => r.name) },
          },
          manager,
        );
        return this.view(event.id, saved);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'WAIVER_POLICY_CONFLICT',
          'Another change to this policy was saved at the same moment; reload and try again.',
          ErrorKind.Conflict,
        );
      }
      throw error;
    }
  }

  /** The policy in force for an event, or null when it has none. */
  current(manager: EntityManager, eventId: string): Promise<WaiverPolicyVersion | null> {
    return this.policies.current(manager, eventId);
  }

  /**
   * How a proposed policy would sort the event's current (not withdrawn) registrations, compared
   * with the lanes they are in today. Reads in batches; changes nothing.
   */
  async simulate(actor: StaffActor, eventId: string, body: unknown): Promise<SimulationResult> {
    const policy = validateWaiverPolicy(body);
    const event = await this.events.findForActor(actor, eventId);
    const perRule = new Map(policy.rules.map((r) => [r.name, 0]));
    const result: SimulationResult = {
      rules: [],
      totals: { fast_track: 0, standard: 0 },
      changes: { toFastTrack: 0, toStandard: 0 },
      evaluated: 0,
    };
    let afterSeq = '0';
    for (;;) {
      const rows = await this.policies.registrationsAfter(event.id, afterSeq, SIMULATION_BATCH);
      if (rows.length === 0) break;
      for (const r of rows) {
        const { rule } = evaluateWaiverPolicy(policy, factsOf(r));
        const proposed = rule ? Lane.FastTrack : Lane.Standard;
        if (rule) perRule.set(rule, (perRule.get(rule) ?? 0) + 1);
        result.totals[proposed] += 1;
        if (r.lane && r.lane !== proposed) {
          if (proposed === Lane.FastTrack) result.changes.toFastTrack += 1;
          else result.changes.toStandard += 1;
        }
      }
      result.evaluated += rows.length;
      afterSeq = rows[rows.length - 1].seq;
    }
    result.rules = policy.rules.map((r) => ({ name: r.name, wouldWaive: perRule.get(r.name) ?? 0 }));
    return result;
  }

  private view(eventId: string, row: WaiverPolicyVersion | null): WaiverPolicyView {
    return {
      eventId,
      version: row?.version ?? 0,
      rules: row?.rules ?? [],
      updatedAt: row?.createdAt ?? null,
      updatedBy: row?.createdBy ?? null,
    };
  }
}
