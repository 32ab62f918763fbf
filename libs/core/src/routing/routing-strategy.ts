import {
  FORBIDDEN_KEYS,
  JsonIssues,
  childPointer,
  describeJsonType,
  isJsonObject,
  own,
} from '../common/json-input';

/**
 * Routing a candidate to a business unit. Pure: the caller loads
 * the unit loads and the round-robin state, and persists the returned state in the same
 * transaction (under a lock on the event's routing state, so concurrent routings do not race).
 */

export const ROUTING_STRATEGIES = ['least_loaded', 'weighted'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export interface RoutingRule {
  specialty: string;
  businessUnitId: string;
  /** 1..100: the unit's share under `weighted`, the tie-breaker under `least_loaded`. */
  weight: number;
}

export interface RoutingRules {
  strategy: RoutingStrategy;
  rules: RoutingRule[];
}

export interface UnitLoad {
  businessUnitId: string;
  /** Reviews routed to the unit that await a decision. */
  openReviews: number;
  /** null = no limit. */
  maxOpenReviews: number | null;
}

/** specialty → business unit id → current weight of the smooth weighted round-robin (JSON-safe). */
export type RoundRobinState = Record<string, Record<string, number>>;

export const ROUTING_LIMITS = {
  maxRules: 200,
  minWeight: 1,
  maxWeight: 100,
  maxSpecialtyLength: 100,
} as const;

const INVALID_RULES = 'The routing rules are invalid.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/**
 * Checks `{strategy, rules}` and returns a clean copy (specialties trimmed, unit ids lower-cased).
 * Throws ValidationError (VALIDATION_FAILED) listing every problem under its JSON pointer.
 */
export function validateRoutingRules(input: unknown): RoutingRules {
  const issues = new JsonIssues();
  if (!isJsonObject(input)) {
    issues.add('', `routing rules must be an object with strategy and rules, got ${describeJsonType(input)}`);
    throw issues.toError(INVALID_RULES);
  }
  issues.checkKeys(input, ['strategy', 'rules'], '');

  const strategy = own(input, 'strategy');
  if (!isStrategy(strategy))
    issues.add('/strategy', `strategy must be one of ${ROUTING_STRATEGIES.join(', ')}`);

  const rawRules = own(input, 'rules');
  const { maxRules } = ROUTING_LIMITS;
  let rules: RoutingRule[] = [];
  if (!Array.isArray(rawRules) || rawRules.length > maxRules) {
    issues.add('/rules', `rules must be an array of at most ${maxRules} rules`);
  } else {
    const firstIndexByPair = new Map<string, number>();
    rules = rawRules.flatMap((rule, index) => readRule(rule, index, firstIndexByPair, issues) ?? []);
  }

  issues.throwIfAny(INVALID_RULES);
  return { strategy: strategy as RoutingStrategy, rules };
}

function isStrategy(value: unknown): value is RoutingStrategy {
  return typeof value === 'string' && (ROUTING_STRATEGIES as readonly string[]).includes(value);
}

function readRule(
  rule: unknown,
  index: number,
  firstIndexByPair: Map<string, number>,
  issues: JsonIssues,
): RoutingRule | undefined {
  const at = childPointer('/rules', index);
  if (!isJsonObject(rule)) {
    issues.add(at, `rule must be an object, got ${describeJsonType(rule)}`);
    return undefined;
  }
  issues.checkKeys(rule, ['specialty', 'businessUnitId', 'weight'], at);
  const { maxSpecialtyLength, minWeight, maxWeight } = ROUTING_LIMITS;

  const rawSpecialty = own(rule, 'specialty');
  const specialty = typeof rawSpecialty === 'string' ? rawSpecialty.trim() : '';
  const specialtyOk = specialty.length > 0 && specialty.length <= maxSpecialtyLength;
  if (!specialtyOk)
    issues.add(
      `${at}/specialty`,
      `specialty must be a non-empty string of at most ${maxSpecialtyLength} characters`,
    );
  // The specialty keys the round-robin state object, so it must not be a prototype key.
  else if (FORBIDDEN_KEYS.has(specialty)) issues.add(`${at}/specialty`, `specialty must not be ${specialty}`);

  const rawUnitId = own(rule, 'businessUnitId');
  const unitOk = typeof rawUnitId === 'string' && UUID.test(rawUnitId);
  if (!unitOk) issues.add(`${at}/businessUnitId`, 'businessUnitId must be a UUID');

  const weight = own(rule, 'weight');
  const weightOk =
    Number.isInteger(weight) && (weight as number) >= minWeight && (weight as number) <= maxWeight;
  if (!weightOk)
    issues.add(`${at}/weight`, `weight must be a whole number from ${minWeight} to ${maxWeight}`);

  if (!specialtyOk || !unitOk || FORBIDDEN_KEYS.has(specialty)) return undefined;
  const businessUnitId = rawUnitId.toLowerCase();
  const pair = `${specialty}\u0000${businessUnitId}`;
  const first = firstIndexByPair.get(pair);
  if (first === undefined) firstIndexByPair.set(pair, index);
  else issues.add(at, `specialty ${specialty} already routes to unit ${businessUnitId} in /rules/${first}`);
  return weightOk ? { specialty, businessUnitId, weight: weight as number } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Choosing a unit
// ---------------------------------------------------------------------------------------------

export interface ChooseUnitInput {
  strategy: RoutingStrategy;
  rules: readonly RoutingRule[];
  /** The candidate's specialties, most preferred first. */
  candidateSpecialties: readonly string[];
  /** Every unit that may receive candidates; a rule's unit missing here is skipped. */
  loads: ReadonlyMap<string, UnitLoad> | Readonly<Record<string, UnitLoad>>;
  /** As returned by the previous call (`{}` at first); only `weighted` reads and changes it. */
  roundRobinState?: RoundRobinState;
}

export type RoutingDecision =
  | { businessUnitId: string; specialty: string; roundRobinState: RoundRobinState }
  | { businessUnitId: null; reason: string; roundRobinState: RoundRobinState };

interface Eligible {
  rule: RoutingRule;
  load: UnitLoad;
}

/**
 * Tries the candidate's specialties in order; the first with an eligible unit (one not at its
 * open-review limit) decides. Never mutates its input: the new state comes back in the decision.
 */
export function chooseUnit(input: ChooseUnitInput): RoutingDecision {
  const state = input.roundRobinState ?? {};
  const rulesBySpecialty = new Map<string, RoutingRule[]>();
  for (const rule of input.rules) {
    const rules = rulesBySpecialty.get(rule.specialty);
    if (rules) rules.push(rule);
    else rulesBySpecialty.set(rule.specialty, [rule]);
  }

  const specialties = [...new Set(input.candidateSpecialties)];
  const withoutRule: string[] = [];
  const blocked: string[] = [];
  for (const specialty of specialties) {
    const rules = rulesBySpecialty.get(specialty);
    if (!rules) {
      withoutRule.push(specialty);
      continue;
    }
    const eligible = rules.flatMap((rule) => {
      const load = loadOf(input.loads, rule.businessUnitId);
      return load && hasRoom(load) ? [{ rule, load }] : [];
    });
    if (eligible.length === 0) {
      blocked.push(blockedReason(specialty, rules, input.loads));
      continue;
    }
    if (input.strategy === 'least_loaded') {
      return { businessUnitId: leastLoaded(eligible), specialty, roundRobinState: state };
    }
    const { businessUnitId, weights } = smoothWeighted(rules, eligible, own(state, specialty));
    return { businessUnitId, specialty, roundRobinState: { ...state, [specialty]: weights } };
  }

  return {
    businessUnitId: null,
    reason: unroutedReason(specialties, withoutRule, blocked),
    roundRobinState: state,
  };
}

function loadOf(loads: ChooseUnitInput['loads'], unitId: string): UnitLoad | undefined {
  if (loads instanceof Map) return loads.get(unitId);
  const record = loads as Readonly<Record<string, UnitLoad>>;
  return Object.hasOwn(record, unitId) ? record[unitId] : undefined;
}

function hasRoom(load: UnitLoad): boolean {
  return load.maxOpenReviews === null || load.openReviews < load.maxOpenReviews;
}

/** Plain code-unit order, so the choice never depends on the server's locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function leastLoaded(eligible: Eligible[]): string {
  const [best] = [...eligible].sort(
    (a, b) =>
      a.load.openReviews - b.load.openReviews ||
      b.rule.weight - a.rule.weight ||
      compareIds(a.rule.businessUnitId, b.rule.businessUnitId),
  );
  return best.rule.businessUnitId;
}

/**
 * nginx's smooth weighted round-robin: each eligible unit gains its weight, the highest current
 * weight wins and gives back the eligible total. Over any run of picks each unit's share stays
 * within one pick of its weight's share, and picks interleave (3:1 gives A A B A, not A A A B).
 */
function smoothWeighted(
  rules: RoutingRule[],
  eligible: Eligible[],
  previous: unknown,
): { businessUnitId: string; weights: Record<string, number> } {
  // Units whose rule was removed drop out of the state; new units start at 0.
  const current = new Map(
    rules.map((rule) => [rule.businessUnitId, storedWeight(previous, rule.businessUnitId)]),
  );
  const ordered = [...eligible].sort((a, b) => compareIds(a.rule.businessUnitId, b.rule.businessUnitId));
  let total = 0;
  let best: string | undefined;
  for (const { rule } of ordered) {
    const weight = (current.get(rule.businessUnitId) ?? 0) + rule.weight;
    current.set(rule.businessUnitId, weight);
    total += rule.weight;
    if (best === undefined || weight > (current.get(best) ?? 0)) best = rule.businessUnitId;
  }
  const chosen = best as string;
  current.set(chosen, (current.get(chosen) ?? 0) - total);
  return { businessUnitId: chosen, weights: Object.fromEntries(current) };
}

function storedWeight(previous: unknown, unitId: string): number {
  if (!isJsonObject(previous)) return 0;
  const value = own(previous, unitId);
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function blockedReason(specialty: string, rules: RoutingRule[], loads: ChooseUnitInput['loads']): string {
  const known = rules.filter((rule) => loadOf(loads, rule.businessUnitId) !== undefined).length;
  if (known === 0) return `no unit for ${specialty} is available`;
  if (known < rules.length) return `every available unit for ${specialty} is at its open-review limit`;
  return `every unit for ${specialty} is at its open-review limit`;
}

function unroutedReason(specialties: string[], withoutRule: string[], blocked: string[]): string {
  if (specialties.length === 0) return 'the candidate has no specialties';
  const reasons = [...blocked];
  if (withoutRule.length > 0) {
    const noun = withoutRule.length === 1 ? 'specialty' : 'specialties';
    reasons.push(`no routing rule for ${noun} ${withoutRule.join(', ')}`);
  }
  return reasons.join('; ');
}
