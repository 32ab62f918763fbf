import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { REPORT_CHARTS } from '@hirefair/core';

export class ReportChartQueryDto {
  /** funnel: reached per stage; lanes: fast track vs standard; cities: candidates vs market demand; salary: expectations vs market. */
  @ApiProperty({ enum: REPORT_CHARTS })
  @IsIn(REPORT_CHARTS, { message: `chart must be one of ${REPORT_CHARTS.join(', ')}` })
  chart: string;
}

export class MarketBenchmarkRowDto {
  @ApiProperty({ example: 'nlp', description: 'a specialty identifier, or ai_overall / it_overall' })
  specialty: string;

  @ApiProperty({ nullable: true, example: null, description: 'null = the whole country' })
  city: string | null;

  @ApiProperty({ nullable: true, example: 24007 })
  avgMonthlySalaryCny: number | null;

  @ApiProperty({ nullable: true, example: 111, description: 'year-on-year demand growth, percent' })
  demandGrowthPct: number | null;

  @ApiProperty({
    nullable: true,
    example: null,
    description: "the city's share of the specialty's jobs, percent",
  })
  shareOfJobsPct: number | null;

  @ApiProperty({ nullable: true, example: null, description: 'the city’s rank by jobs (1 = most)' })
  cityRank: number | null;

  @ApiProperty({ example: 'Peking University & Zhilian Zhaopin, 2024 H1' })
  source: string;
}

/** The whole table; `rows: []` restores the shipped defaults. Validated as a whole by the core. */
export class MarketBenchmarksBodyDto {
  @ApiProperty({ type: [MarketBenchmarkRowDto] })
  rows: MarketBenchmarkRowDto[];
}
