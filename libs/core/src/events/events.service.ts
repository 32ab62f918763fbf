import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IANAZone } from 'luxon';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { ErrorDetail, NotFoundError, ValidationError } from '../common/domain-error';
import { Page, PageQuery, paginate } from '../common/pagination';
import { findInOrganization, organizationOf } from '../common/tenancy';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { Organization } from '../organizations/organization.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { SeatsService } from '../registrations/seats.service';
import { EventStatus, EventTransition, PUBLIC_EVENT_STATUSES, nextEventStatus } from './event-state';
import { HiringEvent } from './event.entity';
import { EventError, EventErrorCode } from './events.errors';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly seats: SeatsService,
    private readonly registrations: RegistrationsService,
  ) {}

  async create(actor: StaffActor, input: EventInput): Promise<HiringEvent> {
    const organizationId = organizationOf(actor);
    return this.dataSource.transaction(async (manager) => {
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
    const repo = manager.getRepository(HiringEvent);
    const event = repo.create({
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
    await this.translateConflicts(() => repo.insert(event));
    await this.seats.open(manager, event.id, event.capacity);
    return event;
  }

  list(actor: StaffActor, query: PageQuery & { status?: EventStatus }): Promise<Page<HiringEvent>> {
    const qb = this.dataSource
      .getRepository(HiringEvent)
      .createQueryBuilder('e')
      .where('e.organizationId = :org', { org: organizationOf(actor) });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    return paginate(qb, query);
  }

  async get(actor: StaffActor, id: string): Promise<Record<string, unknown>> {
    const event = await this.find(this.dataSource.manager, actor, id);
    return this.withSeats(this.dataSource.manager, event);
  }

  async update(actor: StaffActor, id: string, patch: Partial<EventInput>): Promise<Record<string, unknown>> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.find(manager, actor, id, true);
      if (!EDITABLE.includes(event.status)) {
        throw new EventError(EventErrorCode.NotEditable, `A ${event.status} event can no longer be edited.`);
      }
      const before = { ...event };
      Object.assign(event, patch, this.dates(patch));
      if (patch.specialties) event.specialties = [...new Set(patch.specialties)];
      if (patch.businessUnitIds) event.businessUnitIds = [...new Set(patch.businessUnitIds)];
      await this.validate(manager, event.organizationId, event);
      await this.translateConflicts(() => manager.getRepository(HiringEvent).save(event));
      if (patch.capacity !== undefined && patch.capacity !== before.capacity) {
        const promoted = await this.seats.resize(manager, event.id, patch.capacity);
        await this.registrations.announcePromotions(manager, promoted, 'the event’s capacity grew');
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

  async transition(
    actor: StaffActor,
    id: string,
    transition: EventTransition,
  ): Promise<Record<string, unknown>> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.find(manager, actor, id, true);
      const from = event.status;
      event.status = nextEventStatus(from, transition);
      if (event.status === EventStatus.Published) event.publishedAt ??= new Date();
      if (event.status === EventStatus.Completed) event.completedAt = new Date();
      await this.translateConflicts(() =>
        manager
          .getRepository(HiringEvent)
          .update(
            { id: event.id },
            { status: event.status, publishedAt: event.publishedAt, completedAt: event.completedAt },
          ),
      );
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

  async listPublic(query: PageQuery): Promise<Page<Record<string, unknown>>> {
    const qb = this.dataSource
      .getRepository(HiringEvent)
      .createQueryBuilder('e')
      .where('e.status IN (:...statuses)', { statuses: PUBLIC_EVENT_STATUSES });
    const page = await paginate(qb, query, 'startsAt');
    return { items: await this.publicViews(page.items), nextCursor: page.nextCursor };
  }

  async getPublic(slug: string): Promise<Record<string, unknown>> {
    const event = await this.dataSource
      .getRepository(HiringEvent)
      .findOne({ where: { slug, status: In(PUBLIC_EVENT_STATUSES) } });
    if (!event) throw new NotFoundError('Event', EventErrorCode.NotFound);
    const [view] = await this.publicViews([event]);
    return view;
  }

  private async publicViews(events: HiringEvent[]): Promise<Record<string, unknown>[]> {
    if (events.length === 0) return [];
    const manager = this.dataSource.manager;
    const unitIds = [...new Set(events.flatMap((e) => e.businessUnitIds))];
    const units = unitIds.length
      ? await manager.getRepository(BusinessUnit).find({ where: { id: In(unitIds) } })
      : [];
    const orgs = await manager
      .getRepository(Organization)
      .find({ where: { id: In([...new Set(events.map((e) => e.organizationId))]) } });
    const seats: { event_id: string; capacity: number; registered: number }[] = await manager.query(
      `SELECT event_id, capacity, registered FROM event_seats WHERE event_id = ANY($1::uuid[])`,
      [events.map((e) => e.id)],
    );
    const now = Date.now();
    return events.map((e) => {
      const s = seats.find((x) => x.event_id === e.id);
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
        seatsLeft: s ? Math.max(0, s.capacity - s.registered) : null,
        specialties: e.specialties,
        businessUnits: e.businessUnitIds
          .map((id) => units.find((u) => u.id === id))
          .filter((u): u is BusinessUnit => !!u)
          .map((u) => ({ name: u.name, specialties: u.specialties })),
      };
    });
  }

  private async find(
    manager: EntityManager,
    actor: StaffActor,
    id: string,
    lock = false,
  ): Promise<HiringEvent> {
    const event = await findInOrganization(
      manager.getRepository(HiringEvent),
      actor,
      id,
      'Event',
      EventErrorCode.NotFound,
    );
    if (lock) await manager.query(`SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, [id]);
    return lock ? manager.getRepository(HiringEvent).findOneByOrFail({ id }) : event;
  }

  private async withSeats(manager: EntityManager, event: HiringEvent): Promise<Record<string, unknown>> {
    const [counts]: { registered: string; waitlisted: string; withdrawn: string }[] = await manager.query(
      `SELECT count(*) FILTER (WHERE status = 'registered') AS registered,
              count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted,
              count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn
         FROM registrations WHERE event_id = $1`,
      [event.id],
    );
    return {
      ...event,
      seats: {
        capacity: event.capacity,
        registered: Number(counts.registered),
        waitlisted: Number(counts.waitlisted),
        withdrawn: Number(counts.withdrawn),
      },
    };
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
      const found = await manager
        .getRepository(BusinessUnit)
        .count({ where: { id: In(e.businessUnitIds), organizationId } });
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
