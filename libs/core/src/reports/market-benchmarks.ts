import {
  JsonIssues,
  JsonObject,
  childPointer,
  describeJsonType,
  isJsonObject,
  own,
} from '../common/json-input';

/** One row of a market reference table, as the API shows and takes it. */
export interface MarketBenchmarkRow {
  /** A specialty identifier as registrations use it (nlp, deep_learning…), or ai_overall / it_overall. */
  specialty: string;
  /** null = the whole country. */
  city: string | null;
  avgMonthlySalaryCny: number | null;
  /** Year-on-year change of job postings, in percent (+111 = more than doubled). */
  demandGrowthPct: number | null;
  /** Share of the specialty's jobs (for ai_overall: of all AI jobs) located in `city`, in percent. */
  shareOfJobsPct: number | null;
  /** The city's place among the cities with most jobs of the specialty (1 = most). */
  cityRank: number | null;
  source: string;
}

/** Pseudo-specialties of the reference table: all AI jobs, and IT staff overall. */
export const AI_OVERALL = 'ai_overall';
export const IT_OVERALL = 'it_overall';

export const MARKET_DEFAULT_SOURCE =
  'Peking University & Zhilian Zhaopin, China AI talent supply and demand report, 2024 H1';

const row = (r: Partial<MarketBenchmarkRow> & { specialty: string }): MarketBenchmarkRow => ({
  city: null,
  avgMonthlySalaryCny: null,
  demandGrowthPct: null,
  shareOfJobsPct: null,
  cityRank: null,
  source: MARKET_DEFAULT_SOURCE,
  ...r,
});

/**
 * What an organization that has not set its own table sees: the figures of the 2024 H1 report as
 * cited in the press. "Intelligent driving / navigation" maps to autonomous_driving, "robotics
 * algorithms" to robotics; the report gives no computer-vision figures.
 */
export const MARKET_DEFAULTS: readonly MarketBenchmarkRow[] = [
  row({ specialty: 'nlp', avgMonthlySalaryCny: 24_007, demandGrowthPct: 111 }),
  row({ specialty: 'deep_learning', avgMonthlySalaryCny: 26_279, demandGrowthPct: 61 }),
  row({ specialty: 'robotics', demandGrowthPct: 76 }),
  row({ specialty: 'autonomous_driving', demandGrowthPct: 50 }),
  row({ specialty: IT_OVERALL, avgMonthlySalaryCny: 11_000 }),
  row({ specialty: AI_OVERALL, city: 'Beijing', shareOfJobsPct: 20, cityRank: 1 }),
  row({ specialty: AI_OVERALL, city: 'Shenzhen', cityRank: 2 }),
  row({ specialty: AI_OVERALL, city: 'Shanghai', cityRank: 3 }),
  row({ specialty: AI_OVERALL, city: 'Guangzhou', cityRank: 4 }),
  row({ specialty: AI_OVERALL, city: 'Hangzhou', cityRank: 5 }),
];

export const MARKET_LIMITS = {
  maxRows: 500,
  maxTextLength: 100,
  maxSourceLength: 500,
  maxSalary: 10_000_000,
  minGrowth: -100,
  maxGrowth: 100_000,
  maxRank: 10_000,
} as const;

const FIELDS = [
  'specialty',
  'city',
  'avgMonthlySalaryCny',
  'demandGrowthPct',
  'shareOfJobsPct',
  'cityRank',
  'source',
] as const;
const FIGURES = ['avgMonthlySalaryCny', 'demandGrowthPct', 'shareOfJobsPct', 'cityRank'] as const;

const INVALID = 'The market benchmarks are invalid; nothing was changed.';

/** Validates a whole PUT body `{rows:[…]}`; problems are reported per JSON pointer (400 VALIDATION_FAILED). */
export function validateMarketBenchmarks(input: unknown): MarketBenchmarkRow[] {
  const issues = new JsonIssues();
  if (!isJsonObject(input)) {
    issues.add('', `market benchmarks must be an object with rows, got ${describeJsonType(input)}`);
    throw issues.toError(INVALID);
  }
  issues.checkKeys(input, ['rows'], '');
  const raw = own(input, 'rows');
  if (!Array.isArray(raw) || raw.length > MARKET_LIMITS.maxRows) {
    issues.add('/rows', `rows must be an array of at most ${MARKET_LIMITS.maxRows} rows`);
    throw issues.toError(INVALID);
  }
  const seen = new Map<string, number>();
  const rows = raw.flatMap((r, index) => readRow(r, childPointer('/rows', index), issues, seen, index) ?? []);
  issues.throwIfAny(INVALID);
  return rows;
}

function readRow(
  input: unknown,
  at: string,
  issues: JsonIssues,
  seen: Map<string, number>,
  index: number,
): MarketBenchmarkRow | undefined {
  if (!isJsonObject(input)) {
    issues.add(at, `row must be an object, got ${describeJsonType(input)}`);
    return undefined;
  }
  const before = issues.details().length;
  issues.checkKeys(input, FIELDS, at);
  const specialty = text(input, 'specialty', at, issues, MARKET_LIMITS.maxTextLength, false);
  const city = text(input, 'city', at, issues, MARKET_LIMITS.maxTextLength, true);
  const source = text(input, 'source', at, issues, MARKET_LIMITS.maxSourceLength, false);
  const salary = number(input, 'avgMonthlySalaryCny', at, issues, 0, MARKET_LIMITS.maxSalary);
  const growth = number(
    input,
    'demandGrowthPct',
    at,
    issues,
    MARKET_LIMITS.minGrowth,
    MARKET_LIMITS.maxGrowth,
  );
  const share = number(input, 'shareOfJobsPct', at, issues, 0, 100);
  const rank = number(input, 'cityRank', at, issues, 1, MARKET_LIMITS.maxRank, true);
  if (FIGURES.every((f) => own(input, f) === undefined || own(input, f) === null))
    issues.add(at, `a row needs at least one figure: ${FIGURES.join(', ')}`);
  if ((share !== null || rank !== null) && city === null)
    issues.add(childPointer(at, 'city'), 'shareOfJobsPct and cityRank describe a city: give the city');
  if (specialty !== null) {
    const key = `${specialty}\u0000${(city ?? '').toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined)
      issues.add(at, `duplicate of /rows/${first}: one row per specialty and city (null = whole country)`);
    else seen.set(key, index);
  }
  if (issues.details().length > before || specialty === null || source === null) return undefined;
  return {
    specialty,
    city,
    avgMonthlySalaryCny: salary,
    demandGrowthPct: growth,
    shareOfJobsPct: share,
    cityRank: rank,
    source,
  };
}

function text(
  o: JsonObject,
  key: string,
  at: string,
  issues: JsonIssues,
  max: number,
  nullable: boolean,
): string | null {
  const v = own(o, key);
  if (nullable && (v === undefined || v === null)) return null;
  const s = typeof v === 'string' ? v.trim() : '';
  if (s.length === 0 || s.length > max || s.includes('\u0000')) {
    issues.add(
      childPointer(at, key),
      `${key} must be a non-empty string of at most ${max} characters${nullable ? ' or null' : ''}`,
    );
    return null;
  }
  return s;
}

function number(
  o: JsonObject,
  key: string,
  at: string,
  issues: JsonIssues,
  min: number,
  max: number,
  integer = false,
): number | null {
  const v = own(o, key);
  if (v === undefined || v === null) return null;
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    v >= min &&
    v <= max &&
    (integer ? Number.isInteger(v) : Math.abs(Math.round(v * 100) - v * 100) < 1e-6);
  if (!ok) {
    issues.add(
      childPointer(at, key),
      `${key} must be ${integer ? 'an integer' : 'a number with at most 2 decimals'} from ${min} to ${max}, or null`,
    );
    return null;
  }
  return v;
}
