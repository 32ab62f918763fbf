import {
  JsonIssues,
  JsonObject,
  childPointer,
  describeJsonType,
  isJsonObject,
  own,
} from '../common/json-input';

/**
 * The waiver condition language: validation, evaluation and a
 * plain-language description. Pure, so the registration flow, the simulation and the UI share it.
 *
 * Semantics, per field:
 * - Strings compare case-insensitively, ignoring surrounding and repeated whitespace.
 * - `degree` is ordered other < bachelor < master < phd; `gte`/`lte` compare along that order.
 * - `specialties contains x`: x is one of the candidate's specialties; `in [..]`: any of them is.
 * - `publications.venue contains x`: some venue contains x as whole words ("ACL" matches
 *   "ACL 2024", "Findings of ACL" and "ACL2024", but not "NAACL"); `in [..]`: some venue equals one.
 * - `publications.count` / `awards.count` count all publications / awards.
 * - `awards.rank` is the candidate's best rank, 1 being best: `lte 3` = an award ranked 3rd or
 *   better, `gte 3` = the best award is 3rd or worse, `eq 1` = the best award is 1st. A candidate
 *   without a ranked award matches none of them (so `not` of them does match).
 * - `referralCode` / `githubUrl`: `exists true` = given and not blank; `eq x` = equals x.
 */

/** In ascending order: `gte`/`lte` on degree compare positions in this list. */
export const DEGREES = ['other', 'bachelor', 'master', 'phd'] as const;
export type Degree = (typeof DEGREES)[number];

export const CONDITION_FIELDS = [
  'degree',
  'yearsOfExperience',
  'specialties',
  'city',
  'publications.venue',
  'publications.count',
  'awards.rank',
  'awards.count',
  'referralCode',
  'githubUrl',
] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

export const CONDITION_OPERATORS = ['eq', 'in', 'gte', 'lte', 'contains', 'exists'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

type Comparison = 'eq' | 'gte' | 'lte';

export type LeafCondition =
  | { field: 'degree'; op: Comparison; value: Degree }
  | { field: 'degree'; op: 'in'; value: Degree[] }
  | {
      field: 'yearsOfExperience' | 'publications.count' | 'awards.count' | 'awards.rank';
      op: Comparison;
      value: number;
    }
  | { field: 'specialties' | 'publications.venue'; op: 'contains'; value: string }
  | { field: 'specialties' | 'city' | 'publications.venue'; op: 'in'; value: string[] }
  | { field: 'city' | 'referralCode' | 'githubUrl'; op: 'eq'; value: string }
  | { field: 'referralCode' | 'githubUrl'; op: 'exists'; value: boolean };

export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export type Condition = AllCondition | AnyCondition | NotCondition | LeafCondition;

export interface WaiverRule {
  name: string;
  when: Condition;
  waive: true;
}

export interface WaiverPolicy {
  rules: WaiverRule[];
}

export interface RegistrationFacts {
  degree: Degree;
  yearsOfExperience: number;
  specialties: string[];
  city: string;
  publications: { title: string; venue: string; year: number }[];
  awards: { name: string; rank?: number | null; year: number }[];
  referralCode?: string | null;
  githubUrl?: string | null;
}

export type ConditionValueKind =
  'degree' | 'degrees' | 'years' | 'count' | 'rank' | 'text' | 'texts' | 'boolean';

/** Which operators each field accepts, and the value each combination takes (for editors, too). */
export const WAIVER_OPERATORS: {
  readonly [F in ConditionField]: Readonly<Partial<Record<ConditionOperator, ConditionValueKind>>>;
} = {
  degree: { eq: 'degree', in: 'degrees', gte: 'degree', lte: 'degree' },
  yearsOfExperience: { eq: 'years', gte: 'years', lte: 'years' },
  specialties: { contains: 'text', in: 'texts' },
  city: { eq: 'text', in: 'texts' },
  'publications.venue': { contains: 'text', in: 'texts' },
  'publications.count': { eq: 'count', gte: 'count', lte: 'count' },
  'awards.rank': { eq: 'rank', gte: 'rank', lte: 'rank' },
  'awards.count': { eq: 'count', gte: 'count', lte: 'count' },
  referralCode: { exists: 'boolean', eq: 'text' },
  githubUrl: { exists: 'boolean', eq: 'text' },
};

export const WAIVER_POLICY_LIMITS = {
  maxRules: 50,
  maxRuleNameLength: 100,
  maxDepth: 8,
  maxChildren: 50,
  maxListValues: 200,
  maxTextLength: 200,
  maxYears: 100,
  maxCount: 10_000,
} as const;

const COMBINATORS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = ['field', 'op', 'value'] as const;

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/**
 * Checks a whole policy and returns a clean copy (strings trimmed, nothing but known keys).
 * Throws ValidationError (VALIDATION_FAILED) listing every problem under its JSON pointer.
 */
export function validateWaiverPolicy(input: unknown): WaiverPolicy {
  const issues = new JsonIssues();
  const policy = readPolicy(input, issues);
  issues.throwIfAny('The waiver policy is invalid.');
  return policy as WaiverPolicy;
}

function readPolicy(input: unknown, issues: JsonIssues): WaiverPolicy | undefined {
  if (!isJsonObject(input)) {
    issues.add('', `the waiver policy must be an object with rules, got ${describeJsonType(input)}`);
    return undefined;
  }
  issues.checkKeys(input, ['rules'], '');
  const rules = own(input, 'rules');
  const { maxRules } = WAIVER_POLICY_LIMITS;
  if (!Array.isArray(rules) || rules.length === 0 || rules.length > maxRules) {
    issues.add('/rules', `rules must be an array of 1 to ${maxRules} rules`);
    return undefined;
  }
  const firstIndexByName = new Map<string, number>();
  const read = rules.map((rule, index) => readRule(rule, index, firstIndexByName, issues));
  return read.every((rule) => rule !== undefined) ? { rules: read as WaiverRule[] } : undefined;
}

function readRule(
  rule: unknown,
  index: number,
  firstIndexByName: Map<string, number>,
  issues: JsonIssues,
): WaiverRule | undefined {
  const at = childPointer('/rules', index);
  if (!isJsonObject(rule)) {
    issues.add(at, `rule must be an object, got ${describeJsonType(rule)}`);
    return undefined;
  }
  issues.checkKeys(rule, ['name', 'when', 'waive'], at);

  const rawName = own(rule, 'name');
  const name = typeof rawName === 'string' ? rawName.trim() : '';
  const { maxRuleNameLength } = WAIVER_POLICY_LIMITS;
  if (name.length === 0 || name.length > maxRuleNameLength) {
    issues.add(`${at}/name`, `name must be a non-empty string of at most ${maxRuleNameLength} characters`);
  } else {
    // Case-insensitive, since reports and emails show names to people, not machines.
    const key = name.toLowerCase();
    const first = firstIndexByName.get(key);
    if (first === undefined) firstIndexByName.set(key, index);
    else issues.add(`${at}/name`, `name "${name}" is already used by /rules/${first}`);
  }

  if (own(rule, 'waive') !== true) issues.add(`${at}/waive`, 'waive must be true');

  const rawWhen = own(rule, 'when');
  let when: Condition | undefined;
  if (rawWhen === undefined) issues.add(`${at}/when`, 'when is required');
  else when = readCondition(rawWhen, `${at}/when`, 1, issues);

  return when !== undefined ? { name, when, waive: true } : undefined;
}

function readCondition(node: unknown, at: string, depth: number, issues: JsonIssues): Condition | undefined {
  const { maxDepth, maxChildren } = WAIVER_POLICY_LIMITS;
  if (depth > maxDepth) {
    issues.add(at, `conditions may be nested at most ${maxDepth} levels deep`);
    return undefined;
  }
  if (!isJsonObject(node)) {
    issues.add(at, `condition must be an object, got ${describeJsonType(node)}`);
    return undefined;
  }

  const combinator = COMBINATORS.find((key) => Object.hasOwn(node, key));
  if (combinator === undefined) {
    if (LEAF_KEYS.some((key) => Object.hasOwn(node, key))) return readLeaf(node, at, issues);
    issues.checkKeys(node, [...COMBINATORS, ...LEAF_KEYS], at);
    issues.add(at, 'condition must have exactly one of all, any, not, or field/op/value');
    return undefined;
  }

  const keysOk = issues.checkKeys(node, [combinator], at);
  const inner = own(node, combinator);
  const innerAt = childPointer(at, combinator);
  if (combinator === 'not') {
    const not = readCondition(inner, innerAt, depth + 1, issues);
    return keysOk && not !== undefined ? { not } : undefined;
  }

  if (!Array.isArray(inner) || inner.length === 0 || inner.length > maxChildren) {
    issues.add(innerAt, `${combinator} must be an array of 1 to ${maxChildren} conditions`);
    return undefined;
  }
  const children = inner.map((child, i) => readCondition(child, childPointer(innerAt, i), depth + 1, issues));
  if (!keysOk || children.some((child) => child === undefined)) return undefined;
  return combinator === 'all' ? { all: children as Condition[] } : { any: children as Condition[] };
}

function readLeaf(node: JsonObject, at: string, issues: JsonIssues): LeafCondition | undefined {
  const keysOk = issues.checkKeys(node, LEAF_KEYS, at);
  const field = own(node, 'field');
  const op = own(node, 'op');
  const value = own(node, 'value');

  const fieldOk = isOneOf(CONDITION_FIELDS, field);
  if (field === undefined) issues.add(`${at}/field`, 'field is required');
  else if (!fieldOk) issues.add(`${at}/field`, `field must be one of ${CONDITION_FIELDS.join(', ')}`);

  let kind: ConditionValueKind | undefined;
  if (op === undefined) issues.add(`${at}/op`, 'op is required');
  else if (!isOneOf(CONDITION_OPERATORS, op))
    issues.add(`${at}/op`, `op must be one of ${CONDITION_OPERATORS.join(', ')}`);
  else if (fieldOk) {
    const supported = WAIVER_OPERATORS[field];
    kind = supported[op];
    if (kind === undefined)
      issues.add(
        `${at}/op`,
        `op ${op} is not supported for ${field} (use ${Object.keys(supported).join(', ')})`,
      );
  }

  if (kind === undefined) return undefined;
  if (value === undefined) {
    issues.add(`${at}/value`, 'value is required');
    return undefined;
  }
  const read = readValue(kind, value, `${at}/value`, issues);
  return keysOk && read !== undefined ? ({ field, op, value: read } as LeafCondition) : undefined;
}

function readValue(kind: ConditionValueKind, value: unknown, at: string, issues: JsonIssues): unknown {
  const { maxYears, maxCount, maxTextLength } = WAIVER_POLICY_LIMITS;
  switch (kind) {
    case 'degree':
      return expect(isOneOf(DEGREES, value), value, at, issues, `value must be one of ${DEGREE_LIST}`);
    case 'degrees':
      return readList(value, at, issues, (item, itemAt) =>
        expect(isOneOf(DEGREES, item), item, itemAt, issues, `value must be one of ${DEGREE_LIST}`),
      );
    case 'years':
      return expect(
        typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= maxYears,
        value,
        at,
        issues,
        `value must be a number of years from 0 to ${maxYears}`,
      );
    case 'count':
      return expect(
        Number.isInteger(value) && (value as number) >= 0 && (value as number) <= maxCount,
        value,
        at,
        issues,
        `value must be a whole number from 0 to ${maxCount}`,
      );
    case 'rank':
      return expect(
        Number.isInteger(value) && (value as number) >= 1 && (value as number) <= maxCount,
        value,
        at,
        issues,
        `value must be a rank from 1 (best) to ${maxCount}`,
      );
    case 'text':
      return readText(value, at, issues, maxTextLength);
    case 'texts':
      return readList(value, at, issues, (item, itemAt) => readText(item, itemAt, issues, maxTextLength));
    case 'boolean':
      return expect(typeof value === 'boolean', value, at, issues, 'value must be true or false');
  }
}

const DEGREE_LIST = 'bachelor, master, phd, other';

function expect(ok: boolean, value: unknown, at: string, issues: JsonIssues, message: string): unknown {
  if (!ok) issues.add(at, message);
  return ok ? value : undefined;
}

function readText(value: unknown, at: string, issues: JsonIssues, maxLength: number): string | undefined {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length > 0 && text.length <= maxLength) return text;
  issues.add(at, `value must be a non-empty string of at most ${maxLength} characters`);
  return undefined;
}

function readList(
  value: unknown,
  at: string,
  issues: JsonIssues,
  readItem: (item: unknown, at: string) => unknown,
): unknown[] | undefined {
  const { maxListValues } = WAIVER_POLICY_LIMITS;
  if (!Array.isArray(value) || value.length === 0 || value.length > maxListValues) {
    issues.add(at, `value must be an array of 1 to ${maxListValues} values for op in`);
    return undefined;
  }
  const items = value.map((item, i) => readItem(item, childPointer(at, i)));
  return items.every((item) => item !== undefined) ? items : undefined;
}

function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/** The first rule whose condition matches decides; `rule: null` means no waiver (standard lane). */
export function evaluateWaiverPolicy(
  policy: WaiverPolicy,
  facts: RegistrationFacts,
): { rule: string | null } {
  const normalized = normalizeFacts(facts);
  const rule = policy.rules.find((candidate) => matches(candidate.when, normalized));
  return { rule: rule?.name ?? null };
}

export function evaluateCondition(condition: Condition, facts: RegistrationFacts): boolean {
  return matches(condition, normalizeFacts(facts));
}

interface NormalizedFacts {
  degree: string;
  degreeRank: number;
  yearsOfExperience: number | undefined;
  specialties: Set<string>;
  city: string;
  venues: string[];
  publicationCount: number;
  bestAwardRank: number | undefined;
  awardCount: number;
  referralCode: string | undefined;
  githubUrl: string | undefined;
}

function normalizeText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function optionalText(text: string | null | undefined): string | undefined {
  const normalized = typeof text === 'string' ? normalizeText(text) : '';
  return normalized.length > 0 ? normalized : undefined;
}

function normalizeFacts(facts: RegistrationFacts): NormalizedFacts {
  const degree = optionalText(facts.degree) ?? '';
  const publications = facts.publications ?? [];
  const awards = facts.awards ?? [];
  const ranks = awards
    .map((award) => award.rank)
    .filter((rank): rank is number => typeof rank === 'number' && Number.isFinite(rank));
  return {
    degree,
    degreeRank: (DEGREES as readonly string[]).indexOf(degree),
    yearsOfExperience: Number.isFinite(facts.yearsOfExperience) ? facts.yearsOfExperience : undefined,
    specialties: new Set((facts.specialties ?? []).map(normalizeText)),
    city: optionalText(facts.city) ?? '',
    venues: publications.map((publication) => optionalText(publication.venue) ?? ''),
    publicationCount: publications.length,
    bestAwardRank: ranks.length > 0 ? Math.min(...ranks) : undefined,
    awardCount: awards.length,
    referralCode: optionalText(facts.referralCode),
    githubUrl: optionalText(facts.githubUrl),
  };
}

function matches(condition: Condition, facts: NormalizedFacts): boolean {
  if ('all' in condition) return condition.all.every((child) => matches(child, facts));
  if ('any' in condition) return condition.any.some((child) => matches(child, facts));
  if ('not' in condition) return !matches(condition.not, facts);
  return matchesLeaf(condition, facts);
}

function matchesLeaf(leaf: LeafCondition, facts: NormalizedFacts): boolean {
  switch (leaf.field) {
    case 'degree':
      if (facts.degreeRank < 0) return false;
      if (leaf.op === 'in') return leaf.value.some((degree) => degree === facts.degree);
      return compare(facts.degreeRank, leaf.op, DEGREES.indexOf(leaf.value));
    case 'yearsOfExperience':
      return facts.yearsOfExperience !== undefined && compare(facts.yearsOfExperience, leaf.op, leaf.value);
    case 'publications.count':
      return compare(facts.publicationCount, leaf.op, leaf.value);
    case 'awards.count':
      return compare(facts.awardCount, leaf.op, leaf.value);
    case 'awards.rank':
      return facts.bestAwardRank !== undefined && compare(facts.bestAwardRank, leaf.op, leaf.value);
    case 'specialties':
      if (leaf.op === 'in') return leaf.value.some((value) => facts.specialties.has(normalizeText(value)));
      return facts.specialties.has(normalizeText(leaf.value));
    case 'city':
      if (leaf.op === 'in') return leaf.value.some((value) => normalizeText(value) === facts.city);
      return normalizeText(leaf.value) === facts.city;
    case 'publications.venue':
      if (leaf.op === 'in') {
        const wanted = new Set(leaf.value.map(normalizeText));
        return facts.venues.some((venue) => wanted.has(venue));
      }
      return facts.venues.some((venue) => containsWords(venue, normalizeText(leaf.value)));
    case 'referralCode':
    case 'githubUrl': {
      const given = facts[leaf.field];
      if (leaf.op === 'exists') return (given !== undefined) === leaf.value;
      return given !== undefined && given === normalizeText(leaf.value);
    }
    default:
      return false; // only reachable with an unvalidated policy
  }
}

function compare(actual: number, op: Comparison, expected: number): boolean {
  if (op === 'gte') return actual >= expected;
  if (op === 'lte') return actual <= expected;
  return actual === expected;
}

/** `needle` occurs in `haystack` without cutting a Latin word or a number in two. */
function containsWords(haystack: string, needle: string): boolean {
  if (needle.length === 0) return false;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (
      !continuesWord(haystack[at - 1], needle[0]) &&
      !continuesWord(needle[needle.length - 1], haystack[end])
    )
      return true;
  }
  return false;
}

// Han and kana are written without spaces, so any substring of them counts as a match.
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

function wordCharClass(char: string | undefined): 'letter' | 'digit' | undefined {
  if (char === undefined) return undefined;
  if (/\p{Nd}/u.test(char)) return 'digit';
  if (/\p{L}/u.test(char) && !UNSPACED_SCRIPT.test(char)) return 'letter';
  return undefined;
}

function continuesWord(a: string | undefined, b: string | undefined): boolean {
  const cls = wordCharClass(a);
  return cls !== undefined && cls === wordCharClass(b);
}

// ---------------------------------------------------------------------------------------------
// Description
// ---------------------------------------------------------------------------------------------

/**
 * A short plain-language reading of a condition, e.g. "degree is phd and at least 2 publications".
 * Values are inserted verbatim: escape the result where it goes into HTML.
 */
export function describeCondition(condition: Condition): string {
  return describe(condition, false);
}

function describe(condition: Condition, nested: boolean): string {
  if ('all' in condition) return describeGroup(condition.all, ' and ', nested);
  if ('any' in condition) return describeGroup(condition.any, ' or ', nested);
  if ('not' in condition) {
    const inner = condition.not;
    if ('op' in inner && inner.op === 'exists') return describeLeaf({ ...inner, value: !inner.value });
    return `not (${describe(inner, false)})`;
  }
  return describeLeaf(condition);
}

function describeGroup(children: Condition[], joiner: string, nested: boolean): string {
  if (children.length === 1) return describe(children[0], nested);
  const text = children.map((child) => describe(child, true)).join(joiner);
  return nested ? `(${text})` : text;
}

function describeLeaf(leaf: LeafCondition): string {
  switch (leaf.field) {
    case 'degree':
      if (leaf.op === 'in') return `degree is ${orList(leaf.value)}`;
      return `degree is ${leaf.value}${leaf.op === 'gte' ? ' or higher' : leaf.op === 'lte' ? ' or lower' : ''}`;
    case 'yearsOfExperience':
      return `${quantity(leaf.op)} ${counted(leaf.value, 'year')} of experience`;
    case 'publications.count':
      return `${quantity(leaf.op)} ${counted(leaf.value, 'publication')}`;
    case 'awards.count':
      return `${quantity(leaf.op)} ${counted(leaf.value, 'award')}`;
    case 'awards.rank':
      if (leaf.op === 'eq') return `best award ranked ${ordinal(leaf.value)}`;
      if (leaf.op === 'gte') return `best award ranked ${ordinal(leaf.value)} or lower`;
      return `an award ranked ${ordinal(leaf.value)}${leaf.value > 1 ? ' or better' : ''}`;
    case 'specialties':
      return `specialties include ${leaf.op === 'in' ? orList(leaf.value) : leaf.value}`;
    case 'city':
      return `city is ${leaf.op === 'in' ? orList(leaf.value) : leaf.value}`;
    case 'publications.venue':
      if (leaf.op === 'in') return `a publication whose venue is ${orList(leaf.value)}`;
      return `a publication at ${leaf.value}`;
    case 'referralCode':
    case 'githubUrl': {
      const noun = leaf.field === 'referralCode' ? 'referral code' : 'GitHub URL';
      if (leaf.op === 'exists') return `has ${leaf.value ? 'a' : 'no'} ${noun}`;
      return `${noun} is ${leaf.value}`;
    }
  }
}

function quantity(op: Comparison): string {
  return op === 'gte' ? 'at least' : op === 'lte' ? 'at most' : 'exactly';
}

function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function orList(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}
