import {
  ServiceModule,
  serviceSpec,
  serviceEvent,
  serviceOrganization,
  serviceRegistration,
  serviceUnit,
  serviceUser,
} from '@hirefair/testing';
import { Role, StaffActor } from '../common/actor';
import { Lane, RegistrationStatus, Stage, TimelineField } from './registration-state';
import { RegistrationTimelineService } from './registration-timeline.service';
import { Registration } from './registration.entity';
import { RegistrationsStaffService } from './registrations-staff.service';
import { RegistrationsService } from './registrations.service';

/** The staff side's decisions on the real database, without HTTP: stage moves, check-in, who sees what. */
describe('RegistrationsStaffService and RegistrationTimelineService', () => {
  let s: ServiceModule;
  let staff: RegistrationsStaffService;
  let timeline: RegistrationTimelineService;
  let admin: StaffActor;

  const spec = serviceSpec();
  beforeAll(async () => {
    ({ s, admin } = spec);
    staff = s.get(RegistrationsStaffService);
    timeline = s.get(RegistrationTimelineService);
  });

  const load = (id: string) => s.db.getRepository(Registration).findOneByOrFail({ id });
  const rows = (
    id: string,
  ): Promise<{ actor_id: string; field: string; from_value: string; to_value: string }[]> =>
    s.db.query(
      `SELECT actor_id, field, from_value, to_value FROM registration_timeline
        WHERE registration_id = $1 AND field <> 'status' ORDER BY id`,
      [id],
    );
  const newUnit = (name: string) => serviceUnit(s, admin, { name });

  it('moves a stage only along the pipeline, records each changed field, and refuses a stale move', async () => {
    const unit = await newUnit('NLP');
    const event = await serviceEvent(s, admin, { businessUnitIds: [unit.id] });
    const { registrationId } = await serviceRegistration(s, event.slug);

    await expect(
      s.db.transaction(async (m) => timeline.moveStage(m, admin, await load(registrationId), Stage.Offer)),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await load(registrationId)).stage).toBe(Stage.Intake);

    const stale = await load(registrationId);
    await s.db.transaction(async (m) =>
      timeline.moveStage(m, admin, await load(registrationId), Stage.Routed, 'routed by the spec', {
        businessUnitId: unit.id,
        lane: Lane.FastTrack,
      }),
    );
    expect(await load(registrationId)).toMatchObject({
      stage: Stage.Routed,
      businessUnitId: unit.id,
      lane: Lane.FastTrack,
    });
    expect(await rows(registrationId)).toEqual([
      { actor_id: admin.userId, field: TimelineField.Stage, from_value: 'intake', to_value: 'routed' },
      { actor_id: admin.userId, field: TimelineField.BusinessUnit, from_value: null, to_value: unit.id },
      { actor_id: admin.userId, field: TimelineField.Lane, from_value: null, to_value: 'fast_track' },
    ]);

    // Someone moved it meanwhile: the copy read before says intake, the row says routed.
    await expect(
      s.db.transaction((m) => timeline.moveStage(m, admin, stale, Stage.Unrouted)),
    ).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringContaining('changed meanwhile'),
    });
    expect(await rows(registrationId)).toHaveLength(3);
  });

  it('checks in registered candidates once, by id or by code, and refuses the waitlisted', async () => {
    const event = await serviceEvent(s, admin, { capacity: 1 });
    const seated = await serviceRegistration(s, event.slug, { name: 'At The Door' });
    const waiting = await serviceRegistration(s, event.slug);
    const code = (await load(seated.registrationId)).checkInCode as string;

    await expect(
      staff.checkIn(admin, event.id, { registrationId: waiting.registrationId }),
    ).rejects.toMatchObject({
      code: 'REGISTRATION_NOT_REGISTERED',
    });
    await expect(staff.checkIn(admin, event.id, {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      staff.checkIn(admin, event.id, { registrationId: seated.registrationId, checkInCode: code }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(staff.checkIn(admin, event.id, { checkInCode: 'NOSUCHCODE' })).rejects.toMatchObject({
      code: 'REGISTRATION_NOT_FOUND',
    });

    // The door types the code as it comes: lower case, spaces around.
    const first = await staff.checkIn(admin, event.id, { checkInCode: ` ${code.toLowerCase()} ` });
    expect(first).toMatchObject({
      registrationId: seated.registrationId,
      name: 'At The Door',
      alreadyCheckedIn: false,
      stage: Stage.Intake,
    });
    const again = await staff.checkIn(admin, event.id, { registrationId: seated.registrationId });
    expect(again).toMatchObject({ alreadyCheckedIn: true, checkedInAt: first.checkedInAt });
    expect((await load(seated.registrationId)).checkedInAt).toEqual(first.checkedInAt);
    expect(await rows(seated.registrationId)).toEqual([
      {
        actor_id: admin.userId,
        field: TimelineField.CheckIn,
        from_value: null,
        to_value: first.checkedInAt.toISOString(),
      },
    ]);

    // Another organization's staff find no such event.
    const { admin: stranger } = await serviceOrganization(s);
    await expect(staff.checkIn(stranger, event.id, { checkInCode: code })).rejects.toMatchObject({
      code: 'EVENT_NOT_FOUND',
    });
  });

  it('shows a record to recruiters and to reviewers of its unit only, with the units to reroute to', async () => {
    const [nlp, cv] = [await newUnit('NLP'), await newUnit('CV')];
    const event = await serviceEvent(s, admin, { businessUnitIds: [nlp.id, cv.id] });
    const { registrationId } = await serviceRegistration(s, event.slug);
    await s.db.transaction(async (m) =>
      timeline.moveStage(m, admin, await load(registrationId), Stage.Routed, null, {
        businessUnitId: nlp.id,
      }),
    );
    const own = await serviceUser(s, admin, [Role.BuReviewer], [nlp.id]);
    const other = await serviceUser(s, admin, [Role.BuReviewer], [cv.id]);

    const seen = await staff.get(own, registrationId);
    expect(seen).toMatchObject({
      id: registrationId,
      businessUnit: { id: nlp.id, name: nlp.name, code: nlp.code, scorecard: nlp.scorecard },
    });
    expect(seen.otherBusinessUnits).toContainEqual({ id: cv.id, name: cv.name, code: cv.code });
    expect(seen.otherBusinessUnits).not.toContainEqual(expect.objectContaining({ id: nlp.id }));
    expect((seen.timeline as { field: string }[]).map((t) => t.field)).toEqual([
      TimelineField.Status,
      TimelineField.Stage,
      TimelineField.BusinessUnit,
    ]);
    await expect(staff.get(other, registrationId)).rejects.toMatchObject({ code: 'REGISTRATION_NOT_FOUND' });
    await expect(staff.get(admin, 'not-a-uuid')).rejects.toMatchObject({ code: 'REGISTRATION_NOT_FOUND' });
  });

  it('lists by arrival with filters and a cursor, and hides erased people from a name search', async () => {
    const event = await serviceEvent(s, admin, { capacity: 2 });
    const names = ['Ada Search', 'Bo Other', 'Cy Search', 'Di Search'];
    const made = [];
    for (const name of names) made.push(await serviceRegistration(s, event.slug, { name }));

    const page1 = await staff.list(admin, event.id, { q: 'search', limit: 2 });
    expect(page1.items.map((r) => r.id)).toEqual([made[0].registrationId, made[2].registrationId]);
    const page2 = await staff.list(admin, event.id, {
      q: 'search',
      limit: 2,
      cursor: page1.nextCursor as string,
    });
    expect(page2).toEqual({
      items: [expect.objectContaining({ id: made[3].registrationId })],
      nextCursor: null,
    });
    const waitlisted = await staff.list(admin, event.id, { status: RegistrationStatus.Waitlisted });
    expect(waitlisted.items.map((r) => r.id)).toEqual([made[2].registrationId, made[3].registrationId]);
    await expect(staff.list(admin, event.id, { cursor: 'bogus!' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });

    await s.get(RegistrationsService).withdrawAndErase(made[0].candidate);
    const after = await staff.list(admin, event.id, { q: 'search' });
    expect(after.items.map((r) => r.id)).toEqual([made[2].registrationId, made[3].registrationId]);
  });
});
