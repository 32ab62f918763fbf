import { DOMParser } from '@xmldom/xmldom';
import { MARKET_DEFAULTS, validateMarketBenchmarks } from './market-benchmarks';
import { REPORT_CHARTS, renderChart, xmlText } from './report-charts';
import { reportCsv } from './report-csv';
import { FUNNEL_STAGES } from './report-stages';
import { EventReport, LaneReport } from './report.types';
import { compareWithMarket } from './reports.service';

const funnel = (n: number) =>
  FUNNEL_STAGES.map((stage, i) => ({ stage, reached: i === 0 ? n : 0, conversion: null }));
const timing = {
  decisions: 0,
  medianHoursToDecision: null,
  p90HoursToDecision: null,
  interviews: 0,
  medianHoursToInterview: null,
  p90HoursToInterview: null,
};
const totals = (n: number) => ({
  registrations: n,
  registered: n,
  waitlisted: 0,
  withdrawn: 0,
  checkedIn: 0,
  checkInRate: n ? 0 : null,
  slaBreaches: 0,
});
const lane = (n: number): LaneReport => ({
  totals: totals(n),
  byStage: { intake: n },
  funnel: funnel(n),
  writtenTest: { required: 0, passed: 0, failed: 0, passRate: null },
  ...timing,
});

function reportOf(n: number, city: string, title: string): EventReport {
  const bySpecialty = n
    ? [
        {
          specialty: 'nlp',
          count: n,
          share: 1,
          funnel: funnel(n),
          salary: { count: 1, p25: 9000, median: 9000, p75: 9000 },
          ...timing,
        },
      ]
    : [];
  const byCity = n ? [{ city, count: n, share: 1, checkedIn: 0, funnel: funnel(n) }] : [];
  return {
    eventId: '00000000-0000-0000-0000-000000000000',
    title,
    generatedAt: new Date(0).toISOString(),
    totals: { ...totals(n), awaitingLane: 0 },
    byStage: { intake: n },
    funnel: funnel(n),
    writtenTest: { required: 0, passed: 0, failed: 0, passRate: null },
    timing,
    byLane: { fast_track: lane(n), standard: lane(0) },
    bySpecialty,
    byCity,
    byBusinessUnit: [],
    market: compareWithMarket(
      { city: 'Beijing' },
      { defaults: true, rows: [...MARKET_DEFAULTS], updatedAt: null },
      n,
      bySpecialty,
      byCity,
    ),
  };
}

const parse = (svg: string) => {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => errors.push(`${level} ${message}`),
  }).parseFromString(svg, 'image/svg+xml');
  return { doc, errors };
};

describe('report charts', () => {
  it('escapes markup and drops what XML cannot carry', () => {
    expect(xmlText(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(xmlText('北京\u0001\u0008\uFFFE\uD800 ok')).toBe('北京 ok');
    expect(xmlText('😀 emoji')).toBe('😀 emoji');
  });

  it.each(REPORT_CHARTS)('%s: well-formed with hostile text, and with no data at all', (chart) => {
    for (const report of [
      reportOf(3, '</text><script>x</script>\u0002', 'Fair & <"美">'),
      reportOf(0, '', ''),
    ]) {
      const { doc, errors } = parse(renderChart(chart, report));
      expect(errors).toEqual([]);
      expect(doc.documentElement?.getAttribute('viewBox')).toMatch(/^0 0 800 \d+$/);
      expect(doc.getElementsByTagName('script')).toHaveLength(0);
      expect(doc.getElementsByTagName('title')[0]?.textContent).toContain(report.title);
    }
  });

  it('CSV: a tidy long table, negative numbers kept as numbers, text defused', () => {
    const report = reportOf(3, '=cmd()', 'Fair');
    report.market.salary[0].medianVsReferencePct = -62.5;
    const csv = reportCsv(report);
    expect(csv.split('\r\n')[0]).toBe('section,key,metric,value');
    expect(csv).toContain('\r\nmarket.salary,nlp,medianVsReferencePct,-62.5\r\n');
    expect(csv).toContain(`\r\nbyCity,'=cmd(),count,3\r\n`);
  });
});

describe('market benchmarks', () => {
  it('the shipped defaults pass their own validation', () => {
    expect(validateMarketBenchmarks({ rows: MARKET_DEFAULTS })).toEqual(MARKET_DEFAULTS);
  });
});
