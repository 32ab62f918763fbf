import { FUNNEL_STAGES } from './report-stages';
import { EventReport } from './report.types';

export const REPORT_CHARTS = ['funnel', 'lanes', 'cities', 'salary'] as const;
export type ReportChart = (typeof REPORT_CHARTS)[number];

/*
 * Fixed templates rather than a chart library: four horizontal bar charts whose layout is known in
 * advance. Each row stacks its label, its bars and its note, so the text never competes with the
 * bars for width; the type is large because an 800-unit viewBox is drawn at ~360 px on a phone.
 */
const WIDTH = 800;
const PAD = 20;
const INNER = WIDTH - 2 * PAD;
/** Room kept right of the longest bar for its figure. */
const BAR_MAX = INNER - 120;
const TITLE_SIZE = 30;
const LABEL_SIZE = 28;
const NOTE_SIZE = 24;
const BAR_H = 24;
const GAP = 18;
const MAX_ROWS = 14;
const COLORS = {
  primary: '#2563eb',
  secondary: '#d97706',
  market: '#9ca3af',
  reference: '#dc2626',
  text: '#111827',
  muted: '#4b5563',
  track: '#f3f4f6',
};
const FONT = `'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', Arial, sans-serif`;

/** The stage names the web pages use (English), so a chart and a table never name one stage twice. */
export const STAGE_LABELS: Record<string, string> = {
  intake: 'intake',
  routed: 'routed',
  unrouted: 'unrouted',
  test_required: 'written test required',
  test_passed: 'written test passed',
  test_failed: 'written test failed',
  advanced: 'advanced',
  rejected: 'rejected',
  on_hold: 'on hold',
  interview_scheduled: 'interview scheduled',
  interviewed: 'interviewed',
  offer: 'offer',
};

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
const stageName = (stage: string): string => STAGE_LABELS[stage] ?? stage.replace(/_/g, ' ');
const human = (code: string): string => code.replace(/_/g, ' ');

/** Rough advance width in font-size units: CJK and other wide characters count double. */
const ems = (s: string): number =>
  [...s].reduce(
    (w, ch) =>
      w +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 1
        : 0.56),
    0,
  );

/** Cut to `width` units at `size`, with an ellipsis, so no text runs off the chart. */
function fit(s: string, size: number, width = INNER): string {
  if (ems(s) * size <= width) return s;
  const chars = [...s];
  while (chars.length > 1 && (ems(chars.join('')) + 0.6) * size > width) chars.pop();
  return `${chars.join('')}…`;
}

/** Greedy word wrap to lines of `width` units (CJK runs may break anywhere). */
function wrap(s: string, size: number, width = INNER): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/(?<=\s)|(?=[\u2e80-\ua4cf])/)) {
    if (line && ems(line + word) * size > width) {
      lines.push(line.trimEnd());
      line = word.trimStart();
    } else line += word;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.map((l) => fit(l, size, width));
}

const text = (x: number, y: number, s: string, attrs = ''): string =>
  `<text x="${x}" y="${y}" ${attrs}>${xmlText(s)}</text>`;
const rect = (x: number, y: number, w: number, h: number, fill: string, label = ''): string =>
  `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${h}" fill="${fill}" rx="3">${
    label ? `<title>${xmlText(label)}</title>` : ''
  }</rect>`;

/** One row: a label line (with its main figure right-aligned), the bars, and an optional note line. */
interface Row {
  label: string;
  figure: string;
  /** Drawn below the label, top at the given y; returns the height used. */
  bars: (y: number) => { svg: string[]; height: number };
  note?: string;
}

function layoutRows(rows: Row[], top: number): { svg: string[]; bottom: number } {
  const out: string[] = [];
  let y = top;
  for (const row of rows) {
    const figureWidth = ems(row.figure) * LABEL_SIZE;
    y += LABEL_SIZE;
    out.push(
      text(PAD, y, fit(row.label, LABEL_SIZE, INNER - figureWidth - 16), `font-size="${LABEL_SIZE}"`),
      text(WIDTH - PAD, y, row.figure, `font-size="${LABEL_SIZE}" font-weight="bold" text-anchor="end"`),
    );
    y += 10;
    const bars = row.bars(y);
    out.push(...bars.svg);
    y += bars.height;
    if (row.note) {
      y += NOTE_SIZE;
      out.push(text(PAD, y, fit(row.note, NOTE_SIZE), `font-size="${NOTE_SIZE}" fill="${COLORS.muted}"`));
    }
    y += GAP;
  }
  return { svg: out, bottom: y };
}

function svg(
  title: string,
  desc: string,
  subtitle: string,
  rows: Row[],
  legend: [string, string][] = [],
): string {
  const head: string[] = [];
  let y = PAD + TITLE_SIZE;
  for (const line of wrap(title, TITLE_SIZE)) {
    head.push(text(PAD, y, line, `font-size="${TITLE_SIZE}" font-weight="bold"`));
    y += TITLE_SIZE + 6;
  }
  for (const line of wrap(subtitle, NOTE_SIZE)) {
    head.push(text(PAD, y, line, `font-size="${NOTE_SIZE}" fill="${COLORS.muted}"`));
    y += NOTE_SIZE + 6;
  }
  let x = PAD;
  if (legend.length) y += 6;
  for (const [color, label] of legend) {
    const width = 30 + ems(label) * NOTE_SIZE + 24;
    if (x > PAD && x + width > WIDTH - PAD) {
      x = PAD;
      y += NOTE_SIZE + 10;
    }
    head.push(rect(x, y - NOTE_SIZE + 4, 22, 22, color), text(x + 30, y, label, `font-size="${NOTE_SIZE}"`));
    x += width;
  }
  y += 14;
  const body =
    rows.length === 0
      ? {
          svg: [
            text(PAD, y + LABEL_SIZE, 'No data yet.', `font-size="${LABEL_SIZE}" fill="${COLORS.muted}"`),
          ],
          bottom: y + LABEL_SIZE + GAP,
        }
      : layoutRows(rows, y);
  const height = Math.ceil(body.bottom + PAD);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="${xmlText(FONT)}" font-size="${LABEL_SIZE}" fill="${COLORS.text}">`,
    `<title id="chart-title">${xmlText(title)}</title>`,
    `<desc id="chart-desc">${xmlText(desc)}</desc>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...head,
    ...body.svg,
    `</svg>`,
  ].join('\n');
}

/** Bars of one row, one per value, each with its figure at its end. */
function barSet(values: { value: number; max: number; color: string; label: string; figure?: string }[]) {
  return (y: number) => {
    const out: string[] = [];
    values.forEach((v, i) => {
      const top = y + i * (BAR_H + 6);
      const w = v.max > 0 ? (v.value / v.max) * BAR_MAX : 0;
      out.push(rect(PAD, top, BAR_MAX, BAR_H, COLORS.track), rect(PAD, top, w, BAR_H, v.color, v.label));
      if (v.figure !== undefined)
        out.push(text(PAD + BAR_MAX + 10, top + BAR_H - 3, v.figure, `font-size="${NOTE_SIZE}"`));
    });
    return { svg: out, height: values.length * (BAR_H + 6) - 6 };
  };
}

function funnelChart(r: EventReport): string {
  const max = Math.max(1, ...r.funnel.map((s) => s.reached));
  const rows: Row[] = r.funnel.map((s, i) => ({
    label: stageName(s.stage),
    figure: fmt(s.reached),
    bars: barSet([
      {
        value: s.reached,
        max,
        color: COLORS.primary,
        label: `${stageName(s.stage)}: ${s.reached}`,
        figure: i === 0 ? '' : pct(s.conversion),
      },
    ]),
  }));
  const desc = r.funnel.map((s) => `${stageName(s.stage)} ${s.reached}`).join(', ');
  return svg(
    `Funnel — ${r.title}`,
    `Registrations that reached each stage: ${desc}.`,
    `${fmt(r.totals.registrations)} registrations · check-in rate ${pct(r.totals.checkInRate)} · % = of the previous stage`,
    r.totals.registrations === 0 ? [] : rows,
  );
}

function lanesChart(r: EventReport): string {
  const { fast_track: fast, standard } = r.byLane;
  const max = Math.max(1, ...fast.funnel.map((s) => s.reached), ...standard.funnel.map((s) => s.reached));
  const rows: Row[] = FUNNEL_STAGES.map((stage, i) => {
    const f = fast.funnel[i].reached;
    const s = standard.funnel[i].reached;
    return {
      label: stageName(stage),
      figure: `${fmt(f)} / ${fmt(s)}`,
      bars: barSet([
        { value: f, max, color: COLORS.primary, label: `fast track, ${stageName(stage)}: ${f}` },
        { value: s, max, color: COLORS.secondary, label: `standard, ${stageName(stage)}: ${s}` },
      ]),
    };
  });
  const hours = (h: number | null) => (h === null ? '–' : `${fmt(h, 1)} h`);
  const subtitle = `Median to decision: fast track ${hours(fast.medianHoursToDecision)}, standard ${hours(
    standard.medianHoursToDecision,
  )} · to interview: ${hours(fast.medianHoursToInterview)} vs ${hours(standard.medianHoursToInterview)}`;
  return svg(
    `Fast track vs standard — ${r.title}`,
    `Registrations reaching each stage by lane. ${FUNNEL_STAGES.map(
      (s, i) =>
        `${stageName(s)}: fast track ${fast.funnel[i].reached}, standard ${standard.funnel[i].reached}`,
    ).join('; ')}. ${subtitle}.`,
    subtitle,
    fast.totals.registrations + standard.totals.registrations === 0 ? [] : rows,
    [
      [COLORS.primary, 'fast track'],
      [COLORS.secondary, 'standard'],
    ],
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
  const rows: Row[] = cities.map((c) => {
    const fair = c.share ?? 0;
    const market = c.marketShareOfJobsPct === null ? null : c.marketShareOfJobsPct / 100;
    return {
      label: c.city,
      figure: fmt(c.count),
      bars: barSet([
        {
          value: fair,
          max,
          color: COLORS.primary,
          label: `${c.city}: ${pct(c.share)} of candidates`,
          figure: pct(c.share),
        },
        ...(market !== null
          ? [
              {
                value: market,
                max,
                color: COLORS.market,
                label: `${c.city}: ${pct(market)} of AI jobs`,
                figure: pct(market),
              },
            ]
          : []),
      ]),
      note:
        c.marketRank !== null
          ? `market rank #${c.marketRank}`
          : market === null
            ? 'no market figure'
            : undefined,
    };
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
    rows,
    [
      [COLORS.primary, 'share of candidates'],
      [COLORS.market, 'share of AI jobs (market)'],
    ],
  );
}

function salaryChart(r: EventReport): string {
  const items = r.market.salary.slice(0, MAX_ROWS);
  const it = r.market.itOverallMonthlySalaryCny;
  const max =
    Math.max(1, it ?? 0, ...items.flatMap((s) => [s.candidates.p75 ?? 0, s.referenceMonthlySalaryCny ?? 0])) *
    1.05;
  const x = (v: number) => PAD + (v / max) * INNER;
  const rows: Row[] = items.map((s) => {
    const c = s.candidates;
    return {
      label: human(s.specialty),
      figure: c.median !== null ? fmt(c.median) : '–',
      bars: (y: number) => {
        const out = [rect(PAD, y, INNER, BAR_H, COLORS.track)];
        if (c.p25 !== null && c.p75 !== null && c.median !== null) {
          out.push(
            rect(
              x(c.p25),
              y,
              Math.max(4, x(c.p75) - x(c.p25)),
              BAR_H,
              COLORS.primary,
              `${s.specialty}: p25 ${fmt(c.p25)}, median ${fmt(c.median)}, p75 ${fmt(c.p75)} CNY (${c.count} candidates)`,
            ),
            `<line x1="${x(c.median).toFixed(1)}" x2="${x(c.median).toFixed(1)}" y1="${y - 4}" y2="${y + BAR_H + 4}" stroke="${COLORS.text}" stroke-width="3"/>`,
          );
        }
        if (s.referenceMonthlySalaryCny !== null) {
          const rx = x(s.referenceMonthlySalaryCny);
          out.push(
            `<path d="M${rx.toFixed(1)} ${y - 2} l10 ${BAR_H / 2 + 2} l-10 ${BAR_H / 2 + 2} l-10 ${-(BAR_H / 2 + 2)} z" fill="${COLORS.reference}"><title>${xmlText(
              `${s.specialty}: market ${fmt(s.referenceMonthlySalaryCny)} CNY`,
            )}</title></path>`,
          );
        }
        if (it !== null) {
          const ix = x(it).toFixed(1);
          out.push(
            `<line x1="${ix}" x2="${ix}" y1="${y - 6}" y2="${y + BAR_H + 6}" stroke="${COLORS.muted}" stroke-dasharray="5 4" stroke-width="2"/>`,
          );
        }
        return { svg: out, height: BAR_H };
      },
      note: [
        c.median !== null ? `n=${c.count}` : 'no expectations given',
        s.referenceMonthlySalaryCny !== null ? `market ${fmt(s.referenceMonthlySalaryCny)}` : '',
        s.medianVsReferencePct !== null
          ? `${s.medianVsReferencePct > 0 ? '+' : ''}${fmt(s.medianVsReferencePct, 1)}% vs market`
          : '',
      ]
        .filter(Boolean)
        .join(' · '),
    };
  });
  return svg(
    `Expected salary vs market (CNY / month) — ${r.title}`,
    `Candidates' expected monthly salary per specialty (25th percentile to 75th, median marked) against the market average. ${items
      .map(
        (s) =>
          `${s.specialty}: median ${fmt(s.candidates.median)} from ${s.candidates.count} candidates, market ${fmt(s.referenceMonthlySalaryCny)}`,
      )
      .join('; ')}.`,
    `Figure: candidates' median. Axis 0–${fmt(max)} CNY${it !== null ? `; dashed line: IT overall ${fmt(it)}` : ''}. Source: ${r.market.sources.join('; ') || '–'}`,
    rows,
    [
      [COLORS.primary, 'candidates p25–p75 (line: median)'],
      [COLORS.reference, 'market average'],
    ],
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
