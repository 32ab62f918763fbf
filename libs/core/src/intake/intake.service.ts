import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import {
  EvaluateRegistrationPayload,
  IntakeJob,
  QueueName,
  TellCandidatePayload,
  intakeJobId,
} from '@hirefair/queue';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { OutboxService } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from '../registrations/mail-templates';
import { Registration, Waiver } from '../registrations/registration.entity';
import { Lane, RegistrationStatus, Stage, TimelineField } from '../registrations/registration-state';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { RoutingService } from '../routing/routing.service';
import { evaluateWaiverPolicy } from '../waivers/waiver-condition';
import { factsOf } from '../waivers/waiver-facts';
import { WaiverPoliciesService } from '../waivers/waiver-policies.service';
import { PipelineMailService } from './pipeline-mail.service';

/** `routing`: a fast-track registration handed to its event's batch routing. */
export type IntakeOutcome = 'missing' | 'withdrawn' | 'waiting' | 'routing' | Stage;

/** Work owed longer than this is re-enqueued by the reconciler. */
export const INTAKE_GRACE_MS = 30_000;

/**
 * The intake pipeline of one registration: evaluate the waiver once (the lane and the rule that
 * decided it are written with the policy version), then, for a registered seat, route a
 * fast-track candidate at once or ask a standard one for the written test. Idempotent and
 * resumable: each step runs only if the registration's state says it is still owed, under a row
 * lock, so a retried or doubled job never produces a second, different outcome.
 */
@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Intake) private readonly queue: Queue<EvaluateRegistrationPayload>,
    private readonly policies: WaiverPoliciesService,
    private readonly routing: RoutingService,
    private readonly timeline: RegistrationTimelineService,
    private readonly mail: PipelineMailService,
    private readonly outbox: OutboxService,
  ) {}

  /** Owes the intake of a registration, inside the caller's transaction. */
  async owe(manager: EntityManager, registrationId: string, suffix = ''): Promise<void> {
    await this.outbox.add(manager, {
      queue: QueueName.Intake,
      name: IntakeJob.Evaluate,
      jobId: intakeJobId(registrationId, suffix),
      payload: { registrationId } satisfies EvaluateRegistrationPayload,
    });
  }

  async process(registrationId: string): Promise<IntakeOutcome> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const registration = await manager
        .getRepository(Registration)
        .findOne({ where: { id: registrationId }, lock: { mode: 'pessimistic_write' } });
      if (!registration) return 'missing';
      if (registration.status === RegistrationStatus.Withdrawn) return 'withdrawn';
      if (registration.lane === null) await this.evaluate(manager, registration);
      if (registration.status !== RegistrationStatus.Registered) return 'waiting';
      // The fast track is routed after this commit, in a batch with the event's other arrivals.
      if (registration.stage === Stage.Intake && registration.lane === Lane.FastTrack) return registration;
      if (registration.stage === Stage.Intake) await this.advance(manager, SYSTEM_ACTOR, registration);
      return registration.stage;
    });
    if (typeof outcome === 'string') return outcome;
    await this.routing.routeWaiting(outcome.eventId);
    return 'routing';
  }

  /** The mail a batch step owed the candidate. */
  tell(job: TellCandidatePayload): Promise<string> {
    return this.mail.tellOnce(job);
  }

  /** Moves a registered seat out of intake by its lane. */
  async advance(manager: EntityManager, actor: Actor, registration: Registration): Promise<void> {
    if (registration.lane === Lane.FastTrack) {
      await this.routing.route(
        manager,
        actor,
        registration,
        `written test waived (${registration.waiver?.rule ?? 'manual'})`,
      );
    } else {
      await this.timeline.moveStage(
        manager,
        actor,
        registration,
        Stage.TestRequired,
        'no waiver rule matched',
      );
      await this.mail.tell(manager, registration, RegistrationMailTemplate.TestRequired);
    }
  }

  private async evaluate(manager: EntityManager, registration: Registration): Promise<void> {
    const policy = await this.policies.current(manager, registration.eventId);
    const { rule } = policy
      ? evaluateWaiverPolicy({ rules: policy.rules }, factsOf(registration))
      : { rule: null };
    const lane = rule ? Lane.FastTrack : Lane.Standard;
    const waiver: Waiver = { granted: rule !== null, rule, policyVersion: policy?.version ?? null };
    await manager.getRepository(Registration).update({ id: registration.id }, { lane, waiver });
    await this.timeline.record(manager, SYSTEM_ACTOR, registration, {
      field: TimelineField.Lane,
      from: null,
      to: lane,
      reason: rule ? `waiver rule "${rule}" (policy v${policy?.version})` : 'no waiver rule matched',
    });
    Object.assign(registration, { lane, waiver });
  }

  /**
   * Registrations whose intake is owed but not done a while after they were written (e.g. Redis
   * lost the job): enqueued again under a fresh job id; the job itself checks what is still owed.
   */
  async reconcile(graceMs = INTAKE_GRACE_MS): Promise<number> {
    const owed: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM registrations
        WHERE status <> 'withdrawn' AND updated_at < now() - make_interval(secs => $1)
          AND (lane IS NULL OR (status = 'registered' AND stage = 'intake'))
        ORDER BY updated_at LIMIT 1000`,
      [graceMs / 1000],
    );
    if (owed.length === 0) return 0;
    const round = Math.floor(Date.now() / 60_000);
    await this.queue.addBulk(
      owed.map((r) => ({
        name: IntakeJob.Evaluate,
        data: { registrationId: r.id },
        opts: { jobId: intakeJobId(r.id, `r${round}`) },
      })),
    );
    return owed.length;
  }
}
