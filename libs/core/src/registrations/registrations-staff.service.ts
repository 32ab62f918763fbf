import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { BusinessUnitsRepository } from '../business-units/business-units.repository';
import { Role, StaffActor, hasRole } from '../common/actor';
import { UTF8_BOM, csvCell } from '../common/csv';
import { NotFoundError, ValidationError } from '../common/domain-error';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page } from '../common/pagination';
import { isUuid, organizationOf } from '../common/tenancy';
import { EventsRepository } from '../events/events.repository';
import { HiringEvent } from '../events/event.entity';
import { Candidate } from './candidate.entity';
import { RegistrationInterviews } from './registration-interviews.port';
import { RegistrationStatus, TimelineField } from './registration-state';
import { RegistrationTimelineService } from './registration-timeline.service';
import { Registration } from './registration.entity';
import { RegistrationError, RegistrationErrorCode } from './registrations.errors';
import { RegistrationFilter, RegistrationsStaffRepository } from './registrations-staff.repository';
import { RegistrationsRepository } from './registrations.repository';

export type { RegistrationFilter } from './registrations-staff.repository';

export interface CheckInInput {
  registrationId?: string;
  checkInCode?: string;
}

const CSV_COLUMNS = [
  'id',
  'seq',
  'status',
  'lane',
  'stage',
  'businessUnitId',
  'name',
  'email',
  'phone',
  'city',
  'degree',
  'yearsOfExperience',
  'specialties',
  'checkedInAt',
  'createdAt',
] as const;
const CSV_BATCH = 500;

export { csvCell } from '../common/csv';

export interface CheckInResult {
  registrationId: string;
  checkedInAt: Date;
  alreadyCheckedIn: boolean;
  name: string | null;
  lane: string | null;
  stage: string;
  businessUnitName: string | null;
}

/** A registration as staff see it; an erased one keeps its state but no personal data. */
export function staffView(r: Registration, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const c = r.candidate as Candidate | undefined;
  const erased = r.erasedAt !== null;
  return {
    id: r.id,
    eventId: r.eventId,
    seq: Number(r.seq),
    candidate: {
      id: r.candidateId,
      name: erased ? null : (c?.name ?? null),
      email: erased ? null : (c?.email ?? null),
      phone: erased ? null : (c?.phone ?? null),
      erased,
    },
    status: r.status,
    lane: r.lane,
    stage: r.stage,
    businessUnitId: r.businessUnitId,
    waiver: r.waiver,
    writtenTestScore: r.writtenTestScore,
    routedAt: r.routedAt,
    slaDueAt: r.slaDueAt,
    slaBreached: r.slaBreachedAt !== null,
    unroutedReason: r.unroutedReason,
    checkedInAt: r.checkedInAt,
    interview: null,
    city: r.city,
    specialties: r.specialties,
    degree: r.degree,
    yearsOfExperience: r.yearsOfExperience,
    profile: r.profile,
    locale: r.locale,
    consent: r.consent,
    createdAt: r.createdAt,
    erasedAt: r.erasedAt,
    ...extra,
  };
}

function decodeSeqCursor(cursor: string): string {
  const seq = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{1,18}$/.test(seq))
    throw ValidationError.single('cursor', 'cursor is not a cursor this API returned');
  return seq;
}

/** Staff views of registrations: the filtered list, its CSV export, one record, check-in. */
@Injectable()
export class RegistrationsStaffService {
  constructor(
    private readonly repository: RegistrationsStaffRepository,
    private readonly registrations: RegistrationsRepository,
    private readonly units: BusinessUnitsRepository,
    private readonly events: EventsRepository,
    private readonly timeline: RegistrationTimelineService,
    private readonly interviews: RegistrationInterviews,
  ) {}

  async list(
    actor: StaffActor,
    eventId: string,
    filter: RegistrationFilter,
  ): Promise<Page<Record<string, unknown>>> {
    const event = await this.event(actor, eventId);
    const limit = Math.min(Math.max(filter.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const after = filter.cursor ? decodeSeqCursor(filter.cursor) : null;
    const rows = await this.repository.page(event.id, filter, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const ids = items.map((r) => r.id);
    const interviews = await this.interviews.current(this.repository.manager, ids);
    const waits = await this.interviews.bookingWaits(this.repository.manager, ids);
    return {
      items: items.map((r) =>
        staffView(r, { interview: interviews.get(r.id) ?? null, bookingWait: waits.get(r.id) ?? null }),
      ),
      nextCursor: rows.length > limit && last ? Buffer.from(String(last.seq)).toString('base64url') : null,
    };
  }

  /** Every matching row as CSV, read in keyset batches: memory stays flat however many rows. */
  async exportCsv(actor: StaffActor, eventId: string, filter: RegistrationFilter): Promise<Readable> {
    const event = await this.event(actor, eventId);
    const query = (after: string | null) => this.repository.page(event.id, filter, after, CSV_BATCH);
    async function* lines(): AsyncGenerator<string> {
      yield `${UTF8_BOM}${CSV_COLUMNS.join(',')}\r\n`;
      let after: string | null = null;
      for (;;) {
        const batch = await query(after);
        if (batch.length === 0) return;
        yield batch
          .map((r) => {
            const v = staffView(r) as Record<string, unknown> & { candidate: Record<string, unknown> };
            const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
              id: v.id,
              seq: v.seq,
              status: v.status,
              lane: v.lane,
              stage: v.stage,
              businessUnitId: v.businessUnitId,
              name: v.candidate.name,
              email: v.candidate.email,
              phone: v.candidate.phone,
              city: v.city,
              degree: v.degree,
              yearsOfExperience: v.yearsOfExperience,
              specialties: v.specialties,
              checkedInAt: v.checkedInAt,
              createdAt: v.createdAt,
            };
            return `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`;
          })
          .join('');
        if (batch.length < CSV_BATCH) return;
        after = batch[batch.length - 1].seq;
      }
    }
    return Readable.from(lines());
  }

  /** One registration with its timeline: recruiters of the organization, reviewers of its unit. */
  async get(actor: StaffActor, id: string): Promise<Record<string, unknown>> {
    const notFound = new NotFoundError('Registration', RegistrationErrorCode.NotFound);
    if (!isUuid(id)) throw notFound;
    const registration = await this.repository.inOrganization(organizationOf(actor), id);
    if (!registration) throw notFound;
    if (
      !hasRole(actor, Role.OrgAdmin, Role.Recruiter) &&
      !(registration.businessUnitId && actor.businessUnitIds.includes(registration.businessUnitId))
    ) {
      throw notFound;
    }
    const manager = this.repository.manager;
    const timeline = await this.timeline.list(manager, id);
    // The unit's scorecard and the other units (reroute targets): reviewers cannot read /business-units.
    const units = await this.units.inOrganization(manager, registration.organizationId);
    const unit = units.find((u) => u.id === registration.businessUnitId);
    return staffView(registration, {
      businessUnit: unit
        ? { id: unit.id, name: unit.name, code: unit.code, scorecard: unit.scorecard }
        : null,
      otherBusinessUnits: units
        .filter((u) => u.id !== registration.businessUnitId)
        .map((u) => ({ id: u.id, name: u.name, code: u.code })),
      interview: (await this.interviews.current(manager, [registration.id])).get(registration.id) ?? null,
      bookingWait:
        (await this.interviews.bookingWaits(manager, [registration.id])).get(registration.id) ?? null,
      timeline: timeline.map((t) => ({
        at: t.at,
        by: { type: t.actorType, id: t.actorId },
        field: t.field,
        from: t.from,
        to: t.to,
        reason: t.reason,
      })),
    });
  }

  /** Fair-day arrival, idempotent: every call answers the first arrival's time. */
  async checkIn(actor: StaffActor, eventId: string, input: CheckInInput): Promise<CheckInResult> {
    const event = await this.event(actor, eventId);
    if (!input.registrationId === !input.checkInCode) {
      throw ValidationError.single('registrationId', 'give either registrationId or checkInCode');
    }
    if (input.registrationId && !isUuid(input.registrationId)) {
      throw new NotFoundError('Registration', RegistrationErrorCode.NotFound);
    }
    return this.repository.transaction(async (manager) => {
      const registration = await this.repository.lockForCheckIn(
        manager,
        event.id,
        input.registrationId
          ? { id: input.registrationId }
          : { checkInCode: (input.checkInCode ?? '').trim().toUpperCase() },
      );
      if (!registration) throw new NotFoundError('Registration', RegistrationErrorCode.NotFound);
      // The door shows who arrived, so the answer names them and says whether this was a repeat.
      const candidate = await this.registrations.findCandidate(manager, registration.candidateId);
      const unit = registration.businessUnitId
        ? await this.units.findOne(manager, registration.businessUnitId)
        : null;
      const who = {
        registrationId: registration.id,
        name: candidate?.name ?? null,
        lane: registration.lane,
        stage: registration.stage,
        businessUnitName: unit?.name ?? null,
      };
      if (registration.checkedInAt)
        return { ...who, checkedInAt: registration.checkedInAt, alreadyCheckedIn: true };
      if (registration.status !== RegistrationStatus.Registered) {
        throw new RegistrationError(
          RegistrationErrorCode.NotRegistered,
          `This registration is ${registration.status}; only registered candidates can check in.`,
        );
      }
      const checkedInAt = await this.repository.markCheckedIn(manager, registration.id);
      await this.timeline.record(manager, actor, registration, {
        field: TimelineField.CheckIn,
        from: null,
        to: checkedInAt.toISOString(),
      });
      return { ...who, checkedInAt, alreadyCheckedIn: false };
    });
  }

  private event(actor: StaffActor, eventId: string): Promise<HiringEvent> {
    return this.events.findForActor(actor, eventId);
  }
}
