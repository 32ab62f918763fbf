import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestApp, createTestApp, eventBody, unique } from '@hirefair/testing';
import { AuditEntry } from '../audit/audit-entry.entity';
import { BusinessUnitsService } from '../business-units/business-units.service';
import { Role, StaffActor, SYSTEM_ACTOR } from '../common/actor';
import { OrganizationsService } from '../organizations/organizations.service';
import { RoutingConfigService } from '../routing/routing-config.service';
import { EventStatus, EventTransition } from './event-state';
import { EventInput, EventsService } from './events.service';

/** The events' and routing rules' decisions, on the real database, without HTTP. */
describe('EventsService and RoutingConfigService', () => {
  let t: TestApp;
  let events: EventsService;
  let recruiter: StaffActor;
  let units: BusinessUnitsService;

  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off' });
    events = t.app.get(EventsService);
    units = t.app.get(BusinessUnitsService);
    const { organization, admin } = await t.app.get(OrganizationsService).create(SYSTEM_ACTOR, {
      name: 'Spec Org',
      slug: unique('spec-org'),
      admin: { email: `${unique('admin')}@example.com`, name: 'Admin', password: 'correct-horse-battery' },
    });
    recruiter = {
      kind: 'staff',
      userId: admin.id,
      organizationId: organization.id,
      roles: [Role.OrgAdmin, Role.Recruiter],
      businessUnitIds: [],
    };
  });
  afterAll(() => t.close());

  const newEvent = (overrides: Record<string, unknown> = {}) =>
    events.create(recruiter, eventBody(overrides) as unknown as EventInput);

  it('walks an event through draft, published, closed and completed, and refuses the other moves', async () => {
    const event = await newEvent({ capacity: 5 });
    expect(event.status).toBe(EventStatus.Draft);
    await expect(events.transition(recruiter, event.id, EventTransition.Complete)).rejects.toMatchObject({
      code: 'INVALID_EVENT_TRANSITION',
    });
    const published = await events.transition(recruiter, event.id, EventTransition.Publish);
    expect(published).toMatchObject({ status: EventStatus.Published, seats: { capacity: 5, registered: 0 } });
    expect(published.publishedAt).toBeInstanceOf(Date);
    await events.transition(recruiter, event.id, EventTransition.Close);
    const completed = await events.transition(recruiter, event.id, EventTransition.Complete);
    expect(completed.status).toBe(EventStatus.Completed);
    expect(completed.completedAt).toBeInstanceOf(Date);
    await expect(events.update(recruiter, event.id, { city: 'Shanghai' })).rejects.toMatchObject({
      code: 'EVENT_NOT_EDITABLE',
    });
    await expect(events.transition(recruiter, event.id, EventTransition.Cancel)).rejects.toMatchObject({
      code: 'INVALID_EVENT_TRANSITION',
    });
    const audited = await t.app
      .get(DataSource)
      .getRepository(AuditEntry)
      .find({ where: { objectId: event.id }, order: { at: 'ASC' } });
    expect(audited.map((a) => a.action)).toEqual([
      'event.created',
      'event.publish',
      'event.close',
      'event.complete',
    ]);
  });

  it('resizes the seats with the capacity, and validates dates, zones, units and slugs together', async () => {
    const event = await newEvent({ capacity: 3 });
    const grown = await events.update(recruiter, event.id, { capacity: 10 });
    expect(grown.seats).toEqual({ capacity: 10, registered: 0, waitlisted: 0, withdrawn: 0 });
    await expect(
      newEvent({ timezone: 'Mars/Olympus', endsAt: '2020-01-01T00:00:00Z', businessUnitIds: [randomUUID()] }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(newEvent({ slug: event.slug })).rejects.toMatchObject({ code: 'EVENT_SLUG_TAKEN' });
  });

  it('accepts routing rules only for units of the organization that take part in the event', async () => {
    const routing = t.app.get(RoutingConfigService);
    const unitInput = { specialties: ['nlp'], reviewSlaHours: 24, dailyInterviewCapacity: 5 };
    const nlp = await units.create(recruiter, { ...unitInput, name: 'NLP', code: unique('NLP') });
    const cv = await units.create(recruiter, { ...unitInput, name: 'CV', code: unique('CV') });
    const event = await newEvent({ businessUnitIds: [nlp.id] });
    const rules = (businessUnitId: string) => ({
      strategy: 'least_loaded',
      rules: [{ specialty: 'nlp', businessUnitId, weight: 1 }],
    });
    await expect(routing.put(recruiter, event.id, rules(cv.id))).rejects.toMatchObject({
      code: 'BUSINESS_UNIT_NOT_IN_EVENT',
    });
    const stranger = '00000000-0000-4000-8000-000000000000';
    await expect(routing.put(recruiter, event.id, rules(stranger))).rejects.toMatchObject({
      code: 'UNKNOWN_BUSINESS_UNIT',
    });
    const saved = await routing.put(recruiter, event.id, rules(nlp.id));
    expect(saved).toMatchObject({ eventId: event.id, strategy: 'least_loaded' });
    expect(await routing.get(recruiter, event.id)).toEqual(saved);
  });
});
