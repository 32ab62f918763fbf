import { Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { PipelineMailJob } from '@hirefair/queue';
import {
  ServiceModule,
  serviceEvent,
  serviceRegistration,
  serviceSpec,
  serviceUnit,
} from '@hirefair/testing';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { StaffActor } from '../common/actor';
import { EventWithSeats } from '../events/events.service';
import { Registration } from '../registrations/registration.entity';
import { Lane, Stage } from '../registrations/registration-state';
import { RegistrationsService } from '../registrations/registrations.service';
import { RoutingConfigService } from '../routing/routing-config.service';
import { RoutingService } from '../routing/routing.service';
import { WaiverPoliciesService } from '../waivers/waiver-policies.service';
import { IntakeRepository } from './intake.repository';
import { INTAKE_REPLANS, IntakeService } from './intake.service';
import { PipelineService } from './pipeline.service';

const PHD = { name: 'phd', when: { field: 'degree', op: 'eq', value: 'phd' }, waive: true };

/**
 * The intake batch on the real database: it holds no transaction (a session lock, reads in
 * autocommit, one write statement), and what changed between its reads and its write is not
 * overwritten: a routing of its event makes it plan again, a registration changed meanwhile is left.
 */
describe('IntakeService.processEvent, optimistic', () => {
  let s: ServiceModule;
  let admin: StaffActor;
  let intake: IntakeService;
  let repository: IntakeRepository;

  const spec = serviceSpec();
  beforeAll(() => {
    ({ s, admin } = spec);
    intake = s.get(IntakeService);
    repository = s.get(IntakeRepository);
  });
  afterEach(() => jest.restoreAllMocks());

  /** An event whose phd candidates are fast-tracked to `unit` (least loaded). */
  const fastTrackEvent = async (unit: BusinessUnit): Promise<EventWithSeats> => {
    const event = await serviceEvent(s, admin, { capacity: 50, businessUnitIds: [unit.id] });
    await s.get(WaiverPoliciesService).put(admin, event.id, { rules: [PHD] });
    await s.get(RoutingConfigService).put(admin, event.id, {
      strategy: 'least_loaded',
      rules: [{ specialty: 'nlp', businessUnitId: unit.id, weight: 1 }],
    });
    return event;
  };
  const register = async (event: EventWithSeats, degrees: string[]) => {
    const made = [];
    for (const degree of degrees) made.push(await serviceRegistration(s, event.slug, { degree }));
    return made;
  };
  /** Every statement TypeORM runs from now on, with the query runner it ran on. */
  const recordStatements = (): { query: string; runner: unknown }[] => {
    const statements: { query: string; runner: unknown }[] = [];
    const logQuery = s.db.logger.logQuery.bind(s.db.logger);
    jest.spyOn(s.db.logger, 'logQuery').mockImplementation((query, parameters, runner) => {
      statements.push({ query, runner });
      return logQuery(query, parameters, runner);
    });
    return statements;
  };
  /**
   * `event`'s intake batch while a routing by hand of `byHand` to `unit` is held uncommitted: the
   * batch runs until its write statement waits for a lock the routing holds (its first write,
   * checked), then the routing commits and the batch ends. Returns how many it moved and the
   * spied `write`.
   */
  const batchBehindRoutingByHand = async (
    event: EventWithSeats,
    byHand: Registration,
    unit: BusinessUnit,
  ) => {
    const runner: QueryRunner = s.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await s.get(RoutingService).assign(runner.manager, admin, byHand, unit, 'by hand');
      const write = jest.spyOn(repository, 'write');
      const batch = intake.processEvent(event.id, { lingerMs: 0 });
      await until(
        s.db,
        `SELECT 1 FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH guard AS%'`,
      );
      expect(write).toHaveBeenCalledTimes(1);
      await runner.commitTransaction();
      return { moved: await batch, write };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  };
  const openReviews = async (unit: BusinessUnit): Promise<number> =>
    (
      await s.db.query(
        `SELECT count(*)::int AS n FROM registrations WHERE business_unit_id = $1 AND stage IN ('routed', 'on_hold')`,
        [unit.id],
      )
    )[0].n;
  const row = async (id: string) =>
    (
      await s.db.query(`SELECT lane, stage, status, business_unit_id FROM registrations WHERE id = $1`, [id])
    )[0] as { lane: Lane | null; stage: Stage; status: string; business_unit_id: string | null };
  const intakeTimeline = async (id: string): Promise<number> =>
    (
      await s.db.query(
        `SELECT count(*)::int AS n FROM registration_timeline WHERE registration_id = $1 AND actor_type = 'system'`,
        [id],
      )
    )[0].n;
  /** A registration the intake sent to the written test: routable by hand. */
  const standardOne = async (event: EventWithSeats): Promise<Registration> => {
    const [made] = await register(event, ['master']);
    await intake.processEvent(event.id, { lingerMs: 0 });
    return s.db.getRepository(Registration).findOneByOrFail({ id: made.registrationId });
  };
  /** Routes a registration by hand to `unit`, in a transaction of its own (committed on return). */
  const routeByHand = (registration: Registration, unit: BusinessUnit) =>
    s.db.transaction((m) => s.get(RoutingService).assign(m, admin, registration, unit, 'by hand'));
  /** Calls `before` once, when the batch has read and planned, just before its write statement. */
  const beforeFirstWrite = (before: () => Promise<void>) => {
    const original = repository.write.bind(repository);
    return jest.spyOn(repository, 'write').mockImplementationOnce(async (...args) => {
      await before();
      return original(...args);
    });
  };

  it('plans again when a routing of its event commits between its reads and its write: the unit is never over its maximum', async () => {
    const unit = await serviceUnit(s, admin, { maxOpenReviews: 2 });
    const event = await fastTrackEvent(unit);
    const byHand = await standardOne(event);
    const [a, b] = await register(event, ['phd', 'phd']);
    const write = beforeFirstWrite(() => routeByHand(byHand, unit));
    const warn = jest.spyOn(Logger.prototype, 'warn');

    // Read at 0 open reviews, the batch planned both; the routing by hand made it 1 meanwhile.
    expect(await intake.processEvent(event.id, { lingerMs: 0 })).toBe(2);
    expect(write).toHaveBeenCalledTimes(2);
    expect(await write.mock.results[0].value).toEqual({ held: false, moved: [] });
    expect(await openReviews(unit)).toBe(2);
    expect(await row(a.registrationId)).toMatchObject({ stage: Stage.Routed, business_unit_id: unit.id });
    expect(await row(b.registrationId)).toMatchObject({ lane: Lane.FastTrack, stage: Stage.Unrouted });
    expect(warn).not.toHaveBeenCalled();
  });

  it('plans again when a routing of another event fills a unit the two share between its reads and its write', async () => {
    // Units belong to the organization: event B's routing changes B's routing row, not A's.
    const unit = await serviceUnit(s, admin, { maxOpenReviews: 2 });
    const eventA = await fastTrackEvent(unit);
    const eventB = await fastTrackEvent(unit);
    const byHand = await standardOne(eventB);
    const [a, b] = await register(eventA, ['phd', 'phd']);
    const write = beforeFirstWrite(() => routeByHand(byHand, unit));

    // Read at 0 open reviews, A's batch planned both; B's routing by hand made it 1 meanwhile.
    expect(await intake.processEvent(eventA.id, { lingerMs: 0 })).toBe(2);
    expect(write).toHaveBeenCalledTimes(2);
    expect(await write.mock.results[0].value).toEqual({ held: false, moved: [] });
    expect(await openReviews(unit)).toBe(2);
    expect(await row(a.registrationId)).toMatchObject({ stage: Stage.Routed, business_unit_id: unit.id });
    expect(await row(b.registrationId)).toMatchObject({ lane: Lane.FastTrack, stage: Stage.Unrouted });
  });

  it('plans again when the maximum of a unit it routes to is lowered between its reads and its write', async () => {
    const unit = await serviceUnit(s, admin, { maxOpenReviews: 2 });
    const event = await fastTrackEvent(unit);
    const [a, b] = await register(event, ['phd', 'phd']);
    const write = beforeFirstWrite(async () => {
      await s.db.query(`UPDATE business_units SET max_open_reviews = 1 WHERE id = $1`, [unit.id]);
    });

    expect(await intake.processEvent(event.id, { lingerMs: 0 })).toBe(2);
    expect(write).toHaveBeenCalledTimes(2);
    expect(await write.mock.results[0].value).toEqual({ held: false, moved: [] });
    expect(await openReviews(unit)).toBe(1);
    expect(await row(a.registrationId)).toMatchObject({ stage: Stage.Routed, business_unit_id: unit.id });
    expect(await row(b.registrationId)).toMatchObject({ lane: Lane.FastTrack, stage: Stage.Unrouted });
  });

  it('plans again when its write waits for a routing that holds the routing row and commits (re-checked on the newest row)', async () => {
    const unit = await serviceUnit(s, admin, { maxOpenReviews: 1 });
    const event = await fastTrackEvent(unit);
    const byHand = await standardOne(event);
    const [a] = await register(event, ['phd']);
    // A routing by hand holds the event's routing row (it changed the row) and has not committed;
    // the batch's write statement waits for the routing row's lock (its reads waited for nothing).
    const { moved, write } = await batchBehindRoutingByHand(event, byHand, unit);
    // Planned again at the unit's maximum: left unrouted.
    expect(moved).toBe(1);
    expect(write).toHaveBeenCalledTimes(2);
    expect(await write.mock.results[0].value).toEqual({ held: false, moved: [] });
    expect(await openReviews(unit)).toBe(1);
    expect(await row(a.registrationId)).toMatchObject({ lane: Lane.FastTrack, stage: Stage.Unrouted });
  });

  it('plans again when its write waits for a routing of another event that holds a shared unit and commits', async () => {
    const unit = await serviceUnit(s, admin, { maxOpenReviews: 1 });
    const eventA = await fastTrackEvent(unit);
    const eventB = await fastTrackEvent(unit);
    const byHand = await standardOne(eventB);
    const [a] = await register(eventA, ['phd']);
    // A routing by hand in event B holds the unit's row (it changed it) and has not committed; A's
    // write statement waits for the unit's lock (not for A's routing row, which B never took).
    const { moved, write } = await batchBehindRoutingByHand(eventA, byHand, unit);
    // Re-checked on the unit's newest row: planned again at the unit's maximum, left unrouted.
    expect(moved).toBe(1);
    expect(write).toHaveBeenCalledTimes(2);
    expect(await write.mock.results[0].value).toEqual({ held: false, moved: [] });
    expect(await openReviews(unit)).toBe(1);
    expect(await row(a.registrationId)).toMatchObject({ lane: Lane.FastTrack, stage: Stage.Unrouted });
  });

  it('after INTAKE_REPLANS plans spoilt by routings, plans and writes once under the routing row lock', async () => {
    const unit = await serviceUnit(s, admin);
    const event = await fastTrackEvent(unit);
    const [a] = await register(event, ['phd']);
    const original = repository.write.bind(repository);
    const write = jest.spyOn(repository, 'write');
    for (let i = 0; i < INTAKE_REPLANS; i++) {
      write.mockImplementationOnce(async (...args) => {
        // What a routing by hand does to the row (see RoutingRepository.touch), committed.
        await s.db.query(
          `UPDATE routing_configs SET round_robin_state = round_robin_state WHERE event_id = $1`,
          [event.id],
        );
        return original(...args);
      });
    }
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const statements = recordStatements();

    expect(await intake.processEvent(event.id, { lingerMs: 0 })).toBe(1);
    // The locked plan's transaction runs on the connection that holds the event's lock, not on a
    // second one of the pool.
    const lock = statements.find((st) => st.query.includes('pg_try_advisory_lock'));
    const begins = statements.filter((st) => /^\s*START TRANSACTION/i.test(st.query));
    expect(begins.some((st) => st.runner === lock?.runner)).toBe(true);
    expect(write).toHaveBeenCalledTimes(INTAKE_REPLANS + 1);
    for (let i = 0; i < INTAKE_REPLANS; i++)
      expect(await write.mock.results[i].value).toEqual({ held: false, moved: [] });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/planning under the lock/));
    expect(await row(a.registrationId)).toMatchObject({ stage: Stage.Routed, business_unit_id: unit.id });
  });

  it('leaves a registration withdrawn or moved by a recruiter meanwhile, and moves the rest of the batch', async () => {
    const unit = await serviceUnit(s, admin);
    const event = await fastTrackEvent(unit);
    const [withdrawn, overridden, ...rest] = await register(event, ['master', 'master', 'phd', 'master']);
    const timelineBefore = await intakeTimeline(overridden.registrationId);
    beforeFirstWrite(async () => {
      await s.get(RegistrationsService).withdrawAndErase(withdrawn.candidate);
      // The recruiter grants the waiver: its lane is set and it leaves intake (routed) in their transaction.
      await s
        .get(PipelineService)
        .overrideWaiver(admin, overridden.registrationId, 'granted', 'strong record');
    });

    expect(await intake.processEvent(event.id, { lingerMs: 0 })).toBe(2);
    expect(await row(withdrawn.registrationId)).toMatchObject({
      lane: null,
      stage: Stage.Intake,
      status: 'withdrawn',
    });
    expect(await row(overridden.registrationId)).toMatchObject({
      lane: Lane.FastTrack,
      stage: Stage.Routed,
      business_unit_id: unit.id,
    });
    // Nothing of the batch's plan for them was written: no timeline rows of the system.
    expect(await intakeTimeline(overridden.registrationId)).toBe(timelineBefore);
    expect(await intakeTimeline(withdrawn.registrationId)).toBe(0);
    expect(await row(rest[0].registrationId)).toMatchObject({ lane: Lane.FastTrack, stage: Stage.Routed });
    expect(await row(rest[1].registrationId)).toMatchObject({
      lane: Lane.Standard,
      stage: Stage.TestRequired,
    });
    // Only the moved ones' mails are owed, in one job.
    const [mails]: { tells: string[] }[] = await s.db.query(
      `SELECT array(SELECT t->>'registrationId' FROM jsonb_array_elements(payload->'tells') t) AS tells
         FROM outbox WHERE job_name = $1 AND payload->'tells' @> $2::jsonb`,
      [PipelineMailJob.TellMany, JSON.stringify([{ registrationId: rest[0].registrationId }])],
    );
    expect(mails.tells.sort()).toEqual(rest.map((r) => r.registrationId).sort());
    expect(await intake.processEvent(event.id, { lingerMs: 0 })).toBe(0);
  });

  it('holds no transaction: its statements are autocommit ones on its own connection', async () => {
    const unit = await serviceUnit(s, admin);
    const event = await fastTrackEvent(unit);
    const made = await register(event, ['phd', 'master', 'phd']);
    const statements = recordStatements();

    expect(await intake.processEvent(event.id, { lingerMs: 0 })).toBe(3);
    expect(statements.filter((st) => /^\s*(BEGIN|START TRANSACTION|SAVEPOINT)/i.test(st.query))).toEqual([]);
    // The batch's statements ran on the connection that holds the event's (session) lock.
    const locking = statements.find((st) => st.query.includes('pg_try_advisory_lock'));
    const writes = statements.filter((st) => st.query.startsWith('WITH guard AS'));
    expect(writes).toHaveLength(1);
    expect(writes[0].runner).toBe(locking?.runner);
    for (const { registrationId } of made) expect((await row(registrationId)).stage).not.toBe(Stage.Intake);
  });
});

/** Waits until `sql` returns a row (a condition, polled; not a sleep standing for one). */
async function until(db: DataSource, sql: string, timeoutMs = 10_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    if ((await db.query(sql)).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for: ${sql}`);
}
