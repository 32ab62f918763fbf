import { ApiProperty } from '@nestjs/swagger';
import type {
  BusinessUnitReport,
  CityReport,
  EventReport,
  FunnelStep,
  LaneReport,
  MarketBenchmarksView,
  MarketCityMix,
  MarketComparison,
  MarketSalaryComparison,
  MarketSpecialtyMix,
  SalaryStats,
  SpecialtyReport,
  Timing,
  Totals,
  WrittenTest,
} from '@hirefair/core';
import { MarketBenchmarkRowDto } from './report.dto';

const COUNTS_BY_STAGE = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  example: { applied: 12, advanced: 5, interview_scheduled: 3 },
} as const;

export class FunnelStepDto implements FunnelStep {
  @ApiProperty({ example: 'advanced' })
  stage: string;
  /** Registrations whose timeline ever entered the stage. */
  reached: number;
  /** reached / reached of the previous stage. */
  conversion: number | null;
}

class TimingDto implements Timing {
  decisions: number;
  medianHoursToDecision: number | null;
  p90HoursToDecision: number | null;
  interviews: number;
  medianHoursToInterview: number | null;
  p90HoursToInterview: number | null;
}

export class ReportTotalsDto implements Totals {
  registrations: number;
  registered: number;
  waitlisted: number;
  withdrawn: number;
  checkedIn: number;
  checkInRate: number | null;
  slaBreaches: number;
}

export class EventTotalsDto extends ReportTotalsDto {
  /** Registrations whose lane is not decided yet. */
  awaitingLane: number;
}

export class WrittenTestDto implements WrittenTest {
  required: number;
  passed: number;
  failed: number;
  passRate: number | null;
}

export class SalaryStatsDto implements SalaryStats {
  count: number;
  p25: number | null;
  median: number | null;
  p75: number | null;
}

export class LaneReportDto extends TimingDto implements LaneReport {
  totals: ReportTotalsDto;
  @ApiProperty(COUNTS_BY_STAGE)
  byStage: Record<string, number>;
  @ApiProperty({ type: [FunnelStepDto] })
  funnel: FunnelStepDto[];
  writtenTest: WrittenTestDto;
}

export class ByLaneDto {
  fast_track: LaneReportDto;
  standard: LaneReportDto;
}

export class SpecialtyReportDto extends TimingDto implements SpecialtyReport {
  @ApiProperty({ example: 'nlp' })
  specialty: string;
  count: number;
  share: number | null;
  @ApiProperty({ type: [FunnelStepDto] })
  funnel: FunnelStepDto[];
  salary: SalaryStatsDto;
}

export class CityReportDto implements CityReport {
  @ApiProperty({ example: 'Beijing' })
  city: string;
  count: number;
  share: number | null;
  checkedIn: number;
  @ApiProperty({ type: [FunnelStepDto] })
  funnel: FunnelStepDto[];
}

export class BusinessUnitReportDto extends TimingDto implements BusinessUnitReport {
  businessUnitId: string;
  name: string | null;
  count: number;
  slaBreaches: number;
  @ApiProperty(COUNTS_BY_STAGE)
  byStage: Record<string, number>;
  @ApiProperty({ type: [FunnelStepDto] })
  funnel: FunnelStepDto[];
}

export class MarketSalaryComparisonDto implements MarketSalaryComparison {
  specialty: string;
  candidates: SalaryStatsDto;
  referenceMonthlySalaryCny: number | null;
  medianVsReferencePct: number | null;
  source: string | null;
}

export class MarketSpecialtyMixDto implements MarketSpecialtyMix {
  specialty: string;
  count: number;
  share: number | null;
  demandGrowthPct: number | null;
  source: string | null;
}

export class MarketCityMixDto implements MarketCityMix {
  city: string;
  count: number;
  share: number | null;
  marketShareOfJobsPct: number | null;
  marketRank: number | null;
  source: string | null;
}

export class MarketComparisonDto implements MarketComparison {
  defaults: boolean;
  @ApiProperty({ type: [String] })
  sources: string[];
  itOverallMonthlySalaryCny: number | null;
  @ApiProperty({ type: [MarketSalaryComparisonDto] })
  salary: MarketSalaryComparisonDto[];
  @ApiProperty({ type: [MarketSpecialtyMixDto] })
  specialtyMix: MarketSpecialtyMixDto[];
  @ApiProperty({ type: [MarketCityMixDto] })
  cityMix: MarketCityMixDto[];
}

export class BookingPoolDto {
  waiting: number;
  oldestWaitingSince: Date | null;
  flaggedInterviews: number;
}

/** The event report: totals, the funnel, lanes, specialties, cities, units and the market comparison. */
export class EventReportDto implements EventReport {
  eventId: string;
  @ApiProperty({ required: false })
  bookingPool?: BookingPoolDto;
  title: string;
  generatedAt: string;
  totals: EventTotalsDto;
  @ApiProperty(COUNTS_BY_STAGE)
  byStage: Record<string, number>;
  /** One entry per stage of the state model, in pipeline order. */
  @ApiProperty({ type: [FunnelStepDto] })
  funnel: FunnelStepDto[];
  writtenTest: WrittenTestDto;
  timing: TimingDto;
  byLane: ByLaneDto;
  @ApiProperty({ type: [SpecialtyReportDto] })
  bySpecialty: SpecialtyReportDto[];
  @ApiProperty({ type: [CityReportDto] })
  byCity: CityReportDto[];
  @ApiProperty({ type: [BusinessUnitReportDto] })
  byBusinessUnit: BusinessUnitReportDto[];
  market: MarketComparisonDto;
}

/** The organization's market reference table (or the shipped one while it has none). */
export class MarketBenchmarksDto implements MarketBenchmarksView {
  /** true while the organization has no table of its own and sees the shipped figures. */
  defaults: boolean;
  @ApiProperty({ type: [MarketBenchmarkRowDto] })
  rows: MarketBenchmarkRowDto[];
  updatedAt: Date | null;
}
