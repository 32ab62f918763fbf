import { csvCell } from '../common/csv';
import { EventReport, FunnelStep } from './report.types';

type Line = [section: string, key: string, metric: string, value: unknown];

const isFunnel = (v: unknown): v is FunnelStep[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'object' && s !== null && 'stage' in s && 'reached' in s);

/** Nested figures as dotted metric names; a funnel becomes funnel.<stage>.reached / .conversion. */
function flatten(value: unknown, metric: string, emit: (metric: string, value: unknown) => void): void {
  if (isFunnel(value)) {
    for (const step of value) {
      emit(`${metric}.${step.stage}.reached`, step.reached);
      emit(`${metric}.${step.stage}.conversion`, step.conversion);
    }
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, metric ? `${metric}.${k}` : k, emit);
  } else {
    emit(metric, value);
  }
}

// Numbers as they are: csvCell would defuse a negative one as if it were a formula.
const cell = (v: unknown): string => (typeof v === 'number' ? String(v) : csvCell(v));

/**
 * The report as a tidy long table `section,key,metric,value`: one figure per line, so a
 * spreadsheet pivot or `read.csv` takes it without knowing the JSON shape.
 */
export function reportCsv(report: EventReport): string {
  const lines: Line[] = [];
  const add = (section: string, key: string, figures: object) =>
    flatten(figures, '', (metric, value) => lines.push([section, key, metric, value]));
  const without = <T extends object>(o: T, k: keyof T) => {
    const rest = { ...o } as Record<string, unknown>;
    delete rest[k as string];
    return rest;
  };

  lines.push(['event', report.eventId, 'title', report.title]);
  lines.push(['event', report.eventId, 'generatedAt', report.generatedAt]);
  add('totals', '', report.totals);
  add('byStage', '', report.byStage);
  add('funnel', '', { funnel: report.funnel });
  add('writtenTest', '', report.writtenTest);
  add('timing', '', report.timing);
  for (const [lane, figures] of Object.entries(report.byLane)) add('byLane', lane, figures);
  for (const s of report.bySpecialty) add('bySpecialty', s.specialty, without(s, 'specialty'));
  for (const c of report.byCity) add('byCity', c.city, without(c, 'city'));
  for (const u of report.byBusinessUnit)
    add('byBusinessUnit', u.businessUnitId, without(u, 'businessUnitId'));
  lines.push(['market', '', 'defaults', report.market.defaults]);
  lines.push(['market', '', 'itOverallMonthlySalaryCny', report.market.itOverallMonthlySalaryCny]);
  for (const source of report.market.sources) lines.push(['market', '', 'source', source]);
  for (const s of report.market.salary) add('market.salary', s.specialty, without(s, 'specialty'));
  for (const s of report.market.specialtyMix)
    add('market.specialtyMix', s.specialty, without(s, 'specialty'));
  for (const c of report.market.cityMix) add('market.cityMix', c.city, without(c, 'city'));

  return ['section,key,metric,value', ...lines.map((l) => l.map(cell).join(','))].join('\r\n') + '\r\n';
}
