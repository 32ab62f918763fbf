import {
  PASSWORD,
  ServiceModule,
  serviceEvent,
  serviceRegistration,
  serviceSpec,
  serviceUnit,
  staffActor,
  unique,
} from '@hirefair/testing';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { CandidateActor, Role, StaffActor } from '../common/actor';
import { Stage } from '../registrations/registration-state';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { Registration } from '../registrations/registration.entity';
import { UsersService } from '../users/users.service';
import { CandidateInterviewsService } from './candidate-interviews.service';
import { Recommendation } from './interview-feedback.entity';
import { Interview, InterviewStatus } from './interview.entity';
import { InterviewsService } from './interviews.service';
import { SchedulingRunStatus } from './scheduling-run.entity';
import { SchedulingRunService } from './scheduling-run.service';

const HOUR = 3_600_000;

/**
 * The interview decisions the HTTP specs reach only in passing: who may record feedback, once, on a
 * live interview and on the unit's scorecard; a candidate's confirm and decline.
 */
describe('InterviewsService and CandidateInterviewsService', () => {
  let s: ServiceModule;
  let admin: StaffActor;
  let interviews: InterviewsService;
  let candidates: CandidateInterviewsService;
  let unit: BusinessUnit;

  const spec = serviceSpec();
  beforeAll(async () => {
    ({ s, admin } = spec);
    interviews = s.get(InterviewsService);
    candidates = s.get(CandidateInterviewsService);
    unit = await serviceUnit(s, admin, { name: 'NLP' });
  });

  const interviewer = async (): Promise<StaffActor> => {
    const user = await s.get(UsersService).create(admin, {
      email: `${unique('interviewer')}@example.com`,
      name: 'Spec Interviewer',
      password: PASSWORD,
      roles: [Role.Interviewer],
      businessUnitIds: [unit.id],
      specialties: ['nlp'],
    });
    return staffActor(user.id, admin.organizationId as string, [Role.Interviewer], [unit.id]);
  };
  const loadInterview = (registrationId: string) =>
    s.db.getRepository(Interview).findOneByOrFail({ registrationId });
  const stageOf = async (id: string) =>
    (await s.db.getRepository(Registration).findOneByOrFail({ id })).stage;

  /**
   * An advanced registration of a fresh event, booked by a scheduling run (executed as its job
   * would, without the queue) with the interviewer `by` in their one window, two days ahead.
   */
  const booked = async (by: StaffActor): Promise<{ candidate: CandidateActor; interview: Interview }> => {
    const event = await serviceEvent(s, admin, { businessUnitIds: [unit.id] });
    const startsAt = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 48 * HOUR);
    await interviews.setAvailability(by, event.id, {
      slots: [
        { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + HOUR).toISOString() },
      ],
    });
    const { candidate } = await serviceRegistration(s, event.slug);
    const timeline = s.get(RegistrationTimelineService);
    await s.db.transaction(async (m) => {
      // The lane intake would have given: a registration without one stays owed intake, and the
      // reconciler of a later process on this database would try it.
      await m.query(`UPDATE registrations SET lane = 'standard' WHERE id = $1`, [candidate.registrationId]);
      const registration = await m
        .getRepository(Registration)
        .findOneByOrFail({ id: candidate.registrationId });
      await timeline.moveStage(m, admin, registration, Stage.Routed, null, { businessUnitId: unit.id });
      await timeline.moveStage(m, admin, registration, Stage.Advanced);
    });
    const run = await interviews.createRun(admin, event.id);
    expect(await s.get(SchedulingRunService).executeRun(run.id as string)).toBe(
      SchedulingRunStatus.Completed,
    );
    expect(await interviews.getRun(admin, run.id as string)).toMatchObject({
      status: 'completed',
      scheduled: 1,
    });
    const interview = await loadInterview(candidate.registrationId);
    expect(interview).toMatchObject({
      interviewerId: by.userId,
      startsAt,
      status: InterviewStatus.Scheduled,
    });
    expect(await stageOf(candidate.registrationId)).toBe(Stage.InterviewScheduled);
    return { candidate, interview };
  };

  it('takes feedback from the interviewer only, once, scored on the unit’s scorecard', async () => {
    const z = await interviewer();
    const other = await interviewer();
    const { candidate, interview } = await booked(z);
    const yes = { recommendation: Recommendation.Yes };

    // Another interviewer does not see it; a recruiter sees it but does not interview.
    await expect(interviews.feedback(other, interview.id, yes)).rejects.toMatchObject({
      code: 'INTERVIEW_NOT_FOUND',
    });
    await expect(interviews.feedback(admin, interview.id, yes)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      interviews.feedback(z, interview.id, { ...yes, scores: { research: 5, teamwork: 3 } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { field: 'scores.research', messages: ['scores.research must be an integer from 1 to 4'] },
        { field: 'scores.teamwork', messages: [`teamwork is not on ${unit.name}'s scorecard`] },
      ],
    });
    // Nothing of the refused attempts was written.
    expect(await interviews.get(admin, interview.id)).toMatchObject({ status: 'scheduled', feedback: null });
    expect(await stageOf(candidate.registrationId)).toBe(Stage.InterviewScheduled);

    const feedback = await interviews.feedback(z, interview.id, {
      recommendation: Recommendation.StrongYes,
      scores: { research: 4 },
      notes: 'Clear thinker',
    });
    expect(feedback).toMatchObject({
      interviewId: interview.id,
      interviewerId: z.userId,
      scores: { research: 4 },
    });
    expect(await loadInterview(candidate.registrationId)).toMatchObject({
      status: InterviewStatus.Completed,
      endedAt: expect.any(Date),
    });
    expect(await stageOf(candidate.registrationId)).toBe(Stage.Interviewed);
    await expect(interviews.feedback(z, interview.id, yes)).rejects.toMatchObject({
      code: 'FEEDBACK_ALREADY_RECORDED',
    });
    expect(await interviews.get(z, interview.id)).toMatchObject({
      status: 'completed',
      feedback: { id: feedback.id, recommendation: 'strong_yes', notes: 'Clear thinker' },
    });
  });

  it('confirms once, declines back to advanced, and a declined interview takes no feedback', async () => {
    const z = await interviewer();
    const { candidate, interview } = await booked(z);

    const confirmed = await candidates.confirm(candidate);
    expect(confirmed).toMatchObject({ id: interview.id, status: 'confirmed', confirmedAt: expect.any(Date) });
    // Confirming again changes nothing: the first confirmation's time stays.
    expect(await candidates.confirm(candidate)).toMatchObject({ confirmedAt: confirmed.confirmedAt });
    expect((await loadInterview(candidate.registrationId)).confirmedAt).toEqual(confirmed.confirmedAt);

    const declined = await candidates.decline(candidate, 'found another job');
    expect(declined).toMatchObject({ id: interview.id, status: 'declined', version: interview.version + 1 });
    expect(await loadInterview(candidate.registrationId)).toMatchObject({
      status: InterviewStatus.Declined,
      version: interview.version + 1,
      statusReason: 'declined: found another job',
      endedAt: expect.any(Date),
    });
    expect(await stageOf(candidate.registrationId)).toBe(Stage.Advanced);

    await expect(candidates.confirm(candidate)).rejects.toMatchObject({ code: 'NO_ACTIVE_INTERVIEW' });
    await expect(candidates.decline(candidate)).rejects.toMatchObject({ code: 'NO_ACTIVE_INTERVIEW' });
    await expect(
      interviews.feedback(z, interview.id, { recommendation: Recommendation.No }),
    ).rejects.toMatchObject({ code: 'INTERVIEW_NOT_ACTIVE' });
  });
});
