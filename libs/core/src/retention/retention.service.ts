import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../common/actor';
import { organizationOf } from '../common/tenancy';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { DEFAULT_RETENTION_DAYS } from './retention-policy.entity';
import { RetentionRepository } from './retention.repository';

/** Candidates whose registrations are erased per transaction. */
export const RETENTION_BATCH = 200;
/** At most this many registrations per reconciler pass (once a minute), so other checks are not held up. */
export const RETENTION_MAX_PER_RUN = 2000;

/** When an event's personal data falls due: its completion plus the organization's period. */
/**
 * Data retention: a per-organization period after an event completes, after which its candidates'
 * personal data is erased as the candidate's own erase does. Counts (status, lane, stage, unit,
 * city, specialties) stay, so reports on old fairs keep adding up.
 */
export interface RetentionView {
  days: number;
  isDefault: boolean;
  updatedAt: Date | null;
  events: {
    eventId: string;
    title: string;
    slug: string;
    completedAt: Date;
    erasureDueAt: Date;
    due: boolean;
    registrationsWithPersonalData: number;
  }[];
}

@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly retention: RetentionRepository,
    private readonly registrations: RegistrationsService,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
  ) {}

  /** The period, and per completed event when its data is due and how many registrations still hold it. */
  async get(actor: StaffActor): Promise<RetentionView> {
    const organizationId = organizationOf(actor);
    const policy = await this.retention.findPolicy(organizationId);
    const events = await this.retention.completedEvents(organizationId);
    return {
      days: policy?.days ?? DEFAULT_RETENTION_DAYS,
      isDefault: !policy,
      updatedAt: policy?.updatedAt ?? null,
      events: events.map((e) => ({
        eventId: e.id,
        title: e.title,
        slug: e.slug,
        completedAt: e.completed_at,
        erasureDueAt: e.due_at,
        due: e.due_at.getTime() <= Date.now(),
        registrationsWithPersonalData: Number(e.personal),
      })),
    };
  }

  async set(actor: StaffActor, days: number): Promise<RetentionView> {
    const organizationId = organizationOf(actor);
    await this.retention.transaction(async (manager) => {
      const before = await this.retention.setPolicy(manager, organizationId, days, actor.userId);
      await this.audit.record(
        actor,
        {
          organizationId,
          action: 'retention.update',
          objectType: 'retention_policy',
          objectId: organizationId,
          details: { from: before?.days ?? DEFAULT_RETENTION_DAYS, to: days },
        },
        manager,
      );
    });
    return this.get(actor);
  }

  /**
   * Erases what is due, a batch of candidates per transaction. Candidates are claimed with
   * SKIP LOCKED (the lock order of every registration path: candidate, then registration), so
   * two runners share the work; an erased registration is skipped, so a rerun does nothing.
   * A run with nothing due (most runs) opens no transaction: it holds no lock while the workers'
   * thread waits for the CPU in a registration rush.
   */
  async eraseDue(maxRegistrations = RETENTION_MAX_PER_RUN): Promise<number> {
    let erased = 0;
    if (!(await this.retention.anyDue())) return 0;
    while (erased < maxRegistrations) {
      const ids = await this.retention.transaction(async (manager) => {
        const candidates = await this.retention.claimDueCandidates(manager, RETENTION_BATCH);
        if (candidates.length === 0) return [];
        const due = await this.retention.dueRegistrations(manager, candidates);
        const done: string[] = [];
        for (const r of due) {
          const reason = `personal data erased: retention period of ${r.days} days after the event completed`;
          if (await this.registrations.eraseAsSystem(manager, r.id, reason)) done.push(r.id);
        }
        return done;
      });
      if (ids.length === 0) break;
      for (const id of ids) await this.idempotency.forgetResponsesWith('registrationId', id);
      erased += ids.length;
    }
    if (erased > 0) this.logger.log(`Retention erased the personal data of ${erased} registration(s)`);
    return erased;
  }
}
