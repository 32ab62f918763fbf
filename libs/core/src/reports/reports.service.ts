import { Injectable } from '@nestjs/common';
import { BusinessUnitsRepository } from '../business-units/business-units.repository';
import { StaffActor } from '../common/actor';
import { ValidationError } from '../common/domain-error';
import { UTF8_BOM } from '../common/csv';
import { EventsRepository } from '../events/events.repository';
import { HiringEvent } from '../events/event.entity';
import { InterviewViewsRepository } from '../interviews/interview-views.repository';
import { Lane, Stage } from '../registrations/registration-state';
import { MarketBenchmarksView, MarketBenchmarksService } from './market-benchmarks.service';
import { AI_OVERALL, IT_OVERALL, MarketBenchmarkRow } from './market-benchmarks';
import { REPORT_CHARTS, ReportChart, renderChart } from './report-charts';
import { reportCsv } from './report-csv';
import { ALL_STAGES, FUNNEL_STAGES, GROUPING } from './report-stages';
import { ReportRow as Row, ReportsRepository } from './reports.repository';
import {
  EventReport,
  FunnelStep,
  LaneReport,
  MarketComparison,
  SalaryStats,
  Timing,
  Totals,
  WrittenTest,
} from './report.types';

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const round = (v: unknown, digits: number): number | null => {
  if (v === null || v === undefined) return null;
  const f = 10 ** digits;
  return Math.round(Number(v) * f) / f;
};
const ratio = (a: number, b: number): number | null => (b > 0 ? round(a / b, 4) : null);

/** The aggregates of one group, as the report's pieces. */
class Group {
  constructor(private readonly row: Row | undefined) {}

  n(key: string): number {
    return num(this.row?.[key]);
  }

  get count(): number {
    return this.n('registrations');
  }

  totals(): Totals {
    const registered = this.n('registered');
    const checkedIn = this.n('checked_in');
    return {
      registrations: this.count,
      registered,
      waitlisted: this.n('waitlisted'),
      withdrawn: this.n('withdrawn'),
      checkedIn,
      checkInRate: ratio(checkedIn, registered),
      slaBreaches: this.n('sla_breaches'),
    };
  }

  byStage(): Record<string, number> {
    return Object.fromEntries(ALL_STAGES.map((s) => [s, this.n(`stage:${s}`)]));
  }

  funnel(): FunnelStep[] {
    const all = this.n(`reached:${Stage.Intake}`);
    return FUNNEL_STAGES.map((stage, i) => {
      const reached = this.n(`reached:${stage}`);
      return { stage, reached, conversion: i === 0 ? null : ratio(reached, all) };
    });
  }

  writtenTest(): WrittenTest {
    const required = this.n('test_required');
    const passed = this.n('test_passed');
    return { required, passed, failed: this.n('test_failed'), passRate: ratio(passed, required) };
  }

  /** The i-th value of a percentile_cont(ARRAY[…]) column. */
  private at(key: string, i: number): unknown {
    const values = this.row?.[key] as unknown[] | null | undefined;
    return values?.[i] ?? null;
  }

  timing(): Timing {
    return {
      decisions: this.n('decisions'),
      medianHoursToDecision: round(this.at('decision_p', 0), 2),
      p90HoursToDecision: round(this.at('decision_p', 1), 2),
      interviews: this.n('interviews'),
      medianHoursToInterview: round(this.at('interview_p', 0), 2),
      p90HoursToInterview: round(this.at('interview_p', 1), 2),
    };
  }

  salary(): SalaryStats {
    return {
      count: this.n('salaries'),
      p25: round(this.at('salary_p', 0), 2),
      median: round(this.at('salary_p', 1), 2),
      p75: round(this.at('salary_p', 2), 2),
    };
  }

  lane(): LaneReport {
    return {
      totals: this.totals(),
      byStage: this.byStage(),
      funnel: this.funnel(),
      writtenTest: this.writtenTest(),
      ...this.timing(),
    };
  }
}

/** The event report: every figure is an aggregate computed by PostgreSQL (three statements, one snapshot). */
@Injectable()
export class ReportsService {
  constructor(
    private readonly market: MarketBenchmarksService,
    private readonly repository: ReportsRepository,
    private readonly events: EventsRepository,
    private readonly units: BusinessUnitsRepository,
    private readonly interviews: InterviewViewsRepository,
  ) {}

  async report(actor: StaffActor, eventId: string): Promise<EventReport> {
    const manager = this.repository.manager;
    const event = await this.events.findForActor(actor, eventId, manager);
    const [rows, table] = await Promise.all([
      this.repository.figures(event.id),
      this.market.table(manager, event.organizationId),
    ]);
    const report = await this.assemble(event, rows, table);
    return { ...report, bookingPool: await this.interviews.bookingPoolSummary(manager, event.id) };
  }

  async csv(actor: StaffActor, eventId: string): Promise<string> {
    return UTF8_BOM + reportCsv(await this.report(actor, eventId));
  }

  async chart(actor: StaffActor, eventId: string, chart: string | undefined): Promise<string> {
    if (!chart || !(REPORT_CHARTS as readonly string[]).includes(chart)) {
      throw ValidationError.single('chart', `chart must be one of ${REPORT_CHARTS.join(', ')}`);
    }
    return renderChart(chart as ReportChart, await this.report(actor, eventId));
  }

  private async assemble(event: HiringEvent, rows: Row[], table: MarketBenchmarksView): Promise<EventReport> {
    const grouped = (dims: number) => rows.filter((r) => r.kind === 'group' && r.dims === dims);
    const all = new Group(grouped(GROUPING.event)[0]);
    const lane = (l: Lane) => new Group(grouped(GROUPING.lane).find((r) => r.lane === l));
    const total = all.count;
    const byDesc = <T extends { count: number }>(a: T, b: T, ka: string, kb: string) =>
      b.count - a.count || ka.localeCompare(kb);

    const bySpecialty = rows
      .filter((r) => r.kind === 'specialty')
      .map((r) => {
        const g = new Group(r);
        return {
          specialty: r.specialty as string,
          count: g.count,
          share: ratio(g.count, total),
          funnel: g.funnel(),
          salary: g.salary(),
          ...g.timing(),
        };
      })
      .sort((a, b) => byDesc(a, b, a.specialty, b.specialty));

    const byCity = rows
      .filter((r) => r.kind === 'city')
      .map((r) => {
        const g = new Group(r);
        return {
          city: r.city as string,
          count: g.count,
          share: ratio(g.count, total),
          checkedIn: g.n('checked_in'),
          funnel: g.funnel(),
        };
      })
      .sort((a, b) => byDesc(a, b, a.city, b.city));

    const unitRows = grouped(GROUPING.unit).filter((r) => r.unit !== null);
    const unitIds = [...new Set([...event.businessUnitIds, ...unitRows.map((r) => r.unit as string)])];
    const units = await this.units.inOrganization(this.repository.manager, event.organizationId, unitIds);
    const byBusinessUnit = unitIds
      .map((id) => {
        const g = new Group(unitRows.find((r) => r.unit === id));
        return {
          businessUnitId: id,
          name: units.find((u) => u.id === id)?.name ?? null,
          count: g.count,
          slaBreaches: g.n('sla_breaches'),
          byStage: g.byStage(),
          funnel: g.funnel(),
          ...g.timing(),
        };
      })
      .sort((a, b) => byDesc(a, b, a.name ?? a.businessUnitId, b.name ?? b.businessUnitId));

    return {
      eventId: event.id,
      title: event.title,
      generatedAt: new Date().toISOString(),
      totals: { ...all.totals(), awaitingLane: all.n('awaiting_lane') },
      byStage: all.byStage(),
      funnel: all.funnel(),
      writtenTest: all.writtenTest(),
      timing: all.timing(),
      byLane: { fast_track: lane(Lane.FastTrack).lane(), standard: lane(Lane.Standard).lane() },
      bySpecialty,
      byCity,
      byBusinessUnit,
      market: compareWithMarket(event, table, total, bySpecialty, byCity),
    };
  }
}

/**
 * The fair against the reference table: a specialty's figures come from its row for the event's
 * city when there is one, else from its whole-country row (city null); cities from the ai_overall rows.
 */
export function compareWithMarket(
  event: Pick<HiringEvent, 'city'>,
  table: MarketBenchmarksView,
  total: number,
  bySpecialty: { specialty: string; count: number; share: number | null; salary: SalaryStats }[],
  byCity: { city: string; count: number; share: number | null }[],
): MarketComparison {
  const lower = (s: string | null) => (s ?? '').toLowerCase();
  const eventCity = lower(event.city);
  const reference = (specialty: string): MarketBenchmarkRow | undefined =>
    table.rows.find((r) => r.specialty === specialty && lower(r.city) === eventCity) ??
    table.rows.find((r) => r.specialty === specialty && r.city === null);
  const pseudo = new Set([AI_OVERALL, IT_OVERALL]);
  const referenced = table.rows.filter((r) => !pseudo.has(r.specialty)).map((r) => r.specialty);
  const specialties = [...new Set([...bySpecialty.map((s) => s.specialty), ...referenced])];
  const fair = (s: string) => bySpecialty.find((b) => b.specialty === s);
  const empty: SalaryStats = { count: 0, p25: null, median: null, p75: null };

  const salary = specialties
    .filter((s) => fair(s) || reference(s)?.avgMonthlySalaryCny != null)
    .map((specialty) => {
      const ref = reference(specialty);
      const candidates = fair(specialty)?.salary ?? empty;
      const refSalary = ref?.avgMonthlySalaryCny ?? null;
      return {
        specialty,
        candidates,
        referenceMonthlySalaryCny: refSalary,
        medianVsReferencePct:
          candidates.median !== null && refSalary
            ? round((candidates.median / refSalary - 1) * 100, 1)
            : null,
        source: refSalary !== null ? (ref?.source ?? null) : null,
      };
    });

  const specialtyMix = specialties.map((specialty) => {
    const ref = reference(specialty);
    const f = fair(specialty);
    return {
      specialty,
      count: f?.count ?? 0,
      share: f ? f.share : total > 0 ? 0 : null,
      demandGrowthPct: ref?.demandGrowthPct ?? null,
      source: ref?.demandGrowthPct != null ? ref.source : null,
    };
  });

  const cityRows = table.rows.filter((r) => r.specialty === AI_OVERALL && r.city !== null);
  const cityKeys = [...new Set([...byCity.map((c) => lower(c.city)), ...cityRows.map((r) => lower(r.city))])];
  const cityMix = cityKeys.map((key) => {
    const f = byCity.find((c) => lower(c.city) === key);
    const ref = cityRows.find((r) => lower(r.city) === key);
    return {
      city: f?.city ?? (ref?.city as string),
      count: f?.count ?? 0,
      share: f ? f.share : total > 0 ? 0 : null,
      marketShareOfJobsPct: ref?.shareOfJobsPct ?? null,
      marketRank: ref?.cityRank ?? null,
      source: ref?.source ?? null,
    };
  });

  return {
    defaults: table.defaults,
    sources: [...new Set(table.rows.map((r) => r.source))],
    itOverallMonthlySalaryCny: reference(IT_OVERALL)?.avgMonthlySalaryCny ?? null,
    salary,
    specialtyMix,
    cityMix,
  };
}
