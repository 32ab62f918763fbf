import { Injectable } from '@nestjs/common';
import { IANAZone } from 'luxon';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { ErrorDetail, NotFoundError, ValidationError } from '../common/domain-error';
import { Page, PageQuery, paginate } from '../common/pagination';
import { organizationOf } from '../common/tenancy';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { BusinessUnitsRepository } from '../business-units/business-units.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { EventSeatCounts, EventSeats } from './event-seats.port';
import { EventStatus, EventTransition, PUBLIC_EVENT_STATUSES, nextEventStatus } from './event-state';
import { HiringEvent } from './event.entity';
import { EventError, EventErrorCode } from './events.errors';
import { EventsRepository } from './events.repository';

export interface EventInput {
  title: string;
  slug: string;
  city: string;
  venue?: string | null;
  online?: boolean;
  timezone: string;
  locale?: string;
  startsAt: string | Date;
  endsAt: string | Date;
  registrationOpensAt: string | Date;
  registrationClosesAt: string | Date;
  capacity: number;
  specialties?: string[];
  businessUnitIds?: string[];
  writtenTestPassScore?: number | null;
  interviewMinutes?: number;
  bufferMinutes?: number;
  autoSchedule?: boolean;
}

/** One event as staff see it: with its seats. */
export type EventWithSeats = HiringEvent & { seats: EventSeatCounts & { capacity: number } };

/** A published (or later) event as the public pages see it. */
export interface PublicEventView {
  id: string;
  slug: string;
  title: string;
  organization: { name: string | null };
  city: string;
  venue: string | null;
  online: boolean;
  timezone: string;
  locale: string;
  startsAt: Date;
  endsAt: Date;
  registrationOpensAt: Date;
  registrationClosesAt: Date;
  status: EventStatus;
  registrationOpen: boolean;
  capacity: number;
  seatsLeft: number | null;
  specialties: string[];
  businessUnits: { name: string; specialties: string[] }[];
}

const EDITABLE = [EventStatus.Draft, EventStatus.Published, EventStatus.Closed];
const DATE_FIELDS = ['startsAt', 'endsAt', 'registrationOpensAt', 'registrationClosesAt'] as const;

/** Runs in the transaction that cancels an event. */
export type EventCancelHook = (
  manager: EntityManager,
  actor: StaffActor,
  event: HiringEvent,
) => Promise<unknown>;

@Injectable()
export class EventsService {
  private readonly cancelHooks: EventCancelHook[] = [];

  constructor(
    private readonly events: EventsRepository,
    private readonly audit: AuditService,
    private readonly seats: EventSeats,
    private readonly units: BusinessUnitsRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  async create(actor: StaffActor, input: EventInput): Promise<HiringEvent> {
    const organizationId = organizationOf(actor);
    return this.events.transaction(async (manager) => {
      const event = await this.insert(manager, organizationId, input);
      await this.audit.record(
        actor,
        { organizationId, action: 'event.created', objectType: 'event', objectId: event.id },
        manager,
      );
      return event;
    });
  }

  /** Also used by the demo seed, inside its transaction. */
  async insert(manager: EntityManager, organizationId: string, input: EventInput): Promise<HiringEvent> {
    const event = this.events.create({
      organizationId,
      ...input,
      ...this.dates(input),
      venue: input.venue ?? null,
      specialties: [...new Set(input.specialties ?? [])],
      businessUnitIds: [...new Set(input.businessUnitIds ?? [])],
      writtenTestPassScore: input.writtenTestPassScore ?? null,
      status: EventStatus.Draft,
    });
    await this.validate(manager, organizationId, event);
    await this.translateConflicts(() => this.events.insert(manager, event));
    await this.seats.open(manager, event.id, event.capacity);
    return event;
  }

  list(actor: StaffActor, query: PageQuery & { status?: EventStatus }): Promise<Page<HiringEvent>> {
    return paginate(this.events.organizationQuery(organizationOf(actor), query.status), query);
  }

  async get(actor: StaffActor, id: string): Promise<EventWithSeats> {
    const event = await this.events.findForActor(actor, id);
    return this.withSeats(this.events.manager, event);
  }

  async update(actor: StaffActor, id: string, patch: Partial<EventInput>): Promise<EventWithSeats> {
    return this.events.transaction(async (manager) => {
      const event = await this.events.findForActor(actor, id, manager, true);
      if (!EDITABLE.includes(event.status)) {
        throw new EventError(EventErrorCode.NotEditable, `A ${event.status} event can no longer be edited.`);
      }
      const before = { ...event };
      Object.assign(event, patch, this.dates(patch));
      if (patch.specialties) event.specialties = [...new Set(patch.specialties)];
      if (patch.businessUnitIds) event.businessUnitIds = [...new Set(patch.businessUnitIds)];
      await this.validate(manager, event.organizationId, event);
      await this.translateConflicts(() => this.events.save(manager, event));
      if (patch.capacity !== undefined && patch.capacity !== before.capacity) {
        await this.seats.resize(manager, event.id, patch.capacity);
      }
      const changed = Object.keys(patch).filter(
        (k) =>
          JSON.stringify(before[k as keyof HiringEvent]) !== JSON.stringify(event[k as keyof HiringEvent]),
      );
      await this.audit.record(
        actor,
        {
          organizationId: event.organizationId,
          action: 'event.updated',
          objectType: 'event',
          objectId: event.id,
          details: { changed },
        },
        manager,
      );
      return this.withSeats(manager, event);
    });
  }

  /**
   * Work another module does in the transaction of an event's cancellation (interviews cancel
   * theirs). A registry rather than an injected service: interviews depend on events, not the reverse.
   */
  onCancel(hook: EventCancelHook): void {
    this.cancelHooks.push(hook);
  }

  async transition(actor: StaffActor, id: string, transition: EventTransition): Promise<EventWithSeats> {
    return this.events.transaction(async (manager) => {
      const event = await this.events.findForActor(actor, id, manager, true);
      const from = event.status;
      event.status = nextEventStatus(from, transition);
      if (event.status === EventStatus.Published) event.publishedAt ??= new Date();
      if (event.status === EventStatus.Completed) event.completedAt = new Date();
      await this.translateConflicts(() => this.events.updateStatus(manager, event));
      if (event.status === EventStatus.Cancelled) {
        for (const hook of this.cancelHooks) await hook(manager, actor, event);
      }
      await this.audit.record(
        actor,
        {
          organizationId: event.organizationId,
          action: `event.${transition}`,
          objectType: 'event',
          objectId: event.id,
          details: { from, to: event.status },
        },
        manager,
      );
      return this.withSeats(manager, event);
    });
  }

  async listPublic(query: PageQuery): Promise<Page<PublicEventView>> {
    const page = await paginate(this.events.publicQuery(PUBLIC_EVENT_STATUSES), query, 'startsAt');
    return { items: await this.publicViews(page.items), nextCursor: page.nextCursor };
  }

  async getPublic(slug: string): Promise<PublicEventView> {
    const event = await this.events.findBySlug(slug, PUBLIC_EVENT_STATUSES);
    if (!event) throw new NotFoundError('Event', EventErrorCode.NotFound);
    const [view] = await this.publicViews([event]);
    return view;
  }

  private async publicViews(events: HiringEvent[]): Promise<PublicEventView[]> {
    if (events.length === 0) return [];
    const manager = this.events.manager;
    const units = await this.units.findByIds(manager, [...new Set(events.flatMap((e) => e.businessUnitIds))]);
    const orgs = await this.organizations.findByIds(manager, [
      ...new Set(events.map((e) => e.organizationId)),
    ]);
    const seatsLeft = await this.seats.left(
      manager,
      events.map((e) => e.id),
    );
    const now = Date.now();
    return events.map((e) => {
      return {
        id: e.id,
        slug: e.slug,
        title: e.title,
        organization: { name: orgs.find((o) => o.id === e.organizationId)?.name ?? null },
        city: e.city,
        venue: e.venue,
        online: e.online,
        timezone: e.timezone,
        locale: e.locale,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        registrationOpensAt: e.registrationOpensAt,
        registrationClosesAt: e.registrationClosesAt,
        status: e.status,
        registrationOpen:
          e.status === EventStatus.Published &&
          now >= e.registrationOpensAt.getTime() &&
          now < e.registrationClosesAt.getTime(),
        capacity: e.capacity,
        seatsLeft: seatsLeft.get(e.id) ?? null,
        specialties: e.specialties,
        businessUnits: e.businessUnitIds
          .map((id) => units.find((u) => u.id === id))
          .filter((u): u is BusinessUnit => !!u)
          .map((u) => ({ name: u.name, specialties: u.specialties })),
      };
    });
  }

  private async withSeats(manager: EntityManager, event: HiringEvent): Promise<EventWithSeats> {
    const counts = await this.seats.counts(manager, event.id);
    return { ...event, seats: { capacity: event.capacity, ...counts } };
  }

  private dates(input: Partial<EventInput>): Partial<Record<(typeof DATE_FIELDS)[number], Date>> {
    const out: Partial<Record<(typeof DATE_FIELDS)[number], Date>> = {};
    for (const field of DATE_FIELDS) {
      const value = input[field];
      if (value !== undefined) out[field] = value instanceof Date ? value : new Date(value);
    }
    return out;
  }

  private async validate(manager: EntityManager, organizationId: string, e: HiringEvent): Promise<void> {
    const details: ErrorDetail[] = [];
    const fail = (field: string, message: string) => details.push({ field, messages: [message] });
    for (const field of DATE_FIELDS) {
      if (Number.isNaN(e[field].getTime())) fail(field, `${field} must be an ISO-8601 date-time`);
    }
    if (details.length === 0) {
      if (e.startsAt >= e.endsAt) fail('endsAt', 'endsAt must be after startsAt');
      if (e.registrationOpensAt >= e.registrationClosesAt)
        fail('registrationClosesAt', 'registrationClosesAt must be after registrationOpensAt');
      if (e.registrationClosesAt > e.endsAt)
        fail('registrationClosesAt', 'registrationClosesAt must not be after endsAt');
    }
    if (!IANAZone.isValidZone(e.timezone)) fail('timezone', 'timezone must be an IANA time zone name');
    if (e.businessUnitIds.length > 0) {
      const found = await this.units.countInOrganization(manager, organizationId, e.businessUnitIds);
      if (found !== e.businessUnitIds.length)
        fail('businessUnitIds', 'businessUnitIds must be business units of this organization');
    }
    if (details.length > 0) throw new ValidationError(details, details.map((d) => d.messages[0]).join('; '));
  }

  private async translateConflicts<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, 'events_org_slug_unique')) {
        throw new EventError(EventErrorCode.SlugTaken, 'Another event of this organization has this slug.');
      }
      if (isUniqueViolation(error, 'events_public_slug_unique')) {
        throw new EventError(
          EventErrorCode.SlugTaken,
          'A public event of another organization already uses this slug; choose another one.',
        );
      }
      throw error;
    }
  }
}
