import { randomUUID } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';

export const PLATFORM_ADMIN = { email: 'platform@hirefair.test', password: 'platform-password' };
export const PASSWORD = 'correct-horse-battery';

export const unique = (prefix = 'x'): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

export async function login(http: TestAgent, email: string, password = PASSWORD): Promise<string> {
  const res = await http.post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

export interface TestOrganization {
  id: string;
  slug: string;
  adminEmail: string;
  adminToken: string;
  /** Creates a user of this organization and returns its id and access token. */
  user(
    roles: string[],
    extra?: { businessUnitIds?: string[]; specialties?: string[] },
  ): Promise<{ id: string; email: string; token: string }>;
  /** Creates a business unit and returns it. */
  unit(overrides?: Record<string, unknown>): Promise<{ id: string; code: string; [k: string]: unknown }>;
}

/** A fresh organization (with its org_admin) created through the API by the platform admin. */
export async function createOrganization(http: TestAgent): Promise<TestOrganization> {
  const platformToken = await login(http, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  const slug = unique('org');
  const adminEmail = `${slug}-admin@example.com`;
  const res = await http
    .post('/api/v1/organizations')
    .set(bearer(platformToken))
    .send({ name: `Org ${slug}`, slug, admin: { email: adminEmail, name: 'Admin', password: PASSWORD } });
  if (res.status !== 201)
    throw new Error(`create organization failed: ${res.status} ${JSON.stringify(res.body)}`);
  const adminToken = await login(http, adminEmail);
  return {
    id: res.body.id,
    slug,
    adminEmail,
    adminToken,
    async user(roles, extra = {}) {
      const email = `${unique(roles.join('-'))}@${slug}.example.com`;
      const created = await http
        .post('/api/v1/users')
        .set(bearer(adminToken))
        .send({ email, name: `User ${email}`, password: PASSWORD, roles, ...extra });
      if (created.status !== 201)
        throw new Error(`create user failed: ${created.status} ${JSON.stringify(created.body)}`);
      return { id: created.body.id, email, token: await login(http, email) };
    },
    async unit(overrides = {}) {
      const code = unique('U').replace('-', '').slice(0, 12).toUpperCase();
      const created = await http
        .post('/api/v1/business-units')
        .set(bearer(adminToken))
        .send({
          name: `Unit ${code}`,
          code,
          specialties: ['nlp'],
          reviewSlaHours: 48,
          dailyInterviewCapacity: 4,
          scorecard: [{ criterion: 'research', description: 'Research depth' }],
          ...overrides,
        });
      if (created.status !== 201)
        throw new Error(`create unit failed: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body;
    },
  };
}
