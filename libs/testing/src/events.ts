import TestAgent from 'supertest/lib/agent';
import { TestOrganization, bearer, unique } from './factories';

const HOUR = 3600_000;

/** A valid event body: registration open now, fair in ten days. */
export function eventBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  return {
    title: 'AI Experts Fair',
    slug: unique('fair'),
    city: 'Beijing',
    venue: 'Hall 1',
    online: false,
    timezone: 'Asia/Shanghai',
    startsAt: new Date(now + 240 * HOUR).toISOString(),
    endsAt: new Date(now + 248 * HOUR).toISOString(),
    registrationOpensAt: new Date(now - HOUR).toISOString(),
    registrationClosesAt: new Date(now + 200 * HOUR).toISOString(),
    capacity: 100,
    specialties: ['nlp', 'computer_vision'],
    businessUnitIds: [],
    writtenTestPassScore: 60,
    interviewMinutes: 45,
    bufferMinutes: 15,
    ...overrides,
  };
}

/** Creates (and by default publishes) an event through the API; returns its body. */
export async function createEvent(
  http: TestAgent,
  org: TestOrganization,
  overrides: Record<string, unknown> = {},
  { publish = true } = {},
): Promise<{ id: string; slug: string; [k: string]: unknown }> {
  const created = await http.post('/api/v1/events').set(bearer(org.adminToken)).send(eventBody(overrides));
  if (created.status !== 201)
    throw new Error(`create event failed: ${created.status} ${JSON.stringify(created.body)}`);
  if (!publish) return created.body;
  const published = await http.post(`/api/v1/events/${created.body.id}/publish`).set(bearer(org.adminToken));
  if (published.status !== 200)
    throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body;
}

/**
 * Puts an event's waiver policy and routing rules (`{strategy, rules}`), the set-up every
 * fast-track spec needs; throws unless both answer 200.
 */
export async function setPipeline(
  http: TestAgent,
  token: string,
  eventId: string,
  policy: object,
  routing: object,
): Promise<void> {
  for (const [path, body] of [
    ['waiver-policy', policy],
    ['routing-rules', routing],
  ] as const) {
    const res = await http.put(`/api/v1/events/${eventId}/${path}`).set(bearer(token)).send(body);
    if (res.status !== 200) throw new Error(`PUT ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Runs `task` over `items`, `width` at a time (many registrations without one connection each). */
export async function inBatches<T, R>(
  items: T[],
  width: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width)
    results.push(...(await Promise.all(items.slice(i, i + width).map(task))));
  return results;
}

/** A valid registration body for a fresh email. */
export function registrationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Test Candidate',
    email: `${unique('cand')}@example.com`,
    city: 'Beijing',
    specialties: ['nlp'],
    degree: 'master',
    yearsOfExperience: 4,
    consent: { privacyPolicyVersion: '2025-01', shareWithBusinessUnits: true },
    ...overrides,
  };
}

export const registrationsPath = (slug: string): string => `/api/v1/public/events/${slug}/registrations`;
