import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StaffActor } from '../common/actor';
import { DataSourceRepository } from '../common/data-source.repository';
import { findInOrganization } from '../common/tenancy';
import { rowsOf } from '../common/sql-results';
import { hashSecret } from '../common/tokens';
import { HiringEvent } from '../events/event.entity';
import { Candidate } from './candidate.entity';
import { MailRecipient } from './mail-templates';
import {
  REGISTER_BATCH_SQL,
  STORE_MAILS_SQL,
  TELL_MAILS_SQL,
  registerBatchParams,
  storeMailsParams,
  tellMailsParams,
} from './registration-sql';
import {
  RegistrationRecord,
  RegistrationTarget,
  StoredMail,
  TellCounts,
  TellMail,
  TimelineInsert,
} from './registration.types';
import { RegistrationStatus, Stage } from './registration-state';
import { RegistrationTimelineEntry } from './registration-timeline.entity';
import { Registration } from './registration.entity';
import { RegistrationErrorCode } from './registrations.errors';

export interface BatchResult {
  /** The event exists (any status). */
  found: boolean;
  /** The event took registrations of this kind at the statement. */
  open: boolean;
  /** Status of each registered row by registration id; rows absent were duplicates. */
  registered: Map<string, RegistrationStatus>;
}

export interface EventForMail {
  id: string;
  organization_id: string;
  title: string;
  city: string;
  timezone: string;
  starts_at: Date;
}

/** The registration statements of the candidate-facing side (staff listings: RegistrationsStaffRepository). */
@Injectable()
export class RegistrationsRepository extends DataSourceRepository {
  /** The registration of the actor's organization, row-locked (404 REGISTRATION_NOT_FOUND otherwise). */
  lockForActor(manager: EntityManager, actor: StaffActor, id: string): Promise<Registration> {
    return findInOrganization(
      manager.getRepository(Registration),
      actor,
      id,
      'Registration',
      RegistrationErrorCode.NotFound,
      { lock: true },
    );
  }

  /** Locks the candidate's row (lock order: candidate, seats, registration; as a registration takes them). */
  async lockCandidate(manager: EntityManager, candidateId: string): Promise<void> {
    // NO KEY UPDATE, not UPDATE: a transaction holding one of the candidate's registrations (intake
    // updating a row it already updated) checks the candidate foreign key with FOR KEY SHARE, which
    // FOR UPDATE would block while the caller waits for that registration: a deadlock.
    await manager.query(`SELECT 1 FROM candidates WHERE id = $1 FOR NO KEY UPDATE`, [candidateId]);
  }

  /** The registration, row-locked for the caller's transaction. */
  lock(manager: EntityManager, id: string): Promise<Registration | null> {
    return manager
      .getRepository(Registration)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The registration with its candidate. */
  withCandidate(manager: EntityManager, id: string): Promise<Registration | null> {
    return manager.getRepository(Registration).findOne({ where: { id }, relations: { candidate: true } });
  }

  /** A candidate's registrations, oldest first. */
  ofCandidate(manager: EntityManager, candidateId: string): Promise<Registration[]> {
    return manager.getRepository(Registration).find({ where: { candidateId }, order: { createdAt: 'ASC' } });
  }

  findCandidate(manager: EntityManager, id: string): Promise<Candidate | null> {
    return manager.getRepository(Candidate).findOneBy({ id });
  }

  /** A registration's candidate (it exists: registrations reference it). */
  candidateOf(manager: EntityManager, registration: Pick<Registration, 'candidateId'>): Promise<Candidate> {
    return manager.getRepository(Candidate).findOneByOrFail({ id: registration.candidateId });
  }

  /** The event of a registration (it exists: registrations reference it). */
  eventOf(manager: EntityManager, eventId: string): Promise<HiringEvent> {
    return manager.getRepository(HiringEvent).findOneByOrFail({ id: eventId });
  }

  /** 1 for the first waitlisted registration of the event, and so on by arrival. */
  async waitlistPosition(eventId: string, seq: string): Promise<number> {
    const [row]: { ahead: string }[] = await this.dataSource.query(
      `SELECT count(*) AS ahead FROM registrations WHERE event_id = $1 AND status = 'waitlisted' AND seq < $2`,
      [eventId, seq],
    );
    return Number(row.ahead) + 1;
  }

  /** The windows the candidate gave for interviews, in time order. */
  availability(registrationId: string): Promise<{ startsAt: Date; endsAt: Date }[]> {
    return this.dataSource.query(
      `SELECT lower(during) AS "startsAt", upper(during) AS "endsAt" FROM candidate_availability
        WHERE registration_id = $1 ORDER BY lower(during)`,
      [registrationId],
    );
  }

  async markWithdrawn(manager: EntityManager, id: string): Promise<void> {
    await manager
      .getRepository(Registration)
      .update({ id }, { status: RegistrationStatus.Withdrawn, withdrawnAt: new Date() });
  }

  /** Drops the registration's personal data (profile, tokens, check-in code) and notes the erasure in its consent. */
  async erase(manager: EntityManager, registration: Registration, erasedAt: Date): Promise<void> {
    await manager.getRepository(Registration).update(
      { id: registration.id },
      {
        profile: {},
        tokenHashes: [],
        checkInCode: null,
        consent: { ...registration.consent, erasedAt: erasedAt.toISOString() },
        erasedAt,
      },
    );
  }

  /** How many of the candidate's registrations still hold personal data. */
  async unerasedCount(manager: EntityManager, candidateId: string): Promise<number> {
    const [row]: { count: string }[] = await manager.query(
      `SELECT count(*) FROM registrations WHERE candidate_id = $1 AND erased_at IS NULL`,
      [candidateId],
    );
    return Number(row.count);
  }

  /** Replaces the candidate's name, email and phone (the email stays unique per organization). */
  async eraseCandidate(manager: EntityManager, candidateId: string): Promise<void> {
    await manager.query(
      `UPDATE candidates SET name = 'erased', email = 'erased-' || id::text || '@erased.invalid', phone = NULL,
              erased_at = now(), updated_at = now()
        WHERE id = $1`,
      [candidateId],
    );
  }

  /** REGISTER_BATCH_SQL, on its own (one statement commits alone) or in the caller's transaction. */
  async registerBatch(
    target: RegistrationTarget,
    rows: RegistrationRecord[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BatchResult> {
    const [row]: {
      found: number;
      open: boolean;
      registered: { id: string; status: RegistrationStatus }[];
    }[] = await manager.query(REGISTER_BATCH_SQL, registerBatchParams(target, rows));
    return {
      found: row.found > 0,
      open: row.open,
      registered: new Map(row.registered.map((r) => [r.id, r.status])),
    };
  }

  /** The candidate a token belongs to (not erased). */
  async byToken(
    token: string,
  ): Promise<{ id: string; candidate_id: string; organization_id: string } | undefined> {
    const [row]: { id: string; candidate_id: string; organization_id: string }[] =
      await this.dataSource.query(
        `SELECT id, candidate_id, organization_id FROM registrations
        WHERE token_hashes @> ARRAY[$1::text] AND erased_at IS NULL`,
        [hashSecret(token)],
      );
    return row;
  }

  /** What the mail job needs to render a registration's mail now (null once erased). */
  async mailFacts(registrationId: string): Promise<Omit<MailRecipient, 'email'> | null> {
    return (await this.mailFactsOf([registrationId])).get(registrationId) ?? null;
  }

  /** `mailFacts` of many registrations in one statement, by registration id (the erased left out). */
  async mailFactsOf(registrationIds: string[]): Promise<Map<string, Omit<MailRecipient, 'email'>>> {
    if (registrationIds.length === 0) return new Map();
    const rows: {
      id: string;
      organization_id: string;
      locale: string;
      check_in_code: string | null;
      name: string;
      title: string;
      city: string;
      timezone: string;
      starts_at: Date;
    }[] = await this.dataSource.query(
      `SELECT r.id, r.organization_id, r.locale, r.check_in_code, c.name, e.title, e.city, e.timezone, e.starts_at
         FROM registrations r JOIN candidates c ON c.id = r.candidate_id JOIN events e ON e.id = r.event_id
        WHERE r.id = ANY($1::uuid[]) AND r.erased_at IS NULL`,
      [[...new Set(registrationIds)]],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          registrationId: row.id,
          organizationId: row.organization_id,
          name: row.name,
          locale: row.locale,
          checkInCode: row.check_in_code,
          event: { title: row.title, city: row.city, timezone: row.timezone, startsAt: row.starts_at },
        },
      ]),
    );
  }

  /** An event by slug or id, for the mails of a registration (access-link resends). */
  async eventForMail(target: RegistrationTarget): Promise<EventForMail | undefined> {
    const [row]: EventForMail[] = await this.dataSource.query(
      `SELECT id, organization_id, title, city, timezone, starts_at FROM events
        WHERE CASE WHEN $1::text IS NULL THEN id = $2::uuid ELSE slug = $1 END`,
      'slug' in target ? [target.slug, null] : [null, target.eventId],
    );
    return row;
  }

  /**
   * The registration of `email` for the event, locked against a concurrent resend (in the caller's
   * transaction: an advisory lock on its id, held until the caller's commit).
   */
  async forResend(
    manager: EntityManager,
    eventId: string,
    organizationId: string,
    email: string,
  ): Promise<
    | {
        id: string;
        status: RegistrationStatus;
        locale: string;
        check_in_code: string | null;
        name: string;
      }
    | undefined
  > {
    const [found]: {
      id: string;
      status: RegistrationStatus;
      locale: string;
      check_in_code: string | null;
      name: string;
    }[] = await manager.query(
      `SELECT r.id, r.status, r.locale, r.check_in_code, c.name FROM registrations r
         JOIN candidates c ON c.id = r.candidate_id
        WHERE r.event_id = $1 AND c.organization_id = $2 AND c.email = $3 AND r.erased_at IS NULL`,
      [eventId, organizationId, email],
    );
    if (!found) return undefined;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [found.id]);
    return found;
  }

  /** Sets the lanes (and waivers) of registrations not yet evaluated. */
  async setLanes(
    manager: EntityManager,
    decided: { id: string; lane: string; waiver: unknown }[],
  ): Promise<void> {
    await manager.query(
      `UPDATE registrations r SET lane = v.lane, waiver = v.waiver, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) AS v(id, lane, waiver)
        WHERE r.id = v.id AND r.lane IS NULL`,
      [decided.map((d) => d.id), decided.map((d) => d.lane), decided.map((d) => JSON.stringify(d.waiver))],
    );
  }

  /** Sets the stage (and `also` columns) if the registration is still in `from`; false when it was not. */
  async moveOne(
    manager: EntityManager,
    id: string,
    from: Stage,
    changes: Partial<Pick<Registration, 'stage' | 'businessUnitId' | 'routedAt' | 'slaDueAt' | 'lane'>>,
  ): Promise<boolean> {
    const result = await manager.getRepository(Registration).update({ id, stage: from }, changes);
    return result.affected === 1;
  }

  /** A registration's timeline, oldest first. */
  timeline(manager: EntityManager, registrationId: string): Promise<RegistrationTimelineEntry[]> {
    return manager
      .getRepository(RegistrationTimelineEntry)
      .find({ where: { registrationId }, order: { id: 'ASC' } });
  }

  /** Moves registrations from one stage to another; returns the ids that were in `from`. */
  async moveStage(manager: EntityManager, ids: string[], from: string, to: string): Promise<string[]> {
    const moved = rowsOf<{ id: string }>(
      await manager.query(
        `UPDATE registrations SET stage = $2, updated_at = now()
          WHERE id = ANY($1::uuid[]) AND stage = $3 RETURNING id`,
        [ids, to, from],
      ),
    );
    return moved.map((r) => r.id);
  }

  /**
   * Stores candidate mails of distinct registrations as facts, each registration keeping the newest
   * `keep` token hashes, with their outbox jobs: one statement (STORE_MAILS_SQL). Returns how many
   * it stored (those already told since their `unlessToldSince` are not).
   */
  async storeMails(manager: EntityManager, mails: StoredMail[], keep: number): Promise<number> {
    if (mails.length === 0) return 0;
    const [row] = rowsOf<{ stored: number }>(
      await manager.query(STORE_MAILS_SQL, storeMailsParams(mails, keep)),
    );
    return row.stored;
  }

  /**
   * The pipeline mails of a job, each stored once and only while its step holds, with the tokens,
   * outbox jobs and NOTIFY of those stored: ONE statement in no transaction (TELL_MAILS_SQL, whose
   * comment says why its checks and its once-only insert hold against concurrent withdrawals,
   * erasures, routings and runs of the same job). Each registration keeps its newest `keep` tokens.
   * The tells should be distinct (registration, template, since).
   */
  async tellMails(tells: TellMail[], keep: number): Promise<TellCounts> {
    const counts: TellCounts = { told: 0, already: 0, missing: 0, stale: 0 };
    if (tells.length === 0) return counts;
    const [row] = rowsOf<TellCounts>(await this.manager.query(TELL_MAILS_SQL, tellMailsParams(tells, keep)));
    return { told: row.told, already: row.already, missing: row.missing, stale: row.stale };
  }

  /** Timeline rows in one statement over arrays, whatever the count (a routing of many writes many). */
  async insertTimeline(manager: EntityManager, rows: TimelineInsert[]): Promise<void> {
    await manager.query(
      `INSERT INTO registration_timeline
         (registration_id, organization_id, actor_type, actor_id, field, from_value, to_value, reason)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[])`,
      [
        rows.map((r) => r.registrationId),
        rows.map((r) => r.organizationId),
        rows.map((r) => r.actorType),
        rows.map((r) => r.actorId),
        rows.map((r) => r.field),
        rows.map((r) => r.from),
        rows.map((r) => r.to),
        rows.map((r) => r.reason),
      ],
    );
  }
}
