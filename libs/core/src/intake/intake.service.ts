import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
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
import { RegistrationError, RegistrationErrorCode } from '../registrations/registrations.errors';
import { Registration, Waiver } from '../registrations/registration.entity';
import { Lane, RegistrationStatus, Stage, TimelineField } from '../registrations/registration-state';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { RoutingService } from '../routing/routing.service';
import { evaluateWaiverPolicy } from '../waivers/waiver-condition';
import { factsOf } from '../waivers/waiver-facts';
import { WaiverPoliciesService } from '../waivers/waiver-policies.service';
import { RegistrationsRepository } from '../registrations/registrations.repository';
import { IntakeRepository } from './intake.repository';
import { PipelineMailService, tellJob } from '../pipeline-mail/pipeline-mail.service';

/** `routing`: a fast-track registration handed to its event's batch routing. */
/**
 * `done`: nothing was owed any more (a batch took it); `batched`: the intake of its event ran (by
 * this job or by the job that holds the event's intake).
 */
export type IntakeOutcome = 'missing' | 'done' | 'batched';

/** Work owed longer than this is re-enqueued by the reconciler. */
export const INTAKE_GRACE_MS = 30_000;

/** Most registrations one intake batch takes; the rest go in the next batch. */
export const INTAKE_BATCH = 500;

/**
 * The intake pipeline: evaluate the waiver once (the lane and the rule that decided it are written
 * with the policy version), then, for a registered seat, route a fast-track candidate at once or ask
 * a standard one for the written test.
 *
 * It runs per event, in batches. Every registration owes one intake job; the job that holds its
 * event's intake (an advisory lock taken with try: nobody queues for it) takes every owed
 * registration of the event, with set-based statements, and after each commit looks again for
 * arrivals. A job that finds its registration already done, or the event's intake busy, returns at
 * once: its registration committed before the holder's next look, so it is in the next batch. A
 * rush thus costs one transaction per batch, not per candidate, and the routing row of the event is
 * locked once per batch. Idempotent: a step runs only while the registration's state says it is
 * owed, under a row lock, so a doubled job never produces a second, different outcome.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: IntakeRepository,
    private readonly registrations: RegistrationsRepository,
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
    const row = await this.repository.state(registrationId);
    if (!row) return 'missing';
    if (!row.owed) return 'done';
    await this.processEvent(row.event_id);
    return 'batched';
  }

  /**
   * Runs the event's owed intake in batches, unless another job holds it; returns how many it took.
   * A registration that fails its intake does not hold up the others: the batch is taken again one
   * registration at a time, the failure is logged, and that registration stays owed (the
   * reconciler retries it) while this pass goes on without it.
   */
  async processEvent(eventId: string): Promise<number> {
    let taken = 0;
    const failed: string[] = [];
    for (let round = 0; ; round++) {
      const batch = await this.dataSource.transaction(async (manager) => {
        if (!(await this.repository.tryLockEvent(manager, eventId))) return null;
        const owed = await this.repository.owed(manager, eventId, failed, INTAKE_BATCH);
        return this.takeIsolated(manager, eventId, owed, failed);
      });
      if (batch === null) return taken;
      taken += batch;
      // Nothing taken: rows still owed are locked by transactions that do their intake, or failed.
      if (batch === 0 && round > 0) return taken;
      if (!(await this.repository.moreOwed(eventId, failed))) return taken;
    }
  }

  /** The batch in one go; if that fails, each registration under its own savepoint. Returns how many were taken. */
  private async takeIsolated(
    manager: EntityManager,
    eventId: string,
    owed: Registration[],
    failed: string[],
  ): Promise<number> {
    if (owed.length === 0) return 0;
    await this.repository.savepoint(manager, 'intake_batch');
    try {
      await this.take(manager, eventId, owed);
      await this.repository.release(manager, 'intake_batch');
      return owed.length;
    } catch (error) {
      await this.repository.rollbackTo(manager, 'intake_batch');
      if (owed.length === 1) {
        this.logger.error(`Intake of registration ${owed[0].id} failed: ${String(error)}`);
        failed.push(owed[0].id);
        return 0;
      }
    }
    // The objects were changed by the failed attempt: read them again (still locked by this transaction).
    const fresh = await this.repository.reread(
      manager,
      owed.map((r) => r.id),
    );
    let taken = 0;
    for (const registration of fresh)
      taken += await this.takeIsolated(manager, eventId, [registration], failed);
    return taken;
  }

  private async take(manager: EntityManager, eventId: string, owed: Registration[]): Promise<void> {
    await this.evaluate(
      manager,
      eventId,
      owed.filter((r) => r.lane === null),
    );
    await this.advanceAll(
      manager,
      SYSTEM_ACTOR,
      eventId,
      owed.filter((r) => r.status === RegistrationStatus.Registered && r.stage === Stage.Intake),
    );
  }

  /** The mail a batch step owed the candidate. */
  tell(job: TellCandidatePayload): Promise<string> {
    return this.mail.tellOnce(job);
  }

  /** Moves a registered seat out of intake by its lane (a recruiter's override, in their transaction). */
  async advance(manager: EntityManager, actor: Actor, registration: Registration): Promise<void> {
    await this.advanceAll(manager, actor, registration.eventId, [registration]);
  }

  /** Fast track: routed at once; standard lane: asked for the written test. */
  private async advanceAll(
    manager: EntityManager,
    actor: Actor,
    eventId: string,
    registrations: Registration[],
  ): Promise<void> {
    await this.routing.routeAll(
      manager,
      actor,
      eventId,
      registrations.filter((r) => r.lane === Lane.FastTrack),
      (r) => `written test waived (${r.waiver?.rule ?? 'manual'})`,
    );
    const standard = registrations.filter((r) => r.lane === Lane.Standard);
    if (standard.length === 0) return;
    const reason = 'no waiver rule matched';
    const moved = await this.registrations.moveStage(
      manager,
      standard.map((r) => r.id),
      Stage.Intake,
      Stage.TestRequired,
    );
    if (moved.length !== standard.length) {
      throw new RegistrationError(
        RegistrationErrorCode.InvalidTransition,
        'The registration changed meanwhile; reload it and try again.',
      );
    }
    await this.timeline.recordMany(
      manager,
      actor,
      standard.map((registration) => ({
        registration,
        change: { field: TimelineField.Stage, from: Stage.Intake, to: Stage.TestRequired, reason },
      })),
    );
    const at = new Date();
    await this.outbox.add(
      manager,
      ...standard.map((r) => tellJob(r.id, RegistrationMailTemplate.TestRequired, {}, at)),
    );
    for (const registration of standard) registration.stage = Stage.TestRequired;
  }

  /** The lanes of registrations not yet evaluated, by the event's policy in force. */
  private async evaluate(
    manager: EntityManager,
    eventId: string,
    registrations: Registration[],
  ): Promise<void> {
    if (registrations.length === 0) return;
    const policy = await this.policies.current(manager, eventId);
    const decided = registrations.map((registration) => {
      const { rule } = policy
        ? evaluateWaiverPolicy({ rules: policy.rules }, factsOf(registration))
        : { rule: null };
      const lane = rule ? Lane.FastTrack : Lane.Standard;
      const waiver: Waiver = { granted: rule !== null, rule, policyVersion: policy?.version ?? null };
      return { registration, lane, waiver, rule };
    });
    await this.registrations.setLanes(
      manager,
      decided.map((d) => ({ id: d.registration.id, lane: d.lane, waiver: d.waiver })),
    );
    await this.timeline.recordMany(
      manager,
      SYSTEM_ACTOR,
      decided.map(({ registration, lane, rule }) => ({
        registration,
        change: {
          field: TimelineField.Lane,
          from: null,
          to: lane,
          reason: rule ? `waiver rule "${rule}" (policy v${policy?.version})` : 'no waiver rule matched',
        },
      })),
    );
    for (const { registration, lane, waiver } of decided) Object.assign(registration, { lane, waiver });
  }

  /**
   * Registrations whose intake is owed but not done a while after they were written (e.g. Redis
   * lost the job): enqueued again under a fresh job id; the job itself checks what is still owed.
   */
  async reconcile(graceMs = INTAKE_GRACE_MS): Promise<number> {
    const owed = await this.repository.stale(graceMs);
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
