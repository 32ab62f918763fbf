import { FUNNEL_STAGES } from './report-sql';
import { EventReport } from './report.types';

export const REPORT_CHARTS = ['funnel', 'lanes', 'cities', 'salary'] as const;
export type ReportChart = (typeof REPORT_CHARTS)[number];

const WIDTH = 800;
const LABEL_X = 20;
const BAR_X = 190;
const BAR_MAX = 420;
const ROW = 34;
const TOP = 84;
const MAX_ROWS = 14;
const COLORS = {
  primary: '#2563eb',
  secondary: '#f59e0b',
  market: '#9ca3af',
  reference: '#dc2626',
  text: '#111827',
  muted: '#6b7280',
};
const FONT = `'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', Arial, sans-serif`;

/** Control characters XML 1.0 forbids, U+FFFE/U+FFFF, and unpaired surrogates. */
/* eslint-disable no-control-regex */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

/** Text for XML: escaped, and without the characters XML 1.0 cannot carry at all. */
export function xmlText(value: unknown): string {
  return String(value ?? '')
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const fmt = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits });
const pct = (fraction: number | null | undefined): string =>
  fraction === null || fraction === undefined ? '–' : `${fmt(fraction * 100, 1)}%`;
const human = (stage: string): string => stage.replace(/_/g, ' ');
/** Long labels are cut so they never run into the bars. */
const clip = (s: string, max = 22): string =>
  [...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s;

const text = (x: number, y: number, s: string, attrs = ''): string =>
  `<text x="${x}" y="${y}" ${attrs}>${xmlText(s)}</text>`;
const rect = (x: number, y: number, w: number, h: number, fill: string, label = ''): string =>
  `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${h}" fill="${fill}">${
    label ? `<title>${xmlText(label)}</title>` : ''
  }</rect>`;

function svg(
  title: string,
  desc: string,
  subtitle: string,
  rows: number,
  body: string[],
  legend: string[] = [],
): string {
  const height = TOP + Math.max(rows, 1) * ROW + 40;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="${xmlText(FONT)}" font-size="13" fill="${COLORS.text}">`,
    `<title id="chart-title">${xmlText(title)}</title>`,
    `<desc id="chart-desc">${xmlText(desc)}</desc>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(LABEL_X, 30, title, 'font-size="18" font-weight="bold"'),
    text(LABEL_X, 52, subtitle, `fill="${COLORS.muted}"`),
    ...legend,
    ...(rows === 0 ? [text(LABEL_X, TOP + 20, 'No data yet.', `fill="${COLORS.muted}"`)] : body),
    `</svg>`,
  ].join('\n');
}

function legendItems(items: [string, string][]): string[] {
  let x = LABEL_X;
  return items.flatMap(([color, label]) => {
    const out = [rect(x, 62, 12, 12, color), text(x + 18, 73, label, 'font-size="12"')];
    x += 30 + [...label].length * 7;
    return out;
  });
}

function funnelChart(r: EventReport): string {
  const max = Math.max(1, ...r.funnel.map((s) => s.reached));
  const body = r.funnel.flatMap((s, i) => {
    const y = TOP + i * ROW;
    const w = (s.reached / max) * BAR_MAX;
    const note = i === 0 ? '' : ` · ${pct(s.conversion)} of previous`;
    return [
      text(LABEL_X, y + 18, human(s.stage)),
      rect(BAR_X, y + 4, w, 20, COLORS.primary, `${human(s.stage)}: ${s.reached}`),
      text(BAR_X + w + 8, y + 18, `${fmt(s.reached)}${note}`),
    ];
  });
  const desc = r.funnel.map((s) => `${human(s.stage)} ${s.reached}`).join(', ');
  return svg(
    `Funnel — ${r.title}`,
    `Registrations that reached each stage: ${desc}.`,
    `${fmt(r.totals.registrations)} registrations · check-in rate ${pct(r.totals.checkInRate)}`,
    r.totals.registrations === 0 ? 0 : r.funnel.length,
    body,
  );
}

function lanesChart(r: EventReport): string {
  const { fast_track: fast, standard } = r.byLane;
  const max = Math.max(1, ...fast.funnel.map((s) => s.reached), ...standard.funnel.map((s) => s.reached));
  const body = FUNNEL_STAGES.flatMap((stage, i) => {
    const y = TOP + i * ROW;
    const f = fast.funnel[i].reached;
    const s = standard.funnel[i].reached;
    return [
      text(LABEL_X, y + 18, human(stage)),
      rect(BAR_X, y + 3, (f / max) * BAR_MAX, 13, COLORS.primary, `fast track, ${human(stage)}: ${f}`),
      text(BAR_X + (f / max) * BAR_MAX + 6, y + 14, fmt(f), 'font-size="11"'),
      rect(BAR_X, y + 17, (s / max) * BAR_MAX, 13, COLORS.secondary, `standard, ${human(stage)}: ${s}`),
      text(BAR_X + (s / max) * BAR_MAX + 6, y + 28, fmt(s), 'font-size="11"'),
    ];
  });
  const hours = (h: number | null) => (h === null ? '–' : `${fmt(h, 1)} h`);
  const subtitle = `Median to decision: fast track ${hours(fast.medianHoursToDecision)}, standard ${hours(
    standard.medianHoursToDecision,
  )} · to interview: ${hours(fast.medianHoursToInterview)} vs ${hours(standard.medianHoursToInterview)}`;
  return svg(
    `Fast track vs standard — ${r.title}`,
    `Registrations reaching each stage by lane. ${FUNNEL_STAGES.map(
      (s, i) => `${human(s)}: fast track ${fast.funnel[i].reached}, standard ${standard.funnel[i].reached}`,
    ).join('; ')}. ${subtitle}.`,
    subtitle,
    fast.totals.registrations + standard.totals.registrations === 0 ? 0 : FUNNEL_STAGES.length,
    body,
    legendItems([
      [COLORS.primary, 'fast track'],
      [COLORS.secondary, 'standard'],
    ]),
  );
}

function citiesChart(r: EventReport): string {
  const cities = [...r.market.cityMix]
    .sort((a, b) => b.count - a.count || (a.marketRank ?? 1e9) - (b.marketRank ?? 1e9))
    .slice(0, MAX_ROWS);
  const max = Math.max(
    0.01,
    ...cities.map((c) => Math.max(c.share ?? 0, (c.marketShareOfJobsPct ?? 0) / 100)),
  );
  const body = cities.flatMap((c, i) => {
    const y = TOP + i * ROW;
    const fair = c.share ?? 0;
    const market = c.marketShareOfJobsPct === null ? null : c.marketShareOfJobsPct / 100;
    const note = [
      `${fmt(c.count)} · ${pct(c.share)}`,
      c.marketRank !== null ? `market #${c.marketRank}` : '',
      market !== null ? `${pct(market)} of AI jobs` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    return [
      text(LABEL_X, y + 18, clip(c.city)),
      rect(
        BAR_X,
        y + 3,
        (fair / max) * BAR_MAX * 0.8,
        13,
        COLORS.primary,
        `${c.city}: ${pct(c.share)} of candidates`,
      ),
      ...(market !== null
        ? [
            rect(
              BAR_X,
              y + 17,
              (market / max) * BAR_MAX * 0.8,
              13,
              COLORS.market,
              `${c.city}: ${pct(market)} of AI jobs`,
            ),
          ]
        : []),
      text(BAR_X + (Math.max(fair, market ?? 0) / max) * BAR_MAX * 0.8 + 8, y + 18, note, 'font-size="12"'),
    ];
  });
  return svg(
    `Candidates per city vs market demand — ${r.title}`,
    `Share of the fair's registrations per city, against the market's share of AI jobs and city rank. ${cities
      .map(
        (c) =>
          `${c.city}: ${c.count} candidates (${pct(c.share)})${c.marketRank ? `, market rank ${c.marketRank}` : ''}`,
      )
      .join('; ')}.`,
    `Source: ${r.market.sources.join('; ') || 'no market table'}`,
    cities.length,
    body,
    legendItems([
      [COLORS.primary, 'share of candidates'],
      [COLORS.market, 'share of AI jobs (market)'],
    ]),
  );
}

function salaryChart(r: EventReport): string {
  const items = r.market.salary.slice(0, MAX_ROWS);
  const it = r.market.itOverallMonthlySalaryCny;
  const max =
    Math.max(1, it ?? 0, ...items.flatMap((s) => [s.candidates.p75 ?? 0, s.referenceMonthlySalaryCny ?? 0])) *
    1.1;
  const x = (v: number) => BAR_X + (v / max) * BAR_MAX;
  const body = items.flatMap((s, i) => {
    const y = TOP + i * ROW;
    const c = s.candidates;
    const out = [text(LABEL_X, y + 18, clip(human(s.specialty)))];
    if (c.p25 !== null && c.p75 !== null && c.median !== null) {
      out.push(
        rect(
          x(c.p25),
          y + 7,
          Math.max(2, x(c.p75) - x(c.p25)),
          14,
          COLORS.primary,
          `${s.specialty}: p25 ${fmt(c.p25)}, median ${fmt(c.median)}, p75 ${fmt(c.p75)} CNY (${c.count} candidates)`,
        ),
        `<line x1="${x(c.median).toFixed(1)}" x2="${x(c.median).toFixed(1)}" y1="${y + 3}" y2="${y + 25}" stroke="${COLORS.text}" stroke-width="2"/>`,
      );
    }
    if (s.referenceMonthlySalaryCny !== null) {
      const rx = x(s.referenceMonthlySalaryCny);
      out.push(
        `<path d="M${rx.toFixed(1)} ${y + 7} l6 7 l-6 7 l-6 -7 z" fill="${COLORS.reference}"><title>${xmlText(
          `${s.specialty}: market ${fmt(s.referenceMonthlySalaryCny)} CNY`,
        )}</title></path>`,
      );
    }
    const note = [
      c.median !== null ? `median ${fmt(c.median)} (n=${c.count})` : 'no expectations given',
      s.referenceMonthlySalaryCny !== null ? `market ${fmt(s.referenceMonthlySalaryCny)}` : '',
      s.medianVsReferencePct !== null
        ? `${s.medianVsReferencePct > 0 ? '+' : ''}${fmt(s.medianVsReferencePct, 1)}%`
        : '',
    ]
      .filter(Boolean)
      .join(' · ');
    out.push(text(BAR_X + BAR_MAX + 12, y + 18, note, 'font-size="11"'));
    return out;
  });
  if (it !== null && items.length > 0) {
    const ix = x(it);
    body.push(
      `<line x1="${ix.toFixed(1)}" x2="${ix.toFixed(1)}" y1="${TOP - 4}" y2="${TOP + items.length * ROW}" stroke="${COLORS.muted}" stroke-dasharray="4 3"/>`,
      text(
        ix + 4,
        TOP + items.length * ROW + 14,
        `IT overall ${fmt(it)}`,
        `font-size="11" fill="${COLORS.muted}"`,
      ),
    );
  }
  return svg(
    `Expected salary vs market (CNY / month) — ${r.title}`,
    `Candidates' expected monthly salary per specialty (25th percentile to 75th, median marked) against the market average. ${items
      .map(
        (s) =>
          `${s.specialty}: median ${fmt(s.candidates.median)} from ${s.candidates.count} candidates, market ${fmt(s.referenceMonthlySalaryCny)}`,
      )
      .join('; ')}.`,
    `Bars: candidates' p25–p75, line: median; diamond: market average. Source: ${r.market.sources.join('; ') || '–'}`,
    items.length,
    body,
    legendItems([
      [COLORS.primary, 'candidates p25–p75'],
      [COLORS.reference, 'market average'],
    ]),
  );
}

const CHARTS: Record<ReportChart, (r: EventReport) => string> = {
  funnel: funnelChart,
  lanes: lanesChart,
  cities: citiesChart,
  salary: salaryChart,
};

/** A self-contained SVG document (fixed viewBox, <title>/<desc> for screen readers) of one chart. */
export function renderChart(chart: ReportChart, report: EventReport): string {
  return CHARTS[chart](report);
}
