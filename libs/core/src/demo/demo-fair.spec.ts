import { RegistrationFacts, evaluateWaiverPolicy, validateWaiverPolicy } from '../waivers/waiver-condition';
import { DEMO_WAIVER_RULES } from './demo-fair';

const phd = (venue: string): RegistrationFacts => ({
  degree: 'phd',
  yearsOfExperience: 2,
  specialties: ['nlp'],
  city: 'Beijing',
  publications: [{ title: 'Parsing', venue, year: 2024 }],
  awards: [],
});

describe('the demo fair’s waiver policy', () => {
  const policy = validateWaiverPolicy({ rules: DEMO_WAIVER_RULES });

  it.each(['ACL 2024', 'Findings of ACL', 'acl', 'NAACL 2025', 'Proceedings of CVPR 2024', 'NeurIPS'])(
    'fast-tracks a PhD with a paper at "%s"',
    (venue) => expect(evaluateWaiverPolicy(policy, phd(venue))).toEqual({ rule: 'phd-top-venue' }),
  );

  it.each(['ACLU Journal', 'Workshop on NLP', ''])('does not fast-track a PhD whose venue is "%s"', (venue) =>
    expect(evaluateWaiverPolicy(policy, phd(venue))).toEqual({ rule: null }),
  );

  it('asks for the degree as well as the venue', () =>
    expect(evaluateWaiverPolicy(policy, { ...phd('ACL 2024'), degree: 'master' })).toEqual({ rule: null }));
});
