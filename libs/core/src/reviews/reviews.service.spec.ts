import {
  ServiceModule,
  serviceSpec,
  serviceEvent,
  serviceOrganization,
  serviceRegistration,
  serviceUnit,
  serviceUser,
} from '@hirefair/testing';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { Role, StaffActor } from '../common/actor';
import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { Stage } from '../registrations/registration-state';
import { Registration } from '../registrations/registration.entity';
import { RoutingService } from '../routing/routing.service';
import { ReviewDecisionKind } from './review-decision.entity';
import { ReviewsService } from './reviews.service';

/** The units' decisions on the real database, without HTTP: who may decide, what each decision writes. */
describe('ReviewsService.decide', () => {
  let s: ServiceModule;
  let reviews: ReviewsService;
  let admin: StaffActor;
  let nlp: BusinessUnit;
  let cv: BusinessUnit;
  let nlpReviewer: StaffActor;
  let cvReviewer: StaffActor;
  let slug: string;
  let eventId: string;

  const unit = (name: string) =>
    serviceUnit(s, admin, {
      name,
      scorecard: [
        { criterion: 'research', description: 'Research depth' },
        { criterion: 'engineering', description: 'Systems' },
      ],
    });

  const spec = serviceSpec();
  beforeAll(async () => {
    ({ s, admin } = spec);
    reviews = s.get(ReviewsService);
    [nlp, cv] = [await unit('NLP'), await unit('CV')];
    nlpReviewer = await serviceUser(s, admin, [Role.BuReviewer], [nlp.id]);
    cvReviewer = await serviceUser(s, admin, [Role.BuReviewer], [cv.id]);
    const event = await serviceEvent(s, admin, { businessUnitIds: [nlp.id, cv.id] });
    [slug, eventId] = [event.slug, event.id];
  });

  const load = (id: string) => s.db.getRepository(Registration).findOneByOrFail({ id });
  /** A registration routed to NLP, as routing leaves it. */
  const routed = async (): Promise<string> => {
    const { registrationId } = await serviceRegistration(s, slug);
    await s.db.transaction(async (m) =>
      s.get(RoutingService).assign(m, admin, await load(registrationId), nlp, 'routed by the spec'),
    );
    return registrationId;
  };
  const decisions = (
    id: string,
  ): Promise<{ decision: string; scores: object; rerouted_to: string | null }[]> =>
    s.db.query(`SELECT decision, scores, rerouted_to FROM review_decisions WHERE registration_id = $1`, [id]);
  const mails = async (id: string, template: string): Promise<number> =>
    (
      await s.db.query(
        `SELECT count(*)::int AS n FROM mail_messages WHERE subject_id = $1 AND template = $2`,
        [id, template],
      )
    )[0].n;

  it('advances with the unit’s scores: the stage, the decision, the audit, the mail and the booking pool', async () => {
    const id = await routed();
    expect((await load(id)).slaDueAt).toBeInstanceOf(Date);
    const outcome = await reviews.decide(nlpReviewer, id, {
      decision: ReviewDecisionKind.Advance,
      notes: ' strong thesis ',
      scores: { research: 4, engineering: 3 },
    });
    expect(outcome.registration).toMatchObject({ id, stage: Stage.Advanced, businessUnitId: nlp.id });
    expect(await load(id)).toMatchObject({ stage: Stage.Advanced });
    expect(await decisions(id)).toEqual([
      { decision: 'advance', scores: { research: 4, engineering: 3 }, rerouted_to: null },
    ]);
    const [stage] = await s.db.query(
      `SELECT reason FROM registration_timeline WHERE registration_id = $1 AND field = 'stage' AND to_value = 'advanced'`,
      [id],
    );
    expect(stage.reason).toBe('advance: strong thesis');
    const [audit] = await s.db.query(
      `SELECT actor_id, details FROM audit_log WHERE object_id = $1 AND action = 'registration.decided'`,
      [id],
    );
    expect(audit).toMatchObject({
      actor_id: nlpReviewer.userId,
      details: { decision: 'advance', businessUnitId: nlp.id },
    });
    expect(await mails(id, RegistrationMailTemplate.Advanced)).toBe(1);
    const pooled = await s.db.query(
      `SELECT event_id FROM interview_booking_pool WHERE registration_id = $1`,
      [id],
    );
    expect(pooled).toEqual([{ event_id: eventId }]);

    // Decided: a second decision finds nothing to decide.
    await expect(
      reviews.decide(nlpReviewer, id, { decision: ReviewDecisionKind.Reject }),
    ).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(await decisions(id)).toHaveLength(1);
  });

  it('lets only the routed unit’s reviewers (and org admins) decide, on that unit’s scorecard', async () => {
    const id = await routed();
    await expect(
      reviews.decide(cvReviewer, id, { decision: ReviewDecisionKind.Advance }),
    ).rejects.toMatchObject({
      code: 'REGISTRATION_NOT_FOUND',
    });
    await expect(
      reviews.decide(nlpReviewer, id, {
        decision: ReviewDecisionKind.Advance,
        scores: { charisma: 4, research: 5 },
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { field: 'scores.charisma', messages: [expect.stringContaining('not on')] },
        { field: 'scores.research', messages: ['scores.research must be an integer from 1 to 4'] },
      ],
    });
    expect(await load(id)).toMatchObject({ stage: Stage.Routed, businessUnitId: nlp.id });
    expect(await decisions(id)).toEqual([]);
  });

  it('holds, then rejects from hold, telling the candidate once', async () => {
    const id = await routed();
    await reviews.decide(nlpReviewer, id, { decision: ReviewDecisionKind.Hold });
    expect((await load(id)).stage).toBe(Stage.OnHold);
    expect(await mails(id, RegistrationMailTemplate.Rejected)).toBe(0);
    await reviews.decide(nlpReviewer, id, { decision: ReviewDecisionKind.Reject, notes: 'no fit' });
    expect((await load(id)).stage).toBe(Stage.Rejected);
    expect((await decisions(id)).map((d) => d.decision)).toEqual(['hold', 'reject']);
    expect(await mails(id, RegistrationMailTemplate.Rejected)).toBe(1);
  });

  it('reroutes to another unit of the organization only', async () => {
    const id = await routed();
    await expect(
      reviews.decide(nlpReviewer, id, { decision: ReviewDecisionKind.Reroute }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'businessUnitId' }],
    });
    await expect(
      reviews.decide(nlpReviewer, id, { decision: ReviewDecisionKind.Reroute, businessUnitId: nlp.id }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'businessUnitId' }] });
    const { admin: stranger } = await serviceOrganization(s);
    const foreign = await serviceUnit(s, stranger);
    await expect(
      reviews.decide(nlpReviewer, id, { decision: ReviewDecisionKind.Reroute, businessUnitId: foreign.id }),
    ).rejects.toMatchObject({ code: 'BUSINESS_UNIT_NOT_FOUND' });

    await reviews.decide(nlpReviewer, id, { decision: ReviewDecisionKind.Reroute, businessUnitId: cv.id });
    expect(await load(id)).toMatchObject({ stage: Stage.Routed, businessUnitId: cv.id });
    expect(await decisions(id)).toEqual([{ decision: 'reroute', scores: {}, rerouted_to: cv.id }]);
    // Now it is the other unit's: the first one can no longer decide.
    await expect(
      reviews.decide(nlpReviewer, id, { decision: ReviewDecisionKind.Advance }),
    ).rejects.toMatchObject({
      code: 'REGISTRATION_NOT_FOUND',
    });
    await reviews.decide(cvReviewer, id, { decision: ReviewDecisionKind.Advance });
    expect((await load(id)).stage).toBe(Stage.Advanced);
  });
});
