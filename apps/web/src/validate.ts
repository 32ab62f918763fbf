import { lang, t } from './i18n';

/** The registration form as typed: every input is a string until it is sent. */
export interface PublicationInput {
  title: string;
  venue: string;
  year: string;
}
export interface AwardInput {
  name: string;
  rank: string;
  year: string;
}
export interface RegistrationInput {
  name: string;
  email: string;
  phone: string;
  city: string;
  specialties: string[];
  degree: string;
  yearsOfExperience: string;
  publications: PublicationInput[];
  awards: AwardInput[];
  githubUrl: string;
  resumeUrl: string;
  referralCode: string;
  expectedMonthlySalaryCny: string;
  consent: boolean;
}

export const PRIVACY_POLICY_VERSION = '2025-01';
export const DEGREES = ['bachelor', 'master', 'phd', 'other'] as const;

const THIS_YEAR = new Date().getUTCFullYear();
// The same rules as apps/api/src/public/dto/registration.dto.ts, so that most mistakes never reach the server.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[0-9 ()-]{5,32}$/;
const INT = /^-?\d+$/;
const AMOUNT = /^\d+(\.\d{1,2})?$/;

export const validEmail = (value: string): boolean => EMAIL.test(value) && value.length <= 254;

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

type Errors = Record<string, string>;

function text(errors: Errors, field: string, value: string, max: number, required = true): void {
  if (!value.trim()) {
    if (required) errors[field] = t('v.required');
  } else if (value.length > max) errors[field] = t('v.tooLong', { max });
}

function int(errors: Errors, field: string, value: string, min: number, max: number, required = true): void {
  if (!value.trim()) {
    if (required) errors[field] = t('v.required');
    return;
  }
  const n = Number(value);
  if (!INT.test(value.trim()) || n < min || n > max) errors[field] = t('v.int', { min, max });
}

/** Field path (as the server names it in `details[].field`) → message. */
export function validateRegistration(input: RegistrationInput): Errors {
  const errors: Errors = {};
  text(errors, 'name', input.name, 200);
  if (!input.email.trim()) errors.email = t('v.required');
  else if (!EMAIL.test(input.email.trim()) || input.email.length > 254) errors.email = t('v.email');
  if (input.phone.trim() && !PHONE.test(input.phone.trim())) errors.phone = t('v.phone');
  text(errors, 'city', input.city, 100);
  if (input.specialties.length === 0) errors.specialties = t('v.specialties');
  else if (input.specialties.length > 20) errors.specialties = t('v.tooMany', { max: 20 });
  if (!DEGREES.includes(input.degree as (typeof DEGREES)[number])) errors.degree = t('v.required');
  int(errors, 'yearsOfExperience', input.yearsOfExperience, 0, 70);
  if (input.publications.length > 100) errors.publications = t('v.tooMany', { max: 100 });
  input.publications.forEach((p, i) => {
    text(errors, `publications.${i}.title`, p.title, 500);
    text(errors, `publications.${i}.venue`, p.venue, 200);
    int(errors, `publications.${i}.year`, p.year, 1950, THIS_YEAR + 1);
  });
  if (input.awards.length > 50) errors.awards = t('v.tooMany', { max: 50 });
  input.awards.forEach((a, i) => {
    text(errors, `awards.${i}.name`, a.name, 300);
    int(errors, `awards.${i}.rank`, a.rank, 1, 1000, false);
    int(errors, `awards.${i}.year`, a.year, 1950, THIS_YEAR + 1);
  });
  if (input.githubUrl.trim() && (!isUrl(input.githubUrl.trim()) || input.githubUrl.length > 500))
    errors.githubUrl = t('v.url');
  if (input.resumeUrl.trim() && (!isUrl(input.resumeUrl.trim()) || input.resumeUrl.length > 1000))
    errors.resumeUrl = t('v.url');
  text(errors, 'referralCode', input.referralCode, 64, false);
  const salary = input.expectedMonthlySalaryCny.trim();
  if (salary && (!AMOUNT.test(salary) || Number(salary) > 10_000_000))
    errors.expectedMonthlySalaryCny = t('v.salary');
  if (!input.consent) errors['consent.shareWithBusinessUnits'] = t('v.consent');
  return errors;
}

const optional = (value: string): string | undefined => (value.trim() ? value.trim() : undefined);

/** The request body of `POST /public/events/:slug/registrations`. */
export function registrationBody(input: RegistrationInput, locale: string): Record<string, unknown> {
  return {
    name: input.name.trim(),
    email: input.email.trim(),
    phone: optional(input.phone),
    city: input.city.trim(),
    specialties: input.specialties,
    degree: input.degree,
    yearsOfExperience: Number(input.yearsOfExperience),
    publications: input.publications.length
      ? input.publications.map((p) => ({
          title: p.title.trim(),
          venue: p.venue.trim(),
          year: Number(p.year),
        }))
      : undefined,
    awards: input.awards.length
      ? input.awards.map((a) => ({
          name: a.name.trim(),
          rank: a.rank.trim() ? Number(a.rank) : undefined,
          year: Number(a.year),
        }))
      : undefined,
    githubUrl: optional(input.githubUrl),
    resumeUrl: optional(input.resumeUrl),
    referralCode: optional(input.referralCode),
    expectedMonthlySalaryCny: optional(input.expectedMonthlySalaryCny)
      ? Number(input.expectedMonthlySalaryCny)
      : undefined,
    locale,
    consent: { privacyPolicyVersion: PRIVACY_POLICY_VERSION, shareWithBusinessUnits: input.consent },
  };
}

/** Server messages by field; a message for `consent` alone lands on its checkbox. */
export function serverErrors(details: { field: string; messages: string[] }[] | undefined): Errors {
  const errors: Errors = {};
  for (const d of details ?? []) {
    const field = d.field === 'consent' ? 'consent.shareWithBusinessUnits' : d.field;
    // The server writes its field messages in English: a Chinese page says so in Chinese instead.
    const messages = lang() === 'en' ? d.messages : [t('v.invalid')];
    errors[field] = [errors[field], ...messages].filter(Boolean).join(' ');
  }
  return errors;
}
