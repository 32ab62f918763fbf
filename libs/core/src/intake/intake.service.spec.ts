import { getQueueToken } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueueName, intakeJobId } from '@hirefair/queue';
import { ServiceModule, registrationBody, serviceEvent, serviceSpec, serviceUnit } from '@hirefair/testing';
import { StaffActor } from '../common/actor';
import { EventWithSeats, EventsService } from '../events/events.service';
import { RegistrationBatchService, RegistrationInput } from '../registrations/registration-batch.service';
import { Registration } from '../registrations/registration.entity';
import { Stage } from '../registrations/registration-state';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { RegistrationTarget } from '../registrations/registration.types';
import { RegistrationsService } from '../registrations/registrations.service';
import { WaiverPoliciesService } from '../waivers/waiver-policies.service';
import { IntakeService } from './intake.service';

const PHD_POLICY = {
  rules: [{ name: 'phd', when: { field: 'degree', op: 'eq', value: 'phd' }, waive: true }],
};

/**
 * One intake job per registering statement, on the real database, without workers: the spec runs
 * the jobs' work itself (IntakeService.process with the job's registration), in the order under test.
 */
describe('IntakeService: one intake job per registering statement', () => {
  let s: ServiceModule;
  let admin: StaffActor;
  let intake: IntakeService;

  const spec = serviceSpec();
  beforeAll(() => {
    ({ s, admin } = spec);
    intake = s.get(IntakeService);
  });
  afterEach(() => jest.restoreAllMocks());

  /** Registers `count` candidates in one statement (as an online batch or an import chunk does). */
  const registerInOneStatement = async (
    target: RegistrationTarget,
    count: number,
  ): Promise<{ ids: string[]; tokens: string[] }> => {
    const inputs = Array.from({ length: count }, () => registrationBody() as unknown as RegistrationInput);
    const results = await s.db.transaction((manager) =>
      s.get(RegistrationBatchService).registerMany(manager, target, inputs),
    );
    const receipts = results.map((r) => {
      if (!r.receipt) throw new Error(`not registered: ${r.outcome}`);
      return r.receipt;
    });
    return { ids: receipts.map((r) => r.registrationId), tokens: receipts.map((r) => r.candidateToken) };
  };
  /** The intake jobs owed through the outbox for these registrations: job id and registration. */
  const owedIntakeJobs = (ids: string[]): Promise<{ job_id: string; registration_id: string }[]> =>
    s.db.query(
      `SELECT job_id, payload->>'registrationId' AS registration_id FROM outbox
        WHERE queue = $1 AND payload->>'registrationId' = ANY($2::text[]) ORDER BY id`,
      [QueueName.Intake, ids],
    );
  const states = async (ids: string[]): Promise<[string | null, string, string][]> => {
    const rows: { id: string; lane: string | null; stage: string; status: string }[] = await s.db.query(
      `SELECT id, lane, stage, status FROM registrations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return ids.map((id) => {
      const row = rows.find((r) => r.id === id);
      if (!row) throw new Error(`registration ${id} is missing`);
      return [row.lane, row.stage, row.status];
    });
  };
  const online = (event: EventWithSeats): RegistrationTarget => ({ slug: event.slug });
  const imported = (event: EventWithSeats): RegistrationTarget => ({
    eventId: event.id,
    importedBy: admin.userId,
    reason: 'spec import',
  });

  it.each([
    ['an online batch', online],
    ['an import chunk', imported],
  ])(
    '%s of 8 registrations owes one intake job, its first’s, and that job gives all 8 their lanes',
    async (_, target) => {
      // No waiver policy: seated ones go to the written test, waitlisted ones wait in intake.
      const event = await serviceEvent(s, admin, { capacity: 5 });
      const { ids } = await registerInOneStatement(target(event), 8);
      expect(await owedIntakeJobs(ids)).toEqual([{ job_id: intakeJobId(ids[0]), registration_id: ids[0] }]);
      // The confirmation mails too are owed by one job for the statement, naming all 8.
      const mails: { job_name: string; n: number }[] = await s.db.query(
        `SELECT o.job_name, jsonb_array_length(o.payload->'mailIds')::int AS n FROM outbox o
          WHERE o.payload->'mailIds' ?| (SELECT array_agg(m.id::text) FROM mail_messages m
                                          WHERE m.subject_id = ANY($1::uuid[]))`,
        [ids],
      );
      expect(mails).toEqual([{ job_name: 'send-mails', n: 8 }]);

      expect(await intake.process(ids[0])).toBe('batched');
      expect(await states(ids)).toEqual([
        ...Array(5).fill(['standard', 'test_required', 'registered']),
        ...Array(3).fill(['standard', 'intake', 'waitlisted']),
      ]);
      // Run again (a doubled job): nothing of the event is owed any more.
      expect(await intake.process(ids[0])).toBe('done');
    },
  );

  it('the statement’s job still takes the others when its first registration left intake before it ran', async () => {
    const event = await serviceEvent(s, admin, { capacity: 10 });
    const { ids, tokens } = await registerInOneStatement(online(event), 3);
    const first = await s.get(RegistrationsService).authenticate(tokens[0]);
    if (!first) throw new Error('the first registration does not authenticate');
    await s.get(RegistrationsService).withdrawAndErase(first);
    expect(await intake.process(ids[0])).toBe('batched');
    expect(await states(ids)).toEqual([
      [null, 'intake', 'withdrawn'],
      ['standard', 'test_required', 'registered'],
      ['standard', 'test_required', 'registered'],
    ]);
  });

  it('the reconciler re-owes a registration of a statement left owed (its intake failed), and its job takes it', async () => {
    const event = await serviceEvent(s, admin, { capacity: 10 });
    await s.get(WaiverPoliciesService).put(admin, event.id, PHD_POLICY);
    const { ids } = await registerInOneStatement(online(event), 3);
    // The second one's intake fails (waiver facts unreadable): the statement's job takes the others.
    const [{ profile }] = await s.db.query(`SELECT profile FROM registrations WHERE id = $1`, [ids[1]]);
    await s.db.query(`UPDATE registrations SET profile = 'null'::jsonb WHERE id = $1`, [ids[1]]);
    expect(await intake.process(ids[0])).toBe('batched');
    expect((await states(ids)).map(([lane]) => lane)).toEqual(['standard', null, 'standard']);

    // The failure passes; the registration has no job of its own left: the reconciler's check
    // finds it owed past the grace (written long ago here) and enqueues it.
    await s.db.query(`UPDATE registrations SET profile = $2, updated_at = '2000-01-01' WHERE id = $1`, [
      ids[1],
      JSON.stringify(profile),
    ]);
    const queue: Queue = s.module.get(getQueueToken(QueueName.Intake));
    const added = jest.spyOn(queue, 'addBulk').mockResolvedValue([]);
    expect(await intake.reconcile()).toBeGreaterThanOrEqual(1);
    const jobs = added.mock.calls.flatMap(([batch]) => batch);
    const job = jobs.find((j) => j.data.registrationId === ids[1]);
    expect(job?.opts?.jobId).toMatch(new RegExp(`^${intakeJobId(ids[1])}-r\\d+$`));
    expect(jobs.filter((j) => ids.includes(j.data.registrationId))).toHaveLength(1);

    expect(await intake.process(ids[1])).toBe('batched');
    expect((await states(ids)).map(([lane, stage]) => [lane, stage])).toEqual(
      Array(3).fill(['standard', 'test_required']),
    );
  });

  it('the promotions of a capacity raise owe one intake job, the first’s, that moves all of them on', async () => {
    const event = await serviceEvent(s, admin, { capacity: 1 });
    const { ids } = await registerInOneStatement(online(event), 4);
    expect(await intake.process(ids[0])).toBe('batched');
    expect((await states(ids)).map(([, stage]) => stage)).toEqual([
      'test_required',
      'intake',
      'intake',
      'intake',
    ]);

    await s.get(EventsService).update(admin, event.id, { capacity: 4 });
    const promoted = (await owedIntakeJobs(ids)).filter((j) => j.job_id.includes('-promoted-'));
    expect(promoted).toHaveLength(1);
    expect(ids.slice(1)).toContain(promoted[0].registration_id);

    expect(await intake.process(promoted[0].registration_id)).toBe('batched');
    expect(await states(ids)).toEqual(Array(4).fill(['standard', 'test_required', 'registered']));
  });

  it('a registration a recruiter routed by hand before its intake ran is not owed: the others of its statement are taken in one batch', async () => {
    const unit = await serviceUnit(s, admin, { name: 'Hand-routed' });
    const event = await serviceEvent(s, admin, { capacity: 10, businessUnitIds: [unit.id] });
    const { ids } = await registerInOneStatement(online(event), 4);
    const byHand = ids[1];
    await s.db.transaction(async (m) => {
      const registration = await m.getRepository(Registration).findOneByOrFail({ id: byHand });
      await s
        .get(RegistrationTimelineService)
        .moveStage(m, admin, registration, Stage.Routed, 'routed by hand', { businessUnitId: unit.id });
    });
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const error = jest.spyOn(Logger.prototype, 'error');

    expect(await intake.processEvent(event.id)).toBe(3);
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(await states([byHand])).toEqual([[null, 'routed', 'registered']]);
    for (const [lane, stage] of await states(ids.filter((id) => id !== byHand))) {
      expect([lane, stage]).toEqual(['standard', 'test_required']);
    }
    expect(await intake.processEvent(event.id)).toBe(0);
  });
});
