import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsOf } from '../common/sql-results';
import { hashSecret } from '../common/tokens';
import { MailRecipient } from './mail-templates';
import {
  REGISTER_BATCH_SQL,
  RegistrationRecord,
  RegistrationTarget,
  STORE_MAILS_SQL,
  StoredMail,
  registerBatchParams,
  storeMailsParams,
} from './registration-sql';
import { RegistrationStatus } from './registration-state';

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

/** The registration statements of the candidate-facing side (staff listings live with their service). */
@Injectable()
export class RegistrationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
    const [row]: {
      organization_id: string;
      locale: string;
      check_in_code: string | null;
      name: string;
      title: string;
      city: string;
      timezone: string;
      starts_at: Date;
    }[] = await this.dataSource.query(
      `SELECT r.organization_id, r.locale, r.check_in_code, c.name, e.title, e.city, e.timezone, e.starts_at
         FROM registrations r JOIN candidates c ON c.id = r.candidate_id JOIN events e ON e.id = r.event_id
        WHERE r.id = $1 AND r.erased_at IS NULL`,
      [registrationId],
    );
    if (!row) return null;
    return {
      registrationId,
      organizationId: row.organization_id,
      name: row.name,
      locale: row.locale,
      checkInCode: row.check_in_code,
      event: { title: row.title, city: row.city, timezone: row.timezone, startsAt: row.starts_at },
    };
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
   * transaction), and whether an access link went to it in the last minute.
   */
  async forResend(
    manager: EntityManager,
    eventId: string,
    organizationId: string,
    email: string,
    template: string,
  ): Promise<
    | {
        id: string;
        status: RegistrationStatus;
        locale: string;
        check_in_code: string | null;
        name: string;
        recent: boolean;
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
    const recent: unknown[] = await manager.query(
      `SELECT 1 FROM mail_messages WHERE subject_id = $1 AND template = $2
         AND created_at > now() - interval '1 minute'`,
      [found.id, template],
    );
    return { ...found, recent: recent.length > 0 };
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

  /** Timeline rows in one statement over arrays, whatever the count (batch intake writes hundreds). */
  async insertTimeline(
    manager: EntityManager,
    rows: {
      registrationId: string;
      organizationId: string;
      actorType: string;
      actorId: string | null;
      field: string;
      from: string | null;
      to: string | null;
      reason: string | null;
    }[],
  ): Promise<void> {
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
