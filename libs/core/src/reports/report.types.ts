/** The event report (the contract's "Report", plus conversions, p90s, check-in rate and the market comparison). */

export interface FunnelStep {
  stage: string;
  /** Registrations whose timeline ever entered this stage (intake: every registration). */
  reached: number;
  /** reached / the registrations (intake's reached), 0..1; null for intake itself or an empty group. */
  conversion: number | null;
}

export interface Timing {
  /** Registrations with a unit's decision (first advanced or rejected). */
  decisions: number;
  medianHoursToDecision: number | null;
  p90HoursToDecision: number | null;
  /** Registrations with a held interview (scheduled, confirmed or completed). */
  interviews: number;
  medianHoursToInterview: number | null;
  p90HoursToInterview: number | null;
}

export interface Totals {
  registrations: number;
  registered: number;
  waitlisted: number;
  withdrawn: number;
  checkedIn: number;
  /** checkedIn / registered, 0..1 (null with no registered seat). */
  checkInRate: number | null;
  slaBreaches: number;
}

export interface WrittenTest {
  required: number;
  passed: number;
  failed: number;
  /** passed / required, 0..1. */
  passRate: number | null;
}

export interface SalaryStats {
  /** Candidates who gave an expectedMonthlySalaryCny. */
  count: number;
  p25: number | null;
  median: number | null;
  p75: number | null;
}

export interface LaneReport extends Timing {
  totals: Totals;
  byStage: Record<string, number>;
  funnel: FunnelStep[];
  writtenTest: WrittenTest;
}

export interface SpecialtyReport extends Timing {
  specialty: string;
  count: number;
  /** count / all registrations of the event (a registration with two specialties counts in both). */
  share: number | null;
  funnel: FunnelStep[];
  salary: SalaryStats;
}

export interface CityReport {
  city: string;
  count: number;
  share: number | null;
  checkedIn: number;
  funnel: FunnelStep[];
}

export interface BusinessUnitReport extends Timing {
  businessUnitId: string;
  name: string | null;
  count: number;
  slaBreaches: number;
  byStage: Record<string, number>;
  funnel: FunnelStep[];
}

export interface MarketSalaryComparison {
  specialty: string;
  candidates: SalaryStats;
  referenceMonthlySalaryCny: number | null;
  /** (candidates' median / reference - 1) × 100, one decimal. */
  medianVsReferencePct: number | null;
  source: string | null;
}

export interface MarketSpecialtyMix {
  specialty: string;
  count: number;
  share: number | null;
  demandGrowthPct: number | null;
  source: string | null;
}

export interface MarketCityMix {
  city: string;
  count: number;
  share: number | null;
  marketShareOfJobsPct: number | null;
  marketRank: number | null;
  source: string | null;
}

export interface MarketComparison {
  /** true when the organization has no table of its own (the shipped figures). */
  defaults: boolean;
  sources: string[];
  itOverallMonthlySalaryCny: number | null;
  salary: MarketSalaryComparison[];
  specialtyMix: MarketSpecialtyMix[];
  cityMix: MarketCityMix[];
}

export interface EventReport {
  eventId: string;
  /** Who waits for an interview, since when, and the interviews flagged as no longer fitting. */
  bookingPool?: { waiting: number; oldestWaitingSince: Date | null; flaggedInterviews: number };
  title: string;
  generatedAt: string;
  totals: Totals & { awaitingLane: number };
  byStage: Record<string, number>;
  funnel: FunnelStep[];
  writtenTest: WrittenTest;
  timing: Timing;
  byLane: { fast_track: LaneReport; standard: LaneReport };
  bySpecialty: SpecialtyReport[];
  byCity: CityReport[];
  byBusinessUnit: BusinessUnitReport[];
  market: MarketComparison;
}
