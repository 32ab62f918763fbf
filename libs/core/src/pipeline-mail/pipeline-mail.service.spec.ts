import { randomUUID } from 'node:crypto';
import {
  PipelineMailJob,
  QueueName,
  TellCandidatePayload,
  TellCandidatesPayload,
  tellJobId,
  tellManyJobId,
} from '@hirefair/queue';
import { QueryRunner } from 'typeorm';
import {
  ServiceModule,
  registrationBody,
  serviceEvent,
  serviceSpec,
  serviceUnit,
  waitFor,
} from '@hirefair/testing';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { StaffActor } from '../common/actor';
import { EventWithSeats } from '../events/events.service';
import { IntakeService } from '../intake/intake.service';
import { PipelineService } from '../intake/pipeline.service';
import { RegistrationMailTemplate } from '../registrations/mail-templates';
import { RegistrationBatchService, RegistrationInput } from '../registrations/registration-batch.service';
import { Registration } from '../registrations/registration.entity';
import { RegistrationsRepository } from '../registrations/registrations.repository';
import { RegistrationsService } from '../registrations/registrations.service';
import { RoutingConfigService } from '../routing/routing-config.service';
import { RoutingService } from '../routing/routing.service';
import { WaiverPoliciesService } from '../waivers/waiver-policies.service';

const PHD_POLICY = {
  rules: [{ name: 'phd', when: { field: 'degree', op: 'eq', value: 'phd' }, waive: true }],
};

/**
 * The candidate mails an intake batch decides, owed as ONE job (PipelineMailJob.TellMany) and sent
 * by it in one statement (no transaction), on the real database, without workers: the spec runs the job's work
 * (IntakeService.tellMany, as the processor does) itself.
 */
describe('PipelineMailService: the mails of a batch step, one job', () => {
  let s: ServiceModule;
  let admin: StaffActor;
  let intake: IntakeService;
  let units: BusinessUnit[];

  const spec = serviceSpec();
  beforeAll(async () => {
    ({ s, admin } = spec);
    intake = s.get(IntakeService);
    units = [
      await serviceUnit(s, admin, { name: 'Speech' }),
      await serviceUnit(s, admin, { name: 'Vision' }),
    ];
  });

  /** An event that fast-tracks PhDs to its two units, with `degrees.length` registered in one statement. */
  const registered = async (
    degrees: string[],
  ): Promise<{ event: EventWithSeats; ids: string[]; tokens: string[] }> => {
    const event = await serviceEvent(s, admin, { capacity: 20, businessUnitIds: units.map((u) => u.id) });
    await s.get(WaiverPoliciesService).put(admin, event.id, PHD_POLICY);
    await s.get(RoutingConfigService).put(admin, event.id, {
      strategy: 'least_loaded',
      rules: units.map((u) => ({ specialty: 'nlp', businessUnitId: u.id, weight: 1 })),
    });
    const inputs = degrees.map((degree) => registrationBody({ degree }) as unknown as RegistrationInput);
    const results = await s.db.transaction((manager) =>
      s.get(RegistrationBatchService).registerMany(manager, { slug: event.slug }, inputs),
    );
    const receipts = results.map((r) => {
      if (!r.receipt) throw new Error(`not registered: ${r.outcome}`);
      return r.receipt;
    });
    return {
      event,
      ids: receipts.map((r) => r.registrationId),
      tokens: receipts.map((r) => r.candidateToken),
    };
  };
  /** The pipeline-mail jobs owed through the outbox about these registrations. */
  const owedTells = (
    ids: string[],
  ): Promise<{ job_name: string; job_id: string; payload: TellCandidatePayload | TellCandidatesPayload }[]> =>
    s.db.query(
      `SELECT job_name, job_id, payload FROM outbox
        WHERE queue = $1 AND (payload->>'registrationId' = ANY($2::text[])
           OR EXISTS (SELECT 1 FROM jsonb_array_elements(payload->'tells') t
                       WHERE t->>'registrationId' = ANY($2::text[])))
        ORDER BY id`,
      [QueueName.PipelineMail, ids],
    );
  /** The one TellMany job owed about these registrations (and that it is the only pipeline-mail job). */
  const batchJob = async (ids: string[]): Promise<TellCandidatesPayload> => {
    const owed = await owedTells(ids);
    expect(owed).toHaveLength(1);
    const [job] = owed;
    const payload = job.payload as TellCandidatesPayload;
    expect(job.job_name).toBe(PipelineMailJob.TellMany);
    expect(job.job_id).toBe(tellManyJobId(payload.tells[0]));
    return payload;
  };
  /** The mails about a registration: their templates. */
  const mailsOf = async (id: string): Promise<string[]> =>
    (
      (await s.db.query(`SELECT template FROM mail_messages WHERE subject_id = $1 ORDER BY created_at`, [
        id,
      ])) as { template: string }[]
    ).map((m) => m.template);
  const PIPELINE = [RegistrationMailTemplate.FastTracked, RegistrationMailTemplate.TestRequired] as string[];
  const pipelineMailsOf = async (id: string) => (await mailsOf(id)).filter((t) => PIPELINE.includes(t));

  it('an intake batch of 6 owes one tell job naming all 6; the job (doubled, then again) tells each candidate once', async () => {
    const degrees = ['phd', 'master', 'phd', 'master', 'phd', 'master'];
    const { ids } = await registered(degrees);
    expect(await intake.process(ids[0])).toBe('batched');

    const payload = await batchJob(ids);
    const template = (degree: string) =>
      degree === 'phd' ? RegistrationMailTemplate.FastTracked : RegistrationMailTemplate.TestRequired;
    expect(
      payload.tells.map((t) => [t.registrationId, t.template]).sort(([a], [b]) => a.localeCompare(b)),
    ).toEqual(ids.map((id, i) => [id, template(degrees[i])]).sort(([a], [b]) => a.localeCompare(b)));
    // Each fast-tracked one is told its unit.
    for (const tell of payload.tells.filter((t) => t.template === RegistrationMailTemplate.FastTracked)) {
      expect(units.map((u) => u.name)).toContain((tell.extra as { unitName: string }).unitName);
    }

    // The job twice at once: the lock orders them, the second finds every mail told.
    const both = await Promise.all([intake.tellMany(payload), intake.tellMany(payload)]);
    expect(both.sort()).toEqual([
      'told 0, already 6, stale 0, missing 0',
      'told 6, already 0, stale 0, missing 0',
    ]);
    // Again after both committed: nothing more.
    expect(await intake.tellMany(payload)).toBe('told 0, already 6, stale 0, missing 0');
    for (const [i, id] of ids.entries()) expect(await pipelineMailsOf(id)).toEqual([template(degrees[i])]);

    // The 6 mails were stored by one statement: one send-mails job owes all of them.
    const sends: { job_name: string; n: number }[] = await s.db.query(
      `SELECT job_name, jsonb_array_length(payload->'mailIds')::int AS n FROM outbox
        WHERE payload->'mailIds' ?| (SELECT array_agg(id::text) FROM mail_messages
                                      WHERE subject_id = ANY($1::uuid[]) AND template = ANY($2::text[]))`,
      [ids, PIPELINE],
    );
    expect(sends).toEqual([{ job_name: 'send-mails', n: 6 }]);
  });

  it('a registration withdrawn, erased, routed again or out of the written test before the job gets no mail; the others do', async () => {
    const { ids, tokens } = await registered(['phd', 'phd', 'phd', 'master', 'master', 'master']);
    const [withdrawn, rerouted, fast, erased, tested, standard] = ids;
    expect(await intake.process(ids[0])).toBe('batched');
    const payload = await batchJob(ids);

    // Between the batch and its job:
    const registrations = s.get(RegistrationsService);
    const candidate = await registrations.authenticate(tokens[0]);
    if (!candidate) throw new Error('the registration does not authenticate');
    await registrations.withdrawAndErase(candidate);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await s.db.transaction(async (manager) => {
      const registration = await manager.getRepository(Registration).findOneByOrFail({ id: rerouted });
      const other = units.find((u) => u.id !== registration.businessUnitId) as BusinessUnit;
      await s.get(RoutingService).assign(manager, admin, registration, other, 'moved by the spec');
    });
    await s.db.transaction(async (manager) => {
      const registration = await manager.getRepository(Registration).findOneByOrFail({ id: erased });
      await s.get(RegistrationsRepository).lockCandidate(manager, registration.candidateId);
      await registrations.eraseAsSystem(manager, erased, 'erased by the spec');
    });
    await s.get(PipelineService).recordWrittenTest(admin, tested, 30);

    expect(await intake.tellMany(payload)).toBe('told 2, already 0, stale 4, missing 0');
    expect(await pipelineMailsOf(fast)).toEqual([RegistrationMailTemplate.FastTracked]);
    expect(await pipelineMailsOf(standard)).toEqual([RegistrationMailTemplate.TestRequired]);
    for (const id of [withdrawn, rerouted, erased, tested]) expect(await pipelineMailsOf(id)).toEqual([]);
    expect(await mailsOf(tested)).toContain(RegistrationMailTemplate.TestFailed);

    // The routing by hand owed its own mail, a lone Tell job as before, which tells it once.
    const [own] = (await owedTells([rerouted])).filter((j) => j.job_name === PipelineMailJob.Tell);
    const tell = own.payload as TellCandidatePayload;
    expect(own.job_id).toBe(tellJobId(rerouted, RegistrationMailTemplate.FastTracked, new Date(tell.since)));
    expect(await intake.tell(tell)).toBe('told');
    expect(await intake.tell(tell)).toBe('already');
    expect(await pipelineMailsOf(rerouted)).toEqual([RegistrationMailTemplate.FastTracked]);
    // The batch's job run again: still nothing for the four, nothing twice for the others.
    expect(await intake.tellMany(payload)).toBe('told 0, already 2, stale 4, missing 0');
  });

  it('a job naming a registration that is gone counts it missing and tells the others', async () => {
    const { ids } = await registered(['master', 'master']);
    expect(await intake.process(ids[0])).toBe('batched');
    const payload = await batchJob(ids);
    const gone = { ...payload.tells[0], registrationId: randomUUID() };
    expect(await intake.tellMany({ tells: [gone, ...payload.tells] })).toBe(
      'told 2, already 0, stale 0, missing 1',
    );
    for (const id of ids) expect(await pipelineMailsOf(id)).toEqual([RegistrationMailTemplate.TestRequired]);
  });

  it('a job naming one tell twice tells it once; two mails of one registration each carry a live link', async () => {
    const { ids } = await registered(['master']);
    const since = new Date().toISOString();
    const rejected = {
      registrationId: ids[0],
      template: RegistrationMailTemplate.Rejected,
      extra: {},
      since,
    };
    const advanced = { ...rejected, template: RegistrationMailTemplate.Advanced };
    expect(await intake.tellMany({ tells: [rejected, advanced, rejected] })).toBe(
      'told 2, already 0, stale 0, missing 0',
    );
    const links: { template: string; url: string }[] = await s.db.query(
      `SELECT template, links->0->>'url' AS url FROM mail_messages
        WHERE subject_id = $1 AND template = ANY($2::text[])`,
      [ids[0], [rejected.template, advanced.template]],
    );
    expect(links.map((l) => l.template).sort()).toEqual([advanced.template, rejected.template].sort());
    for (const { url } of links) {
      const token = new URL(url).hash.replace('#token=', '');
      expect(await s.get(RegistrationsService).authenticate(token)).toMatchObject({ registrationId: ids[0] });
    }
  });

  /** Sessions of this spec's database waiting on a lock in the pipeline-mail statement. */
  const waitingTells = async (): Promise<number> => {
    const [row]: { n: number }[] = await s.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'
          AND query LIKE '%FOR NO KEY UPDATE OF r%'`,
    );
    return row.n;
  };
  /** A transaction on its own connection, holding the registrations' row locks until it ends. */
  const holding = async (
    ids: string[],
    work?: (runner: QueryRunner) => Promise<void>,
  ): Promise<QueryRunner> => {
    const runner = s.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(
      `SELECT 1 FROM registrations WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
      [ids],
    );
    await work?.(runner);
    return runner;
  };
  const ended = async (runner: QueryRunner): Promise<void> => {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  };

  it('the same TellMany job run twice at once, both statements started before either commits, stores each mail once', async () => {
    const { ids } = await registered(['phd', 'master', 'master']);
    expect(await intake.process(ids[0])).toBe('batched');
    const payload = await batchJob(ids);
    const tokensBefore: { n: number }[] = await s.db.query(
      `SELECT array_length(token_hashes, 1) AS n FROM registrations WHERE id = ANY($1::uuid[])`,
      [ids],
    );

    // A third connection holds the rows: both runs start (snapshots taken, neither sees the
    // other's mails) and wait on the lock; then one commits first and the other, told since nothing
    // in its snapshot, meets the first's mails at the unique (subject, template, step) index.
    const blocker = await holding(ids);
    let both: string[];
    try {
      const runs = Promise.all([intake.tellMany(payload), intake.tellMany(payload)]);
      await waitFor(async () => (await waitingTells()) >= 2, { what: 'both runs waiting on the row locks' });
      await blocker.commitTransaction();
      both = await runs;
    } finally {
      await ended(blocker);
    }
    expect(both.sort()).toEqual([
      'told 0, already 3, stale 0, missing 0',
      'told 3, already 0, stale 0, missing 0',
    ]);
    const mails: { subject_id: string; n: number }[] = await s.db.query(
      `SELECT subject_id, count(*)::int AS n FROM mail_messages
        WHERE subject_id = ANY($1::uuid[]) AND template = ANY($2::text[]) GROUP BY subject_id`,
      [ids, PIPELINE],
    );
    expect(mails.map((m) => m.n)).toEqual([1, 1, 1]);
    // Only the inserted mails got a token and a job: one new token each, one send-mails job of 3.
    const tokensAfter: { n: number }[] = await s.db.query(
      `SELECT array_length(token_hashes, 1) AS n FROM registrations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(tokensAfter.map((r) => r.n)).toEqual(tokensBefore.map((r) => r.n + 1));
    const sends: { job_name: string; n: number }[] = await s.db.query(
      `SELECT job_name, jsonb_array_length(payload->'mailIds')::int AS n FROM outbox
        WHERE payload->'mailIds' ?| (SELECT array_agg(id::text) FROM mail_messages
                                      WHERE subject_id = ANY($1::uuid[]) AND template = ANY($2::text[]))`,
      [ids, PIPELINE],
    );
    expect(sends).toEqual([{ job_name: 'send-mails', n: 3 }]);
  });

  it('a registration withdrawn before the job is stale and gets no mail', async () => {
    const { ids } = await registered(['master', 'master']);
    expect(await intake.process(ids[0])).toBe('batched');
    const payload = await batchJob(ids);
    await s.db.transaction(async (manager) => {
      const registration = await s.get(RegistrationsRepository).lock(manager, ids[0]);
      if (!registration) throw new Error('the registration is gone');
      await s.get(RegistrationsService).withdraw(manager, admin, registration, 'withdrawn by the spec');
    });
    expect(await intake.tellMany(payload)).toBe('told 1, already 0, stale 1, missing 0');
    expect(await pipelineMailsOf(ids[0])).toEqual([]);
    expect(await pipelineMailsOf(ids[1])).toEqual([RegistrationMailTemplate.TestRequired]);
  });

  it('a withdrawal that commits while the job waits on its row is seen (stale, no mail); the other registration gets its mail and token on its newest row', async () => {
    const { ids } = await registered(['master', 'master']);
    expect(await intake.process(ids[0])).toBe('batched');
    const payload = await batchJob(ids);
    // The withdrawal holds the row, uncommitted, when the job's statement starts (its snapshot
    // still shows the registration registered); the checks are made on the row it then locks.
    // It also changes the other registration's tokens: the job's token update must land on that
    // newest version (the one it locked), not on its snapshot's, and lose neither change.
    const withdrawal = await holding(ids, async (runner) => {
      await runner.query(`UPDATE registrations SET status = 'withdrawn' WHERE id = $1`, [ids[0]]);
      await runner.query(
        `UPDATE registrations SET token_hashes = token_hashes || ARRAY['spec-hash'] WHERE id = $1`,
        [ids[1]],
      );
    });
    let outcome: string;
    try {
      const run = intake.tellMany(payload);
      await waitFor(async () => (await waitingTells()) >= 1, { what: 'the job waiting on the row lock' });
      await withdrawal.commitTransaction();
      outcome = await run;
    } finally {
      await ended(withdrawal);
    }
    expect(outcome).toBe('told 1, already 0, stale 1, missing 0');
    expect(await pipelineMailsOf(ids[0])).toEqual([]);
    expect(await pipelineMailsOf(ids[1])).toEqual([RegistrationMailTemplate.TestRequired]);
    const [{ token_hashes: hashes }]: { token_hashes: string[] }[] = await s.db.query(
      `SELECT token_hashes FROM registrations WHERE id = $1`,
      [ids[1]],
    );
    expect(hashes).toHaveLength(3);
    expect(hashes).toContain('spec-hash');
    const [{ url }]: { url: string }[] = await s.db.query(
      `SELECT links->0->>'url' AS url FROM mail_messages WHERE subject_id = $1 AND template = $2`,
      [ids[1], RegistrationMailTemplate.TestRequired],
    );
    const token = new URL(url).hash.replace('#token=', '');
    expect(await s.get(RegistrationsService).authenticate(token)).toMatchObject({ registrationId: ids[1] });
  });

  it('a job of missing, stale, already told and owed mails counts each', async () => {
    const { ids, tokens } = await registered(['master', 'master', 'master', 'master']);
    expect(await intake.process(ids[0])).toBe('batched');
    const payload = await batchJob(ids);
    const byId = new Map(payload.tells.map((t) => [t.registrationId, t]));
    const [told, withdrawn] = ids;
    expect(await intake.tell(byId.get(told) as TellCandidatePayload)).toBe('told');
    const registrations = s.get(RegistrationsService);
    const candidate = await registrations.authenticate(tokens[1]);
    if (!candidate) throw new Error('the registration does not authenticate');
    await registrations.withdrawAndErase(candidate);
    const gone = { ...payload.tells[0], registrationId: randomUUID() };
    const test = (id: string) => byId.get(id) as TellCandidatePayload;
    // A later written-test mail of the told one's (told since the step) is "already" too.
    const stepBefore = {
      ...test(told),
      since: new Date(Date.parse(test(told).since) - 60_000).toISOString(),
    };

    expect(await intake.tellMany({ tells: [gone, ...payload.tells, stepBefore] })).toBe(
      'told 2, already 2, stale 1, missing 1',
    );
    expect(await pipelineMailsOf(told)).toEqual([RegistrationMailTemplate.TestRequired]);
    expect(await pipelineMailsOf(withdrawn)).toEqual([]);
    for (const id of ids.slice(2))
      expect(await pipelineMailsOf(id)).toEqual([RegistrationMailTemplate.TestRequired]);
  });

  it('tellMany issues one statement and no BEGIN / START TRANSACTION', async () => {
    const { ids } = await registered(['phd', 'master']);
    expect(await intake.process(ids[0])).toBe('batched');
    const payload = await batchJob(ids);
    const seen: { query: string; inTransaction: boolean }[] = [];
    const spy = jest.spyOn(s.db.logger, 'logQuery').mockImplementation((query, _parameters, runner) => {
      seen.push({ query, inTransaction: runner?.isTransactionActive ?? false });
    });
    try {
      expect(await intake.tellMany(payload)).toBe('told 2, already 0, stale 0, missing 0');
    } finally {
      spy.mockRestore();
    }
    expect(seen.filter((q) => /^\s*(BEGIN|START TRANSACTION|COMMIT)/i.test(q.query))).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0].inTransaction).toBe(false);
    expect(seen[0].query).toContain('FOR NO KEY UPDATE OF r');
  });
});
