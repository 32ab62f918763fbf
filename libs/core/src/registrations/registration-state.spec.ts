import { DomainError } from '../common/domain-error';
import { STAGE_TRANSITIONS, Stage, assertStageTransition, canMoveStage } from './registration-state';

describe('registration stage transitions', () => {
  it('allows the pipeline’s moves for both lanes', () => {
    const fastTrack = [
      Stage.Intake,
      Stage.Routed,
      Stage.Advanced,
      Stage.InterviewScheduled,
      Stage.Interviewed,
      Stage.Offer,
    ];
    const standard = [
      Stage.Intake,
      Stage.TestRequired,
      Stage.TestPassed,
      Stage.Routed,
      Stage.OnHold,
      Stage.Rejected,
    ];
    for (const path of [fastTrack, standard]) {
      for (let i = 1; i < path.length; i++) expect(canMoveStage(path[i - 1], path[i])).toBe(true);
    }
  });

  it('refuses other moves with 409 INVALID_TRANSITION', () => {
    expect(() => assertStageTransition(Stage.Intake, Stage.Offer)).toThrow(DomainError);
    try {
      assertStageTransition(Stage.Offer, Stage.Routed);
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_TRANSITION', kind: 'conflict' });
    }
    expect(canMoveStage(Stage.TestRequired, Stage.Advanced)).toBe(false);
  });

  it('ends in offer or rejected', () => {
    expect(STAGE_TRANSITIONS[Stage.Offer]).toEqual([]);
    expect(STAGE_TRANSITIONS[Stage.Rejected]).toEqual([]);
    for (const stage of Object.values(Stage)) expect(STAGE_TRANSITIONS[stage]).toBeDefined();
  });
});
