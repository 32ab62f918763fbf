import { Stage } from '../registrations/registration-state';

/* The report's stages and grouping sets, shared by its SQL (report-sql.ts) and its assembly (ReportsService). */

/**
 * The funnel: one entry per stage of the state model, in pipeline order (the standard lane's
 * written test before routing; each outcome beside the stage it follows). `reached` counts the
 * registrations whose timeline ever entered the stage; the pipeline is not a line (a rejection
 * may follow any review, a fast-track registration skips the test), so it need not shrink along it.
 */
export const FUNNEL_STAGES = [
  Stage.Intake,
  Stage.TestRequired,
  Stage.TestPassed,
  Stage.TestFailed,
  Stage.Routed,
  Stage.Unrouted,
  Stage.Advanced,
  Stage.Rejected,
  Stage.OnHold,
  Stage.InterviewScheduled,
  Stage.Interviewed,
  Stage.Offer,
] as const;

export const ALL_STAGES: readonly Stage[] = Object.values(Stage);

/** GROUPING(lane, unit) of each grouping set. */
export const GROUPING = { event: 3, lane: 1, unit: 2 } as const;
