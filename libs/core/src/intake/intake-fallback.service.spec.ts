import { Logger } from '@nestjs/common';
import {
  ServiceModule,
  serviceEvent,
  serviceRegistration,
  serviceSpec,
  serviceUnit,
} from '@hirefair/testing';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { StaffActor } from '../common/actor';
import { Lane, Stage } from '../registrations/registration-state';
import { RoutingConfigService } from '../routing/routing-config.service';
import { WaiverPoliciesService } from '../waivers/waiver-policies.service';
import { IntakeService } from './intake.service';

const PHD = { name: 'phd', when: { field: 'degree', op: 'eq', value: 'phd' }, waive: true };
/** The constraint this spec adds to its own test database, and drops again. */
const REJECT = 'spec_intake_fallback_rejects';

/**
 * The intake batch's fall-back on the real database, without HTTP or workers: a statement of the
 * batch fails (the transaction is aborted), so the batch is taken again one registration at a time
 * under savepoints; the one that fails is left out, logged and still owed, the others get their lanes.
 */
describe('IntakeService.processEvent, when a statement of the batch fails', () => {
  let s: ServiceModule;
  let admin: StaffActor;
  let intake: IntakeService;
  let nlp: BusinessUnit;

  const spec = serviceSpec();
  beforeAll(async () => {
    ({ s, admin } = spec);
    intake = s.get(IntakeService);
    nlp = await serviceUnit(s, admin, { name: 'NLP' });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await s.db.query(`ALTER TABLE registrations DROP CONSTRAINT IF EXISTS ${REJECT}`);
  });

  const row = async (id: string) =>
    (await s.db.query(`SELECT lane, stage, business_unit_id FROM registrations WHERE id = $1`, [id]))[0] as {
      lane: Lane | null;
      stage: Stage;
      business_unit_id: string | null;
    };
  const timeline = async (id: string): Promise<string[]> =>
    (
      await s.db.query(
        `SELECT field || ':' || to_value AS change FROM registration_timeline WHERE registration_id = $1 ORDER BY id`,
        [id],
      )
    ).map((r: { change: string }) => r.change);
  const owedJobs = async (id: string): Promise<number> =>
    (
      await s.db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload ->> 'registrationId' = $1`, [id])
    )[0].n;

  it('takes the others one by one and leaves the failing registration owed, for a later pass', async () => {
    const event = await serviceEvent(s, admin, { businessUnitIds: [nlp.id] });
    await s.get(WaiverPoliciesService).put(admin, event.id, { rules: [PHD] });
    await s.get(RoutingConfigService).put(admin, event.id, {
      strategy: 'least_loaded',
      rules: [{ specialty: 'nlp', businessUnitId: nlp.id, weight: 1 }],
    });
    // Without workers nobody takes the intake: all four are owed (no lane, in intake).
    const ids: string[] = [];
    for (const degree of ['phd', 'master', 'phd', 'master'])
      ids.push((await serviceRegistration(s, event.slug, { degree })).registrationId);
    const [fastTrack, standard, failing, lastStandard] = ids;
    for (const id of ids) expect(await row(id)).toMatchObject({ lane: null, stage: Stage.Intake });
    const [timelineBefore, jobsBefore] = [await timeline(failing), await owedJobs(failing)];

    // The database refuses any lane for one of them: the batch's one UPDATE of the four fails.
    await s.db.query(
      `ALTER TABLE registrations ADD CONSTRAINT ${REJECT} CHECK (id <> '${failing}' OR lane IS NULL) NOT VALID`,
    );
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    expect(await intake.processEvent(event.id, { lingerMs: 0 })).toBe(3);

    // Once for the batch (the whole transaction aborted), once for the registration left out.
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`Intake batch of event ${event.id} failed.*${REJECT}`)),
    );
    expect(error).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`Intake of registration ${failing} failed.*${REJECT}`)),
    );
    expect(error).toHaveBeenCalledTimes(1);
    expect(await row(fastTrack)).toEqual({
      lane: Lane.FastTrack,
      stage: Stage.Routed,
      business_unit_id: nlp.id,
    });
    for (const id of [standard, lastStandard]) {
      expect(await row(id)).toEqual({
        lane: Lane.Standard,
        stage: Stage.TestRequired,
        business_unit_id: null,
      });
      expect(await timeline(id)).toEqual(
        expect.arrayContaining(['lane:standard', `stage:${Stage.TestRequired}`]),
      );
    }
    // Its savepoint rolled back: no lane, no timeline of the intake, no job owed for it.
    expect(await row(failing)).toEqual({ lane: null, stage: Stage.Intake, business_unit_id: null });
    expect(await timeline(failing)).toEqual(timelineBefore);
    expect(await owedJobs(failing)).toBe(jobsBefore);

    // Still owed: once the database takes it again, the next pass (the reconciler's job) takes it.
    await s.db.query(`ALTER TABLE registrations DROP CONSTRAINT ${REJECT}`);
    expect(await intake.processEvent(event.id, { lingerMs: 0 })).toBe(1);
    expect(await row(failing)).toEqual({
      lane: Lane.FastTrack,
      stage: Stage.Routed,
      business_unit_id: nlp.id,
    });
  });
});
