import { ValidationError } from '../common/domain-error';
import { readHeader, rowToBody } from './import-csv';

const REQUIRED =
  'name,email,city,specialties,degree,yearsOfExperience,consentPrivacyPolicyVersion,consentShareWithBusinessUnits';

describe('import CSV', () => {
  it('reads the header case-insensitively, with a BOM, in any order', () => {
    const file = Buffer.from(
      `\uFEFFEmail,NAME,city,specialties,degree,yearsofexperience,consentPrivacyPolicyVersion,consentShareWithBusinessUnits,Locale\r\nx`,
    );
    expect(readHeader(file)).toEqual([
      'email',
      'name',
      'city',
      'specialties',
      'degree',
      'yearsOfExperience',
      'consentPrivacyPolicyVersion',
      'consentShareWithBusinessUnits',
      'locale',
    ]);
  });

  it('names every header problem at once', () => {
    const header = `${REQUIRED.replace('email,', '')},shoeSize,city\n`;
    try {
      readHeader(Buffer.from(header));
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const messages = (error as ValidationError).details?.flatMap((d) => d.messages);
      expect(messages).toEqual([
        expect.stringMatching(/^unknown column "shoeSize"/),
        'missing required column "email"',
        'column "city" appears twice',
      ]);
    }
    expect(() => readHeader(Buffer.from(''))).toThrow('The file is empty');
  });

  it('turns a row into the registration body an online candidate would send', () => {
    const columns = [...REQUIRED.split(','), 'expectedMonthlySalaryCny', 'awards', 'phone'];
    const { body, details } = rowToBody(columns, [
      ' Li Wei ',
      'li@example.com',
      'Beijing',
      'nlp; deep_learning |robotics;',
      'phd',
      '6',
      '2025-01',
      'YES',
      '32000.5',
      '[{"name":"ICPC","rank":2,"year":2023}]',
      '',
    ]);
    expect(details).toEqual([]);
    expect(body).toEqual({
      name: 'Li Wei',
      email: 'li@example.com',
      city: 'Beijing',
      specialties: ['nlp', 'deep_learning', 'robotics'],
      degree: 'phd',
      yearsOfExperience: 6,
      expectedMonthlySalaryCny: 32000.5,
      awards: [{ name: 'ICPC', rank: 2, year: 2023 }],
      consent: { privacyPolicyVersion: '2025-01', shareWithBusinessUnits: true },
    });
  });

  it('passes unconvertible cells on as text and reports bad JSON and a wrong cell count', () => {
    const columns = [...REQUIRED.split(','), 'publications'];
    const { body, details } = rowToBody(columns, ['a', 'b', 'c', 'd', 'e', 'five', 'v', 'maybe', '[{']);
    expect(body).toMatchObject({ yearsOfExperience: 'five', consent: { shareWithBusinessUnits: 'maybe' } });
    expect(body).not.toHaveProperty('publications');
    expect(details).toEqual([
      { field: 'publications', messages: [expect.stringMatching(/^publications must be a JSON array/)] },
    ]);
    expect(rowToBody(columns, ['a']).details[0]).toEqual({
      field: 'row',
      messages: ['the row has 1 cell; the header has 9'],
    });
  });
});
