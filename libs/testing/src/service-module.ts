import { Abstract, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppConfigModule, loadConfig } from '@hirefair/config';
import {
  BusinessUnit,
  BusinessUnitInput,
  BusinessUnitsService,
  CoreModule,
  EventInput,
  EventTransition,
  EventsService,
  EventWithSeats,
  OrganizationsService,
  RegistrationBatchService,
  RegistrationInput,
  RegistrationsService,
  Role,
  StaffActor,
  SYSTEM_ACTOR,
  UsersService,
} from '@hirefair/core';
import { DatabaseModule } from '@hirefair/database';
import { QueueModule } from '@hirefair/queue';
import { eventBody, registrationBody } from './events';
import { PASSWORD, unique } from './factories';

/**
 * The library's services on this worker's test database and Redis, built with Nest's testing
 * module: no HTTP, no workers. Service specs call the services and read the rows they wrote.
 */
export interface ServiceModule {
  module: TestingModule;
  db: DataSource;
  get<T>(type: Type<T> | Abstract<T>): T;
  close(): Promise<void>;
}

export async function createServiceModule(env: Record<string, string> = {}): Promise<ServiceModule> {
  const config = loadConfig({ ...process.env, WORKERS: 'off', ...env });
  const module = await Test.createTestingModule({
    imports: [AppConfigModule.forRoot(config), DatabaseModule.forRoot(), QueueModule, CoreModule],
  }).compile();
  await module.init();
  return {
    module,
    db: module.get(DataSource),
    get: (type) => module.get(type, { strict: false }),
    close: () => module.close(),
  };
}

/** A spec's module and organization: made before its tests, closed after them (call inside `describe`). */
export interface ServiceSpec {
  s: ServiceModule;
  organizationId: string;
  /** The organization's admin (org_admin and recruiter). */
  admin: StaffActor;
}

export function serviceSpec(): ServiceSpec {
  const spec = {} as ServiceSpec;
  beforeAll(async () => {
    spec.s = await createServiceModule();
    Object.assign(spec, await serviceOrganization(spec.s));
  });
  afterAll(() => spec.s?.close());
  return spec;
}

/** A staff member as the guards make one. */
export function staffActor(
  userId: string,
  organizationId: string,
  roles: Role[],
  businessUnitIds: string[] = [],
): StaffActor {
  return { kind: 'staff', userId, organizationId, roles, businessUnitIds };
}

/** A fresh organization with its admin (org_admin and recruiter), made by the platform. */
export async function serviceOrganization(
  s: ServiceModule,
): Promise<{ organizationId: string; admin: StaffActor }> {
  const { organization, admin } = await s.get(OrganizationsService).create(SYSTEM_ACTOR, {
    name: 'Spec Org',
    slug: unique('spec-org'),
    admin: { email: `${unique('admin')}@example.com`, name: 'Admin', password: PASSWORD },
  });
  return {
    organizationId: organization.id,
    admin: staffActor(admin.id, organization.id, [Role.OrgAdmin, Role.Recruiter]),
  };
}

/** A user of the admin's organization, as an actor. */
export async function serviceUser(
  s: ServiceModule,
  admin: StaffActor,
  roles: Role[],
  businessUnitIds: string[] = [],
): Promise<StaffActor> {
  const user = await s.get(UsersService).create(admin, {
    email: `${unique(roles.join('-'))}@example.com`,
    name: 'Spec User',
    password: PASSWORD,
    roles,
    businessUnitIds,
  });
  return staffActor(user.id, admin.organizationId as string, roles, businessUnitIds);
}

/** A business unit of the actor's organization: NLP, a 24 h review SLA, a one-criterion scorecard. */
export function serviceUnit(
  s: ServiceModule,
  actor: StaffActor,
  overrides: Partial<BusinessUnitInput> = {},
): Promise<BusinessUnit> {
  const code = unique('U').replace('-', '').slice(0, 12).toUpperCase();
  return s.get(BusinessUnitsService).create(actor, {
    name: `Unit ${code}`,
    code,
    specialties: ['nlp'],
    reviewSlaHours: 24,
    dailyInterviewCapacity: 4,
    scorecard: [{ criterion: 'research', description: 'Research depth' }],
    ...overrides,
  });
}

/** An event of the admin's organization (eventBody's defaults), published unless `publish` is false. */
export async function serviceEvent(
  s: ServiceModule,
  admin: StaffActor,
  overrides: Record<string, unknown> = {},
  { publish = true } = {},
): Promise<EventWithSeats> {
  const events = s.get(EventsService);
  const created = await events.create(admin, eventBody(overrides) as unknown as EventInput);
  return publish
    ? events.transition(admin, created.id, EventTransition.Publish)
    : events.get(admin, created.id);
}

/** Registers online (as POST /public/events/:slug/registrations does) and answers the candidate's actor. */
export async function serviceRegistration(
  s: ServiceModule,
  slug: string,
  overrides: Partial<RegistrationInput> = {},
) {
  const input = registrationBody(overrides) as unknown as RegistrationInput;
  const receipt = await s.get(RegistrationBatchService).register(slug, input);
  const candidate = await s.get(RegistrationsService).authenticate(receipt.candidateToken);
  if (!candidate) throw new Error('the new registration does not authenticate');
  return { ...receipt, candidate };
}
