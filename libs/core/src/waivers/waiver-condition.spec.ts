import { CommonErrorCode, ValidationError } from '../common/domain-error';
import {
  Condition,
  RegistrationFacts,
  WAIVER_OPERATORS,
  WAIVER_POLICY_LIMITS,
  describeCondition,
  evaluateCondition,
  evaluateWaiverPolicy,
  validateWaiverPolicy,
} from './waiver-condition';

const candidate: RegistrationFacts = {
  degree: 'master',
  yearsOfExperience: 3,
  specialties: ['nlp', 'Robotics'],
  city: 'Beijing',
  publications: [
    { title: 'Parsing', venue: 'ACL 2024', year: 2024 },
    { title: 'Retrieval', venue: 'Findings of EMNLP', year: 2023 },
  ],
  awards: [
    { name: 'ICPC Regional', rank: 3, year: 2022 },
    { name: 'Campus hackathon', year: 2021 },
  ],
  referralCode: 'REF-42',
};

function leaf(field: string, op: string, value: unknown): unknown {
  return { field, op, value };
}

function validationError(input: unknown): ValidationError {
  try {
    validateWaiverPolicy(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the policy to be rejected');
}

/** A leaf wrapped until it sits `depth` levels deep, alternating all/any/not/not. */
function nest(depth: number): unknown {
  const wrappers = [
    (c: unknown) => ({ all: [c] }),
    (c: unknown) => ({ any: [c] }),
    (c: unknown) => ({ not: c }),
  ];
  let node: unknown = leaf('degree', 'eq', 'master');
  for (let level = 1; level < depth; level++) node = wrappers[Math.min(level % 4, 2)](node);
  return node;
}

describe('evaluateWaiverPolicy', () => {
  const cases: [string, unknown, Partial<RegistrationFacts>, boolean][] = [
    // degree
    ['degree eq matches', leaf('degree', 'eq', 'master'), {}, true],
    ['degree eq differs', leaf('degree', 'eq', 'phd'), {}, false],
    ['degree eq ignores case of the fact', leaf('degree', 'eq', 'phd'), { degree: 'PhD' as 'phd' }, true],
    ['degree in matches', leaf('degree', 'in', ['phd', 'master']), {}, true],
    ['degree in misses', leaf('degree', 'in', ['phd', 'bachelor']), {}, false],
    ['degree gte lower', leaf('degree', 'gte', 'bachelor'), {}, true],
    ['degree gte same', leaf('degree', 'gte', 'master'), {}, true],
    ['degree gte higher', leaf('degree', 'gte', 'phd'), {}, false],
    ['degree lte same', leaf('degree', 'lte', 'master'), {}, true],
    ['degree lte lower', leaf('degree', 'lte', 'bachelor'), {}, false],
    ['other is the lowest degree', leaf('degree', 'lte', 'bachelor'), { degree: 'other' }, true],
    ['phd is the highest degree', leaf('degree', 'gte', 'phd'), { degree: 'phd' }, true],
    ['unknown degree matches no comparison', leaf('degree', 'gte', 'other'), { degree: 'x' as 'phd' }, false],
    // yearsOfExperience
    ['years eq', leaf('yearsOfExperience', 'eq', 3), {}, true],
    ['years eq differs', leaf('yearsOfExperience', 'eq', 2), {}, false],
    ['years gte same', leaf('yearsOfExperience', 'gte', 3), {}, true],
    ['years gte higher', leaf('yearsOfExperience', 'gte', 4), {}, false],
    ['years lte fractional', leaf('yearsOfExperience', 'lte', 3.5), {}, true],
    ['years lte lower', leaf('yearsOfExperience', 'lte', 2), {}, false],
    ['years of 0 counts', leaf('yearsOfExperience', 'lte', 0), { yearsOfExperience: 0 }, true],
    // specialties
    ['specialties contains, case-insensitive', leaf('specialties', 'contains', 'NLP'), {}, true],
    ['specialties contains matches stored case', leaf('specialties', 'contains', 'robotics'), {}, true],
    ['specialties contains whole items only', leaf('specialties', 'contains', 'nl'), {}, false],
    ['specialties contains misses', leaf('specialties', 'contains', 'vision'), {}, false],
    ['specialties in: any of', leaf('specialties', 'in', ['vision', 'robotics']), {}, true],
    ['specialties in misses', leaf('specialties', 'in', ['vision', 'speech']), {}, false],
    ['no specialties', leaf('specialties', 'in', ['nlp']), { specialties: [] }, false],
    // city
    ['city eq, case-insensitive', leaf('city', 'eq', 'beijing'), {}, true],
    ['city eq ignores spacing', leaf('city', 'eq', 'New  York'), { city: ' new york ' }, true],
    ['city eq differs', leaf('city', 'eq', 'Shanghai'), {}, false],
    ['city in matches', leaf('city', 'in', ['Shanghai', ' BEIJING ']), {}, true],
    ['city in misses', leaf('city', 'in', ['Shanghai', 'Shenzhen']), {}, false],
    ['city in, CJK', leaf('city', 'in', ['北京', '上海']), { city: '北京' }, true],
    // publications.venue
    ['venue contains a word', leaf('publications.venue', 'contains', 'ACL'), {}, true],
    ['venue contains, case-insensitive', leaf('publications.venue', 'contains', 'emnlp'), {}, true],
    ['venue contains several words', leaf('publications.venue', 'contains', 'findings of'), {}, true],
    [
      'venue contains does not split words',
      leaf('publications.venue', 'contains', 'ACL'),
      { publications: [{ title: 't', venue: 'NAACL 2024', year: 2024 }] },
      false,
    ],
    [
      'venue contains before a year',
      leaf('publications.venue', 'contains', 'acl'),
      { publications: [{ title: 't', venue: 'ACL2024', year: 2024 }] },
      true,
    ],
    [
      'venue contains within CJK text',
      leaf('publications.venue', 'contains', '计算语言学'),
      { publications: [{ title: 't', venue: '中国计算语言学大会', year: 2024 }] },
      true,
    ],
    ['venue contains misses', leaf('publications.venue', 'contains', 'NeurIPS'), {}, false],
    ['venue in: equal venue', leaf('publications.venue', 'in', ['acl 2024', 'ICML 2024']), {}, true],
    ['venue in needs the whole venue', leaf('publications.venue', 'in', ['ACL']), {}, false],
    [
      'venue with no publications',
      leaf('publications.venue', 'contains', 'ACL'),
      { publications: [] },
      false,
    ],
    // publications.count
    ['publication count gte', leaf('publications.count', 'gte', 2), {}, true],
    ['publication count gte more', leaf('publications.count', 'gte', 3), {}, false],
    ['publication count lte', leaf('publications.count', 'lte', 1), {}, false],
    ['publication count eq 0', leaf('publications.count', 'eq', 0), { publications: [] }, true],
    // awards.rank (1 is best; the best rank counts)
    ['rank lte: as good', leaf('awards.rank', 'lte', 3), {}, true],
    ['rank lte: not good enough', leaf('awards.rank', 'lte', 2), {}, false],
    ['rank eq best', leaf('awards.rank', 'eq', 3), {}, true],
    ['rank gte', leaf('awards.rank', 'gte', 3), {}, true],
    ['rank gte: better than that', leaf('awards.rank', 'gte', 4), {}, false],
    [
      'rank uses the best award',
      leaf('awards.rank', 'eq', 1),
      {
        awards: [
          { name: 'a', rank: 5, year: 2020 },
          { name: 'b', rank: 1, year: 2021 },
        ],
      },
      true,
    ],
    [
      'rank without ranked awards',
      leaf('awards.rank', 'lte', 100),
      { awards: [{ name: 'a', rank: null, year: 2020 }] },
      false,
    ],
    ['not rank without ranked awards', { not: leaf('awards.rank', 'lte', 100) }, { awards: [] }, true],
    // awards.count
    ['award count includes unranked', leaf('awards.count', 'eq', 2), {}, true],
    ['award count gte', leaf('awards.count', 'gte', 3), {}, false],
    ['award count lte 0', leaf('awards.count', 'lte', 0), { awards: [] }, true],
    // referralCode
    ['referral exists', leaf('referralCode', 'exists', true), {}, true],
    ['referral exists false', leaf('referralCode', 'exists', false), {}, false],
    ['blank referral does not exist', leaf('referralCode', 'exists', false), { referralCode: '  ' }, true],
    ['null referral does not exist', leaf('referralCode', 'exists', true), { referralCode: null }, false],
    ['referral eq, case-insensitive', leaf('referralCode', 'eq', 'ref-42'), {}, true],
    ['referral eq differs', leaf('referralCode', 'eq', 'REF-43'), {}, false],
    // githubUrl
    ['github missing', leaf('githubUrl', 'exists', true), {}, false],
    ['github missing: exists false', leaf('githubUrl', 'exists', false), {}, true],
    ['github present', leaf('githubUrl', 'exists', true), { githubUrl: 'https://github.com/a' }, true],
    [
      'github eq, case-insensitive',
      leaf('githubUrl', 'eq', 'https://github.com/Alice'),
      { githubUrl: 'https://GitHub.com/alice' },
      true,
    ],
    ['github eq when missing', leaf('githubUrl', 'eq', 'https://github.com/a'), {}, false],
    // combinators
    [
      'all: every child',
      { all: [leaf('degree', 'eq', 'master'), leaf('yearsOfExperience', 'gte', 3)] },
      {},
      true,
    ],
    [
      'all: one child fails',
      { all: [leaf('degree', 'eq', 'master'), leaf('yearsOfExperience', 'gte', 4)] },
      {},
      false,
    ],
    ['any: one child', { any: [leaf('degree', 'eq', 'phd'), leaf('awards.rank', 'lte', 3)] }, {}, true],
    ['any: no child', { any: [leaf('degree', 'eq', 'phd'), leaf('awards.rank', 'lte', 1)] }, {}, false],
    ['not: negates', { not: leaf('degree', 'eq', 'phd') }, {}, true],
    ['not: negates a match', { not: leaf('degree', 'eq', 'master') }, {}, false],
    ['not not', { not: { not: leaf('city', 'eq', 'Beijing') } }, {}, true],
    [
      'nested all/any/not',
      {
        all: [
          { any: [leaf('degree', 'eq', 'phd'), leaf('publications.count', 'gte', 2)] },
          { not: leaf('city', 'in', ['Shanghai']) },
          leaf('publications.venue', 'contains', 'ACL'),
        ],
      },
      {},
      true,
    ],
    [
      'nested any of alls',
      {
        any: [
          { all: [leaf('degree', 'eq', 'phd'), leaf('publications.count', 'gte', 1)] },
          { all: [leaf('degree', 'gte', 'master'), leaf('awards.rank', 'lte', 1)] },
        ],
      },
      {},
      false,
    ],
    ['eight levels deep', nest(8), {}, true],
  ];

  it.each(cases)('%s', (_name, when, overrides, expected) => {
    const policy = validateWaiverPolicy({ rules: [{ name: 'r', when, waive: true }] });
    const facts = { ...candidate, ...overrides };
    expect(evaluateWaiverPolicy(policy, facts)).toEqual({ rule: expected ? 'r' : null });
    expect(evaluateCondition(policy.rules[0].when, facts)).toBe(expected);
  });

  it('covers every operator on every field, and every combinator', () => {
    const used = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      const record = node as Record<string, unknown>;
      if ('field' in record) used.add(`${String(record.field)} ${String(record.op)}`);
      for (const key of ['all', 'any', 'not'] as const) {
        if (!(key in record)) continue;
        used.add(key);
        walk(record[key]);
      }
    };
    cases.forEach(([, when]) => walk(when));
    const expected = Object.entries(WAIVER_OPERATORS).flatMap(([field, ops]) =>
      Object.keys(ops).map((op) => `${field} ${op}`),
    );
    expect([...used].sort()).toEqual([...expected, 'all', 'any', 'not'].sort());
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it('lets the first matching rule decide', () => {
    const policy = validateWaiverPolicy({
      rules: [
        { name: 'PhD', when: leaf('degree', 'eq', 'phd'), waive: true },
        { name: 'Experienced', when: leaf('yearsOfExperience', 'gte', 1), waive: true },
        { name: 'Local', when: leaf('city', 'eq', 'Beijing'), waive: true },
      ],
    });
    expect(evaluateWaiverPolicy(policy, candidate)).toEqual({ rule: 'Experienced' });
    expect(evaluateWaiverPolicy(policy, { ...candidate, degree: 'phd' })).toEqual({ rule: 'PhD' });
    expect(evaluateWaiverPolicy(policy, { ...candidate, yearsOfExperience: 0 })).toEqual({ rule: 'Local' });
    expect(evaluateWaiverPolicy(policy, { ...candidate, yearsOfExperience: 0, city: 'Xi’an' })).toEqual({
      rule: null,
    });
  });
});

describe('validateWaiverPolicy', () => {
  const ok = leaf('degree', 'eq', 'phd');
  const rule = (when: unknown, name = 'r') => ({ name, when, waive: true });
  const policyOf = (...whens: unknown[]) => ({ rules: whens.map((when, i) => rule(when, `r${i}`)) });

  const invalid: [string, unknown, string][] = [
    ['not an object', null, ''],
    ['an array', [], ''],
    ['missing rules', {}, '/rules'],
    ['no rules', { rules: [] }, '/rules'],
    [
      'too many rules',
      policyOf(...Array.from({ length: WAIVER_POLICY_LIMITS.maxRules + 1 }, () => ok)),
      '/rules',
    ],
    ['unknown top-level key', { rules: [rule(ok)], version: 2 }, '/version'],
    ['a key needing escapes', { rules: [rule(ok)], 'a/b~c': 1 }, '/a~1b~0c'],
    ['rule not an object', { rules: ['r'] }, '/rules/0'],
    ['missing name', { rules: [{ when: ok, waive: true }] }, '/rules/0/name'],
    ['blank name', { rules: [rule(ok, '  ')] }, '/rules/0/name'],
    ['duplicate name, any case', { rules: [rule(ok, 'Top'), rule(ok, 'TOP ')] }, '/rules/1/name'],
    ['waive false', { rules: [{ name: 'r', when: ok, waive: false }] }, '/rules/0/waive'],
    ['waive missing', { rules: [{ name: 'r', when: ok }] }, '/rules/0/waive'],
    ['extra key on a rule', { rules: [{ ...rule(ok), priority: 1 }] }, '/rules/0/priority'],
    ['when missing', { rules: [{ name: 'r', waive: true }] }, '/rules/0/when'],
    ['condition not an object', policyOf('degree = phd'), '/rules/0/when'],
    ['empty condition', policyOf({}), '/rules/0/when'],
    ['unknown field', policyOf(leaf('salary', 'gte', 1)), '/rules/0/when/field'],
    ['missing field', policyOf({ op: 'eq', value: 'phd' }), '/rules/0/when/field'],
    ['unknown operator', policyOf(leaf('degree', 'ne', 'phd')), '/rules/0/when/op'],
    ['operator not for the field', policyOf(leaf('city', 'gte', 'Beijing')), '/rules/0/when/op'],
    ['contains on a number', policyOf(leaf('yearsOfExperience', 'contains', 3)), '/rules/0/when/op'],
    ['exists on degree', policyOf(leaf('degree', 'exists', true)), '/rules/0/when/op'],
    ['missing value', policyOf({ field: 'degree', op: 'eq' }), '/rules/0/when/value'],
    ['unknown degree', policyOf(leaf('degree', 'eq', 'doctor')), '/rules/0/when/value'],
    ['degree in with a bad item', policyOf(leaf('degree', 'in', ['phd', 'doctor'])), '/rules/0/when/value/1'],
    ['degree in, not a list', policyOf(leaf('degree', 'in', 'phd')), '/rules/0/when/value'],
    ['in with an empty list', policyOf(leaf('city', 'in', [])), '/rules/0/when/value'],
    ['years as a string', policyOf(leaf('yearsOfExperience', 'gte', '3')), '/rules/0/when/value'],
    ['negative years', policyOf(leaf('yearsOfExperience', 'gte', -1)), '/rules/0/when/value'],
    ['fractional count', policyOf(leaf('publications.count', 'gte', 1.5)), '/rules/0/when/value'],
    ['rank 0', policyOf(leaf('awards.rank', 'lte', 0)), '/rules/0/when/value'],
    ['blank string', policyOf(leaf('specialties', 'contains', ' ')), '/rules/0/when/value'],
    ['non-string list item', policyOf(leaf('city', 'in', ['Beijing', 7])), '/rules/0/when/value/1'],
    ['exists with a string', policyOf(leaf('referralCode', 'exists', 'yes')), '/rules/0/when/value'],
    ['eq with a boolean', policyOf(leaf('githubUrl', 'eq', true)), '/rules/0/when/value'],
    ['extra key on a leaf', policyOf({ ...(ok as object), note: 'x' }), '/rules/0/when/note'],
    ['extra key on a combinator', policyOf({ all: [ok], any: [ok] }), '/rules/0/when/any'],
    ['empty all', policyOf({ all: [] }), '/rules/0/when/all'],
    ['empty any, nested', policyOf({ all: [ok, { any: [] }] }), '/rules/0/when/all/1/any'],
    ['all not an array', policyOf({ all: ok }), '/rules/0/when/all'],
    ['not with an array', policyOf({ not: [ok] }), '/rules/0/when/not'],
    ['non-object child', policyOf({ any: [ok, 'phd'] }), '/rules/0/when/any/1'],
    ['nine levels deep', policyOf(nest(9)), '/rules/0/when/all/0/not/not/any/0/all/0/not/not/any/0'],
    [
      '__proto__ on a leaf',
      JSON.parse(
        `{"rules":[{"name":"r","waive":true,"when":{"field":"degree","op":"eq","value":"phd","__proto__":{"x":1}}}]}`,
      ),
      '/rules/0/when/__proto__',
    ],
    ['__proto__ at the root', JSON.parse('{"rules":[],"__proto__":{"polluted":true}}'), '/__proto__'],
    ['constructor on a rule', { rules: [{ ...rule(ok), constructor: {} }] }, '/rules/0/constructor'],
    ['prototype key on a node', policyOf({ not: ok, prototype: {} }), '/rules/0/when/prototype'],
    [
      'the third rule, deep inside',
      policyOf(ok, ok, { all: [leaf('degree', 'near', 'phd'), ok] }),
      '/rules/2/when/all/0/op',
    ],
  ];

  it.each(invalid)('rejects %s', (_name, input, pointer) => {
    const error = validationError(input);
    expect(error.code).toBe(CommonErrorCode.ValidationFailed);
    expect(error.details?.[0].field).toBe(pointer);
    expect(error.details?.[0].messages.length).toBeGreaterThan(0);
  });

  it('has a broad table of invalid policies', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(15);
  });

  it('collects every problem, in document order', () => {
    const error = validationError({
      rules: [
        { name: 'a', when: leaf('degree', 'eq', 'doctor'), waive: true },
        { name: 'a', when: { all: [leaf('city', 'gte', 'x'), leaf('colour', 'eq', 'red')] }, waive: 'yes' },
      ],
    });
    expect(error.details?.map((detail) => detail.field)).toEqual([
      '/rules/0/when/value',
      '/rules/1/name',
      '/rules/1/waive',
      '/rules/1/when/all/0/op',
      '/rules/1/when/all/1/field',
    ]);
  });

  it('explains the problem in the message', () => {
    const error = validationError(policyOf(leaf('city', 'gte', 'Beijing')));
    expect(error.details).toEqual([
      { field: '/rules/0/when/op', messages: ['op gte is not supported for city (use eq, in)'] },
    ]);
  });

  it('does not let __proto__ reach Object.prototype', () => {
    validationError(
      JSON.parse('{"rules":[{"name":"r","waive":true,"when":{"__proto__":{"polluted":true}}}]}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores inherited properties', () => {
    const inherited = Object.create({ field: 'degree', op: 'eq', value: 'phd' }) as object;
    expect(validationError(policyOf(inherited)).details?.[0].field).toBe('/rules/0/when');
  });

  it('returns a clean, trimmed copy', () => {
    const input = {
      rules: [
        {
          name: ' Top venues ',
          when: { any: [leaf('publications.venue', 'in', [' ACL 2024 '])] },
          waive: true,
        },
      ],
    };
    expect(validateWaiverPolicy(input)).toEqual({
      rules: [
        { name: 'Top venues', when: { any: [leaf('publications.venue', 'in', ['ACL 2024'])] }, waive: true },
      ],
    });
  });
});

describe('describeCondition', () => {
  const cases: [unknown, string][] = [
    [
      { all: [leaf('degree', 'eq', 'phd'), leaf('publications.count', 'gte', 2)] },
      'degree is phd and at least 2 publications',
    ],
    [leaf('degree', 'in', ['master', 'phd']), 'degree is master or phd'],
    [leaf('degree', 'gte', 'master'), 'degree is master or higher'],
    [leaf('degree', 'lte', 'bachelor'), 'degree is bachelor or lower'],
    [leaf('yearsOfExperience', 'gte', 1), 'at least 1 year of experience'],
    [leaf('yearsOfExperience', 'lte', 5), 'at most 5 years of experience'],
    [leaf('awards.count', 'eq', 0), 'exactly 0 awards'],
    [leaf('specialties', 'contains', 'nlp'), 'specialties include nlp'],
    [leaf('specialties', 'in', ['nlp', 'cv', 'speech']), 'specialties include nlp, cv or speech'],
    [leaf('city', 'in', ['Beijing', 'Shanghai']), 'city is Beijing or Shanghai'],
    [leaf('publications.venue', 'contains', 'ACL'), 'a publication at ACL'],
    [leaf('publications.venue', 'in', ['ACL 2024']), 'a publication whose venue is ACL 2024'],
    [leaf('awards.rank', 'lte', 1), 'an award ranked 1st'],
    [leaf('awards.rank', 'lte', 3), 'an award ranked 3rd or better'],
    [leaf('awards.rank', 'eq', 12), 'best award ranked 12th'],
    [leaf('awards.rank', 'gte', 22), 'best award ranked 22nd or lower'],
    [leaf('referralCode', 'exists', true), 'has a referral code'],
    [{ not: leaf('githubUrl', 'exists', true) }, 'has no GitHub URL'],
    [leaf('referralCode', 'eq', 'CAMPUS'), 'referral code is CAMPUS'],
    [{ not: leaf('city', 'eq', 'Beijing') }, 'not (city is Beijing)'],
    [
      {
        any: [
          { all: [leaf('degree', 'eq', 'phd'), leaf('publications.venue', 'contains', 'ACL')] },
          leaf('awards.rank', 'lte', 2),
        ],
      },
      '(degree is phd and a publication at ACL) or an award ranked 2nd or better',
    ],
    [{ all: [{ any: [leaf('city', 'eq', 'Xi’an')] }] }, 'city is Xi’an'],
  ];

  it.each(cases)('describes %j', (condition, text) => {
    expect(describeCondition(condition as Condition)).toBe(text);
  });
});
