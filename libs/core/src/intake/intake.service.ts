import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import {
  EvaluateRegistrationPayload,
  IntakeJob,
  QueueName,
  TellCandidatePayload,
  TellCandidatesPayload,
  intakeJobId,
} from '@hirefair/queue';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { OutboxService } from '../outbox/outbox.service';
import { Registration } from '../registrations/registration.entity';
import { IntakeRepository } from './intake.repository';
import { IntakeStepsService } from './intake-steps.service';
import { PipelineMailService } from '../pipeline-mail/pipeline-mail.service';

/**
 * `done`: nothing of its event was owed any more (a batch took it); `batched`: the intake of its
 * event ran (by this job or by the job that holds the event's intake).
 */
export type IntakeOutcome = 'missing' | 'done' | 'batched';

/** Work owed longer than this is re-enqueued by the reconciler. */
export const INTAKE_GRACE_MS = 30_000;

/**
 * Most registrations one intake batch takes; the rest go in the next batch. The batch is a fixed
 * handful of autocommit reads and ONE write statement with a share per registration, and a
 * registration that commits while a batch runs waits for it and then for its own batch: the cap
 * bounds that wait when a backlog has built up, while a batch of this size still takes more per
 * second than registrations arrive (measured, when the batch was one transaction:
 * docs/benchmarks.md, "intake batch cost").
 */
export const INTAKE_BATCH = 200;

/**
 * How many times a batch plans again when a routing of its event, or of any event to a unit it
 * routes to, committed between its reads and its write, before it plans once under the locks of
 * the routing row and the rules' units.
 */
export const INTAKE_REPLANS = 3;

/**
 * How long a job that found owed registrations locked by other transactions (and nothing else to
 * take) waits for the first of them before it leaves it to a job of its own, due this much later.
 */
export const INTAKE_LOCK_WAIT_MS = 5_000;

/**
 * How long a job whose batch took registrations keeps looking for arrivals (every
 * INTAKE_POLL_MS) before it returns, one job per event and process. During a rush a registration
 * then goes into the next batch of a job already running, instead of waiting for the outbox relay
 * and the queue to start a job of its own (measured: 0.5-2 s each on a loaded machine).
 */
export const INTAKE_LINGER_MS = 250;
export const INTAKE_POLL_MS = 20;

export interface ProcessEventOptions {
  batchSize?: number;
  lockWaitMs?: number;
  lingerMs?: number;
}

/** A job of this process that runs an event's intake. */
interface Holder {
  /** Set by the event's other jobs: look again before returning. */
  dirty: boolean;
  /** Left out of this pass: registrations whose intake failed, or that stayed locked. */
  skipped: Set<string>;
}

/**
 * The intake pipeline: evaluate the waiver once (the lane and the rule that decided it are written
 * with the policy version), then, for a registered seat, route a fast-track candidate at once or ask
 * a standard one for the written test.
 *
 * It runs per event, in batches. Every statement that registers (a batch of online registrations,
 * a chunk of an import, the promotions of a capacity raise) owes ONE intake job, named after its
 * first registration: its rows commit together, so whatever sees the first sees the others. The
 * job that holds its event's intake (a session-level advisory lock taken with try: nobody queues
 * for it; a dead process's connection drops it) takes every owed registration of the event, and
 * after each batch looks again for arrivals. A batch holds no transaction: it reads (what is owed,
 * the policy, the routing rules with their row's version, the units and their loads) in autocommit
 * statements that lock nothing, decides lanes and units in memory, and writes everything in ONE
 * statement (`IntakeRepository.write`), which moves a registration only if it is still as read and
 * not locked by another transaction, and writes nothing if a routing committed since the reads
 * that changes its plan: one of the event (the routing row's version changed) or one of any event
 * to a unit it routes to (the unit's version changed; units belong to the organization and can be
 * in several events' rules; every routing changes both rows, and an edit of a unit's maximum
 * changes its row): the batch then plans again. So no session of the intake is ever
 * `idle in transaction` while its thread waits for CPU.
 * A job that finds its event's intake done, or busy, returns at once: its statement committed
 * before the holder's next look, so it is in the next batch. A registration another transaction
 * has locked is skipped by a batch; when that leaves nothing to take, the holder waits for that
 * lock to go (outside the event's lock) and looks again, so no owed registration is left to the
 * reconciler because its row was busy at the holder's last look. A registration changed meanwhile
 * is left; if still owed, the next batch takes it. A rush thus costs one write statement per batch,
 * not per candidate. Idempotent: a registration moves only while its state says it is owed (checked
 * by the write itself), so a doubled job never produces a second, different outcome.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);
  /**
   * The events whose intake a job of this process runs, each with a flag its jobs set instead of
   * trying the event's lock themselves: the holder looks again before it returns.
   */
  private readonly holders = new Map<string, Holder>();

  constructor(
    private readonly repository: IntakeRepository,
    @InjectQueue(QueueName.Intake) private readonly queue: Queue<EvaluateRegistrationPayload>,
    private readonly steps: IntakeStepsService,
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
    // The job stands for its statement's other registrations too: this one may have left intake
    // another way (withdrawn, a recruiter's waiver override) before a batch took the others.
    if (!row.owed && (await this.repository.firstOwed(row.event_id, [])) === null) return 'done';
    const holder = this.holders.get(row.event_id);
    if (holder) {
      // This registration committed before its job ran, so before the holder's next look; if the
      // holder had left it out (failed, or locked too long), its job asks for it again.
      holder.skipped.delete(registrationId);
      holder.dirty = true;
    } else {
      await this.processEvent(row.event_id);
    }
    return 'batched';
  }

  /**
   * Runs the event's owed intake in batches, unless another job holds it; returns how many it took.
   * After each batch's commit it looks again (and, after a batch that took some, keeps looking a
   * little while: INTAKE_LINGER_MS): arrivals make another batch; owed registrations that
   * the batch could not take because other transactions held their rows (and nothing else) make it
   * wait for the first of those rows, then take it in the next batch (or, if it stays locked
   * `lockWaitMs`, owe it a job of its own due that much later). A registration that fails
   * its intake does not hold up the others: it is left out of this pass, logged, and stays owed
   * (the reconciler retries it).
   */
  async processEvent(eventId: string, options: ProcessEventOptions = {}): Promise<number> {
    const {
      batchSize = INTAKE_BATCH,
      lockWaitMs = INTAKE_LOCK_WAIT_MS,
      lingerMs = INTAKE_LINGER_MS,
    } = options;
    const holder: Holder = { dirty: false, skipped: new Set() };
    const skipped = holder.skipped;
    const previous = this.holders.get(eventId);
    this.holders.set(eventId, holder);
    let taken = 0;
    try {
      for (;;) {
        holder.dirty = false;
        const batch = await this.batch(eventId, skipped, batchSize);
        // Another job holds it; it looks again after its commit.
        if (batch === null) return taken;
        taken += batch;
        let next = await this.repository.firstOwed(eventId, [...skipped]);
        if (next === null && batch > 0) next = await this.linger(eventId, [...skipped], lingerMs);
        if (next === null) {
          if (holder.dirty) continue;
          return taken;
        }
        // Nothing taken although some are owed: their rows were locked by other transactions.
        if (batch === 0 && !(await this.repository.awaitUnlocked(next, lockWaitMs))) {
          // Still locked: its own job, due a little later, takes it; this one goes on without it.
          await this.queue.add(
            IntakeJob.Evaluate,
            { registrationId: next },
            { jobId: intakeJobId(next, `w${Date.now()}`), delay: lockWaitMs },
          );
          this.logger.warn(
            `Registration ${next} stayed locked ${lockWaitMs} ms; its intake is due again then`,
          );
          skipped.add(next);
        }
      }
    } finally {
      if (this.holders.get(eventId) === holder) {
        if (previous) this.holders.set(eventId, previous);
        else this.holders.delete(eventId);
      }
    }
  }

  /** Looks for an arrival every INTAKE_POLL_MS for `lingerMs`. */
  private async linger(eventId: string, except: string[], lingerMs: number): Promise<string | null> {
    for (const until = Date.now() + lingerMs; Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, INTAKE_POLL_MS));
      const next = await this.repository.firstOwed(eventId, except);
      if (next !== null) return next;
    }
    return null;
  }

  /**
   * One batch, holding the event's intake lock (a session lock: no transaction is held); null when
   * another job holds it. Its reads lock nothing and its write is one statement (see `take`). If
   * that statement fails, the batch is taken again one registration at a time, each planned again
   * and written by a statement of its own, and the ones that fail are left out.
   */
  private async batch(eventId: string, failed: Set<string>, limit: number): Promise<number | null> {
    return this.repository.withEventLock(eventId, async (manager) => {
      const owed = await this.repository.owed(manager, eventId, [...failed], limit);
      try {
        return await this.take(manager, eventId, owed, failed);
      } catch (error) {
        this.logger.warn(`Intake batch of event ${eventId} failed, taking it one by one: ${String(error)}`);
      }
      let taken = 0;
      for (const registration of await this.repository.owed(manager, eventId, [...failed], limit)) {
        try {
          taken += await this.take(manager, eventId, [registration], failed);
        } catch (error) {
          this.logger.error(`Intake of registration ${registration.id} failed: ${String(error)}`);
          failed.add(registration.id);
        }
      }
      return taken;
    });
  }

  /**
   * Evaluates the lanes not yet decided (one that cannot be evaluated is logged and left out),
   * then moves the registered seats out of intake with one statement; returns how many it moved
   * (one changed or locked meanwhile is left, still owed if it is). When a routing of the event, or
   * of any event to a unit the plan routes to, committed between the plan's reads and the write,
   * nothing is written and it plans again; after INTAKE_REPLANS such tries it plans and writes once
   * under the locks of the routing row and the rules' units (a short transaction), so that a stream
   * of routings cannot starve the intake.
   */
  private async take(
    manager: EntityManager,
    eventId: string,
    owed: Registration[],
    failed: Set<string>,
  ): Promise<number> {
    if (owed.length === 0) return 0;
    const lanes = await this.steps.evaluate(
      manager,
      eventId,
      owed.filter((r) => r.lane === null),
      failed,
    );
    const taken = owed.filter((r) => !failed.has(r.id));
    for (let tries = 0; tries < INTAKE_REPLANS; tries++) {
      const moved = await this.steps.write(manager, SYSTEM_ACTOR, eventId, taken, lanes, {
        optimistic: true,
      });
      if (moved !== null) return moved.length;
    }
    this.logger.warn(`Intake of event ${eventId}: routings kept changing its plan, planning under the lock`);
    // On the connection the batch holds, not a second one of the pool: every intake job holding one
    // while it waits for another could exhaust the pool.
    const moved = await this.repository.transactionOn(manager, (locked) =>
      this.steps.write(locked, SYSTEM_ACTOR, eventId, taken, lanes, { optimistic: false, skipLocked: true }),
    );
    return moved?.length ?? 0;
  }

  /** The mail a step owed the candidate (a `Tell` job). */
  tell(job: TellCandidatePayload): Promise<string> {
    return this.mail.tellOnce(job);
  }

  /** The mails a batch step owed its candidates (a `TellMany` job); the outcome counted by kind. */
  async tellMany(job: TellCandidatesPayload): Promise<string> {
    const { told, already, stale, missing } = await this.mail.tellMany(job.tells);
    return `told ${told}, already ${already}, stale ${stale}, missing ${missing}`;
  }

  /** Moves a registered seat out of intake by its lane (a recruiter's override, in their transaction). */
  async advance(manager: EntityManager, actor: Actor, registration: Registration): Promise<void> {
    await this.steps.settle(manager, actor, registration.eventId, [registration], new Map());
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
