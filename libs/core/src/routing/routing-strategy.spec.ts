import { CommonErrorCode, ValidationError } from '../common/domain-error';
import {
  ROUTING_LIMITS,
  RoundRobinState,
  RoutingDecision,
  RoutingRule,
  RoutingStrategy,
  UnitLoad,
  chooseUnit,
  validateRoutingRules,
} from './routing-strategy';

const UNIT_A = '0a000000-0000-4000-8000-000000000001';
const UNIT_B = '0b000000-0000-4000-8000-000000000002';
const UNIT_C = '0c000000-0000-4000-8000-000000000003';

function rule(specialty: string, businessUnitId: string, weight = 1): RoutingRule {
  return { specialty, businessUnitId, weight };
}

function load(businessUnitId: string, openReviews = 0, maxOpenReviews: number | null = null): UnitLoad {
  return { businessUnitId, openReviews, maxOpenReviews };
}

function loadsOf(...units: UnitLoad[]): Map<string, UnitLoad> {
  return new Map(units.map((unit) => [unit.businessUnitId, { ...unit }]));
}

/** Routes `count` candidates one after another, as the service would, persisting state as JSON. */
function simulate(
  strategy: RoutingStrategy,
  rules: RoutingRule[],
  loads: Map<string, UnitLoad>,
  count: number,
  candidateSpecialties = ['nlp'],
): Record<string, number> {
  let roundRobinState: RoundRobinState = {};
  const routed: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const decision = chooseUnit({ strategy, rules, candidateSpecialties, loads, roundRobinState });
    if (decision.businessUnitId === null) throw new Error(decision.reason);
    routed[decision.businessUnitId] = (routed[decision.businessUnitId] ?? 0) + 1;
    loads.get(decision.businessUnitId)!.openReviews += 1;
    roundRobinState = JSON.parse(JSON.stringify(decision.roundRobinState)) as RoundRobinState;
  }
  return routed;
}

function unitOf(decision: RoutingDecision): string | null {
  return decision.businessUnitId;
}

describe('chooseUnit — least_loaded', () => {
  const rules = [rule('nlp', UNIT_A), rule('nlp', UNIT_B), rule('nlp', UNIT_C)];

  it('spreads 300 candidates over 3 units evenly', () => {
    const loads = loadsOf(load(UNIT_A), load(UNIT_B), load(UNIT_C));
    simulate('least_loaded', rules, loads, 300);
    const open = [...loads.values()].map((unit) => unit.openReviews);
    expect(Math.max(...open) - Math.min(...open)).toBeLessThanOrEqual(1);
    expect(open.reduce((a, b) => a + b)).toBe(300);
  });

  it('evens out units that start unevenly loaded', () => {
    const loads = loadsOf(load(UNIT_A, 20), load(UNIT_B, 0), load(UNIT_C, 11));
    const routed = simulate('least_loaded', rules, loads, 300);
    const open = [...loads.values()].map((unit) => unit.openReviews);
    expect(Math.max(...open) - Math.min(...open)).toBeLessThanOrEqual(1);
    expect(routed[UNIT_B]).toBeGreaterThan(routed[UNIT_A]);
  });

  it('breaks ties by higher weight, then by unit id', () => {
    const loads = loadsOf(load(UNIT_A, 4), load(UNIT_B, 4), load(UNIT_C, 4));
    const weighted = [rule('nlp', UNIT_C, 1), rule('nlp', UNIT_B, 9), rule('nlp', UNIT_A, 9)];
    const decide = (r: RoutingRule[]) =>
      unitOf(chooseUnit({ strategy: 'least_loaded', rules: r, candidateSpecialties: ['nlp'], loads }));
    expect(decide(weighted)).toBe(UNIT_A);
    expect(decide([rule('nlp', UNIT_C, 10), ...weighted])).toBe(UNIT_C);
    expect(decide([rule('nlp', UNIT_C), rule('nlp', UNIT_B)])).toBe(UNIT_B);
  });

  it('prefers the least loaded unit over a heavier weight', () => {
    const loads = loadsOf(load(UNIT_A, 5), load(UNIT_B, 4));
    const decision = chooseUnit({
      strategy: 'least_loaded',
      rules: [rule('nlp', UNIT_A, 100), rule('nlp', UNIT_B, 1)],
      candidateSpecialties: ['nlp'],
      loads,
    });
    expect(decision).toEqual({ businessUnitId: UNIT_B, specialty: 'nlp', roundRobinState: {} });
  });

  it('skips units at their open-review limit', () => {
    const loads = loadsOf(load(UNIT_A, 2, 2), load(UNIT_B, 9, null), load(UNIT_C, 0, 0));
    const decision = chooseUnit({ strategy: 'least_loaded', rules, candidateSpecialties: ['nlp'], loads });
    expect(unitOf(decision)).toBe(UNIT_B);
  });

  it('stops routing to a unit once it reaches its limit', () => {
    const loads = loadsOf(load(UNIT_A, 0, 5), load(UNIT_B, 0, null));
    const routed = simulate('least_loaded', [rule('nlp', UNIT_A), rule('nlp', UNIT_B)], loads, 30);
    expect(routed).toEqual({ [UNIT_A]: 5, [UNIT_B]: 25 });
  });

  it('accepts loads as a plain record', () => {
    const decision = chooseUnit({
      strategy: 'least_loaded',
      rules,
      candidateSpecialties: ['nlp'],
      loads: { [UNIT_A]: load(UNIT_A, 3), [UNIT_B]: load(UNIT_B, 1), [UNIT_C]: load(UNIT_C, 2) },
    });
    expect(unitOf(decision)).toBe(UNIT_B);
  });
});

describe('chooseUnit — weighted', () => {
  it('gives a 3:1 split exactly over 400 candidates', () => {
    const loads = loadsOf(load(UNIT_A), load(UNIT_B));
    const routed = simulate('weighted', [rule('nlp', UNIT_A, 3), rule('nlp', UNIT_B, 1)], loads, 400);
    expect(routed).toEqual({ [UNIT_A]: 300, [UNIT_B]: 100 });
  });

  it('gives 5:3:2 exactly over 1000 candidates', () => {
    const loads = loadsOf(load(UNIT_A), load(UNIT_B), load(UNIT_C));
    const rules = [rule('nlp', UNIT_A, 5), rule('nlp', UNIT_B, 3), rule('nlp', UNIT_C, 2)];
    expect(simulate('weighted', rules, loads, 1000)).toEqual({ [UNIT_A]: 500, [UNIT_B]: 300, [UNIT_C]: 200 });
  });

  it('interleaves picks smoothly and deterministically', () => {
    const rules = [rule('nlp', UNIT_B, 1), rule('nlp', UNIT_A, 3)];
    const loads = loadsOf(load(UNIT_A), load(UNIT_B));
    let roundRobinState: RoundRobinState = {};
    const picks: (string | null)[] = [];
    for (let i = 0; i < 8; i++) {
      const decision = chooseUnit({
        strategy: 'weighted',
        rules,
        candidateSpecialties: ['nlp'],
        loads,
        roundRobinState,
      });
      picks.push(unitOf(decision));
      roundRobinState = decision.roundRobinState;
    }
    expect(picks).toEqual([UNIT_A, UNIT_A, UNIT_B, UNIT_A, UNIT_A, UNIT_A, UNIT_B, UNIT_A]);
    expect(roundRobinState).toEqual({ nlp: { [UNIT_A]: 0, [UNIT_B]: 0 } });
  });

  it('returns the new state without mutating the old one', () => {
    const previous: RoundRobinState = { nlp: { [UNIT_A]: -1, [UNIT_B]: 1 }, robotics: { [UNIT_C]: 7 } };
    const snapshot = structuredClone(previous);
    const decision = chooseUnit({
      strategy: 'weighted',
      rules: [rule('nlp', UNIT_A, 3), rule('nlp', UNIT_B, 1)],
      candidateSpecialties: ['nlp'],
      loads: loadsOf(load(UNIT_A), load(UNIT_B)),
      roundRobinState: previous,
    });
    expect(previous).toEqual(snapshot);
    expect(decision).toEqual({
      businessUnitId: UNIT_A,
      specialty: 'nlp',
      roundRobinState: { nlp: { [UNIT_A]: -2, [UNIT_B]: 2 }, robotics: { [UNIT_C]: 7 } },
    });
  });

  it('sends everything to the other unit while one is full, keeping the full one’s state', () => {
    const rules = [rule('nlp', UNIT_A, 3), rule('nlp', UNIT_B, 1)];
    const loads = loadsOf(load(UNIT_A, 10, 10), load(UNIT_B));
    const decision = chooseUnit({
      strategy: 'weighted',
      rules,
      candidateSpecialties: ['nlp'],
      loads,
      roundRobinState: { nlp: { [UNIT_A]: 2, [UNIT_B]: -2 } },
    });
    expect(decision).toMatchObject({
      businessUnitId: UNIT_B,
      roundRobinState: { nlp: { [UNIT_A]: 2, [UNIT_B]: -2 } },
    });
    expect(simulate('weighted', rules, loads, 10)).toEqual({ [UNIT_B]: 10 });
  });

  it('drops removed units from the state and tolerates a corrupt one', () => {
    const decision = chooseUnit({
      strategy: 'weighted',
      rules: [rule('nlp', UNIT_B, 2)],
      candidateSpecialties: ['nlp'],
      loads: loadsOf(load(UNIT_B)),
      roundRobinState: { nlp: { [UNIT_A]: 5, [UNIT_B]: 'x' as unknown as number } },
    });
    expect(decision.roundRobinState).toEqual({ nlp: { [UNIT_B]: 0 } });
  });

  it('keeps a separate rotation per specialty', () => {
    const rules = [rule('nlp', UNIT_A), rule('nlp', UNIT_B), rule('cv', UNIT_A), rule('cv', UNIT_B)];
    const loads = loadsOf(load(UNIT_A), load(UNIT_B));
    const first = chooseUnit({ strategy: 'weighted', rules, candidateSpecialties: ['nlp'], loads });
    const second = chooseUnit({
      strategy: 'weighted',
      rules,
      candidateSpecialties: ['cv'],
      loads,
      roundRobinState: first.roundRobinState,
    });
    expect([unitOf(first), unitOf(second)]).toEqual([UNIT_A, UNIT_A]);
    expect(Object.keys(second.roundRobinState).sort()).toEqual(['cv', 'nlp']);
  });
});

describe('chooseUnit — specialties and unrouted candidates', () => {
  const rules = [rule('nlp', UNIT_A), rule('robotics', UNIT_B), rule('robotics', UNIT_C)];

  it.each<RoutingStrategy>(['least_loaded', 'weighted'])(
    'tries specialties in the candidate’s order (%s)',
    (strategy) => {
      const loads = loadsOf(load(UNIT_A), load(UNIT_B, 50), load(UNIT_C, 50));
      expect(chooseUnit({ strategy, rules, candidateSpecialties: ['robotics', 'nlp'], loads })).toMatchObject(
        {
          businessUnitId: UNIT_B,
          specialty: 'robotics',
        },
      );
      expect(chooseUnit({ strategy, rules, candidateSpecialties: ['nlp', 'robotics'], loads })).toMatchObject(
        {
          businessUnitId: UNIT_A,
          specialty: 'nlp',
        },
      );
    },
  );

  it.each<RoutingStrategy>(['least_loaded', 'weighted'])(
    'falls back to the next specialty when full (%s)',
    (strategy) => {
      const loads = loadsOf(load(UNIT_A), load(UNIT_B, 3, 3), load(UNIT_C, 1, 1));
      expect(
        chooseUnit({ strategy, rules, candidateSpecialties: ['vision', 'robotics', 'nlp'], loads }),
      ).toMatchObject({
        businessUnitId: UNIT_A,
        specialty: 'nlp',
      });
    },
  );

  const unrouted: [string, string[], UnitLoad[], string][] = [
    [
      'no rule for any specialty',
      ['vision', 'speech'],
      [load(UNIT_A)],
      'no routing rule for specialties vision, speech',
    ],
    ['no rule for the one specialty', ['vision'], [load(UNIT_A)], 'no routing rule for specialty vision'],
    [
      'every unit full',
      ['robotics'],
      [load(UNIT_B, 3, 3), load(UNIT_C, 0, 0)],
      'every unit for robotics is at its open-review limit',
    ],
    [
      'full and unruled specialties',
      ['robotics', 'vision', 'nlp'],
      [load(UNIT_A, 1, 1), load(UNIT_B, 3, 3), load(UNIT_C, 5, 5)],
      'every unit for robotics is at its open-review limit; every unit for nlp is at its open-review limit; no routing rule for specialty vision',
    ],
    ['a unit not taking part', ['nlp'], [load(UNIT_B)], 'no unit for nlp is available'],
    [
      'the units taking part are full',
      ['robotics'],
      [load(UNIT_B, 1, 1)],
      'every available unit for robotics is at its open-review limit',
    ],
    ['no specialties at all', [], [load(UNIT_A)], 'the candidate has no specialties'],
  ];

  it.each(unrouted)('explains why it cannot route: %s', (_name, candidateSpecialties, units, reason) => {
    for (const strategy of ['least_loaded', 'weighted'] as const) {
      const roundRobinState = { robotics: { [UNIT_B]: 1 } };
      const decision = chooseUnit({
        strategy,
        rules,
        candidateSpecialties,
        loads: loadsOf(...units),
        roundRobinState,
      });
      expect(decision).toEqual({ businessUnitId: null, reason, roundRobinState });
    }
  });

  it('does not look up prototype properties as loads', () => {
    const decision = chooseUnit({
      strategy: 'least_loaded',
      rules: [rule('nlp', 'toString')],
      candidateSpecialties: ['nlp'],
      loads: {},
    });
    expect(decision).toMatchObject({ businessUnitId: null, reason: 'no unit for nlp is available' });
  });
});

describe('validateRoutingRules', () => {
  function validationError(input: unknown): ValidationError {
    try {
      validateRoutingRules(input);
    } catch (error) {
      if (error instanceof ValidationError) return error;
      throw error;
    }
    throw new Error('expected the routing rules to be rejected');
  }

  const ok = { specialty: 'nlp', businessUnitId: UNIT_A, weight: 1 };
  const withRules = (...rules: unknown[]) => ({ strategy: 'weighted', rules });

  it('returns a clean copy', () => {
    expect(
      validateRoutingRules({
        strategy: 'least_loaded',
        rules: [{ specialty: ' nlp ', businessUnitId: UNIT_B.toUpperCase(), weight: 100 }],
      }),
    ).toEqual({
      strategy: 'least_loaded',
      rules: [{ specialty: 'nlp', businessUnitId: UNIT_B, weight: 100 }],
    });
  });

  it('accepts no rules (every candidate stays unrouted) and 200 rules', () => {
    expect(validateRoutingRules(withRules())).toEqual({ strategy: 'weighted', rules: [] });
    const many = Array.from({ length: ROUTING_LIMITS.maxRules }, (_, i) => ({ ...ok, specialty: `s${i}` }));
    expect(validateRoutingRules(withRules(...many)).rules).toHaveLength(200);
  });

  const invalid: [string, unknown, string][] = [
    ['not an object', 'weighted', ''],
    ['unknown key', { ...withRules(ok), version: 1 }, '/version'],
    ['missing strategy', { rules: [ok] }, '/strategy'],
    ['unknown strategy', { strategy: 'random', rules: [ok] }, '/strategy'],
    ['rules not an array', { strategy: 'weighted', rules: ok }, '/rules'],
    [
      'too many rules',
      withRules(...Array.from({ length: 201 }, (_, i) => ({ ...ok, specialty: `s${i}` }))),
      '/rules',
    ],
    ['rule not an object', withRules(ok, null), '/rules/1'],
    ['extra key on a rule', withRules({ ...ok, priority: 2 }), '/rules/0/priority'],
    ['blank specialty', withRules({ ...ok, specialty: '  ' }), '/rules/0/specialty'],
    ['__proto__ as a specialty', withRules({ ...ok, specialty: '__proto__' }), '/rules/0/specialty'],
    ['unit id not a UUID', withRules({ ...ok, businessUnitId: 'unit-a' }), '/rules/0/businessUnitId'],
    ['weight 0', withRules({ ...ok, weight: 0 }), '/rules/0/weight'],
    ['weight 101', withRules({ ...ok, weight: 101 }), '/rules/0/weight'],
    ['fractional weight', withRules({ ...ok, weight: 1.5 }), '/rules/0/weight'],
    ['weight as a string', withRules({ ...ok, weight: '5' }), '/rules/0/weight'],
    ['missing weight', withRules({ specialty: 'nlp', businessUnitId: UNIT_A }), '/rules/0/weight'],
    [
      'duplicate specialty and unit',
      withRules(ok, { ...ok, businessUnitId: UNIT_A.toUpperCase(), weight: 5 }),
      '/rules/1',
    ],
    [
      '__proto__ key on a rule',
      JSON.parse(
        `{"strategy":"weighted","rules":[{"specialty":"nlp","businessUnitId":"${UNIT_A}","weight":1,"__proto__":{"x":1}}]}`,
      ),
      '/rules/0/__proto__',
    ],
  ];

  it.each(invalid)('rejects %s', (_name, input, pointer) => {
    const error = validationError(input);
    expect(error.code).toBe(CommonErrorCode.ValidationFailed);
    expect(error.details?.[0].field).toBe(pointer);
  });

  it('collects every problem', () => {
    const error = validationError({
      strategy: 'fastest',
      rules: [ok, { specialty: '', businessUnitId: UNIT_B, weight: 0 }, ok],
    });
    expect(error.details).toEqual([
      { field: '/strategy', messages: ['strategy must be one of least_loaded, weighted'] },
      {
        field: '/rules/1/specialty',
        messages: ['specialty must be a non-empty string of at most 100 characters'],
      },
      { field: '/rules/1/weight', messages: ['weight must be a whole number from 1 to 100'] },
      { field: '/rules/2', messages: [`specialty nlp already routes to unit ${UNIT_A} in /rules/0`] },
    ]);
  });
});
