import { Injectable } from '@nestjs/common';
import { DeepPartial, EntityManager, In } from 'typeorm';
import { sendMailJobId } from '@hirefair/queue';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { MailAttachment, MailLink, MailMessage, MailRenderContext, MailStatus } from './mail-message.entity';

/** How long a claimed send is left to its worker before another may take it over. */
export const MAIL_SEND_LEASE_MS = 120_000;

interface MailRow {
  id: string;
  organization_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  links: MailLink[];
  attachments: MailAttachment[];
  template: string;
  locale: string;
  subject_id: string | null;
  status: MailStatus;
  attempts: number;
  render_context: MailRenderContext | null;
  batch_job_id: string | null;
  created_at: Date;
}

/** A mail the reconciler finds owed, with the batch job that owes it (null: its own job). */
export interface OwedMail {
  id: string;
  batchJobId: string | null;
}

/** A mail refused for good: why, and the address to suppress from now on (a permanent SMTP refusal). */
export interface FailedMail {
  id: string;
  error: string;
  suppress?: string;
}

export interface RenderedBody {
  subject: string;
  text: string;
  html: string | null;
  links: MailLink[];
  attachments: MailAttachment[];
}

/** Every statement on `mail_messages` and `mail_suppressions`. */
@Injectable()
export class NotificationsRepository extends DataSourceRepository {
  /** Inserts the mails in one statement (in the caller's transaction); they come back with their ids. */
  async insert(manager: EntityManager, fields: DeepPartial<MailMessage>[]): Promise<MailMessage[]> {
    const repo = manager.getRepository(MailMessage);
    const mails = fields.map((f) => repo.create(f));
    await repo.insert(mails);
    return mails;
  }

  /** The mails about these subjects (e.g. registrations), oldest first: a candidate's data export. */
  about(manager: EntityManager, subjectIds: string[]): Promise<MailMessage[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return manager.getRepository(MailMessage).find({
      where: { subjectId: In(subjectIds) },
      order: { createdAt: 'ASC' },
    });
  }

  /** Whether a mail of `template` about the subject was written in the last minute. */
  async toldWithinAMinute(manager: EntityManager, subjectId: string, template: string): Promise<boolean> {
    const recent: unknown[] = await manager.query(
      `SELECT 1 FROM mail_messages WHERE subject_id = $1 AND template = $2
         AND created_at > now() - interval '1 minute'`,
      [subjectId, template],
    );
    return recent.length > 0;
  }

  /** Blanks the mails about the subject (an erasure); one still queued is failed instead of sent. */
  async eraseAbout(manager: EntityManager, subjectId: string): Promise<void> {
    await manager.query(
      `UPDATE mail_messages SET to_address = 'erased', subject = 'erased', text_body = '', html_body = NULL,
              links = '[]', attachments = '[]', render_context = NULL,
              status = CASE WHEN status = 'queued' THEN 'failed' ELSE status END,
              last_error = CASE WHEN status = 'queued' THEN 'erased before delivery' ELSE last_error END
        WHERE subject_id = $1`,
      [subjectId],
    );
  }

  /** The built-in mailbox: newest first, to one address (given) or to all. */
  mailbox(take: number, to?: string): Promise<MailMessage[]> {
    return this.dataSource.getRepository(MailMessage).find({
      where: to === undefined ? {} : { to },
      order: { createdAt: 'DESC' },
      take,
    });
  }

  /**
   * Claims a queued mail for sending, unless a live worker holds it (its lease not run out): the
   * send is owned before it leaves, so a crash repeats it at most once and no two workers send it.
   */
  async claim(mailId: string, leaseMs = MAIL_SEND_LEASE_MS): Promise<MailMessage | null> {
    const [row] = rowsOf<MailRow>(
      await this.dataSource.query(
        `UPDATE mail_messages SET sending_at = now(), attempts = attempts + 1
          WHERE id = $1 AND status = $2 AND (sending_at IS NULL OR sending_at < now() - ($3 || ' milliseconds')::interval)
          RETURNING *`,
        [mailId, MailStatus.Queued, String(leaseMs)],
      ),
    );
    return row ? toMail(row) : null;
  }

  /**
   * `claim` for many mails in one statement: those queued and not held by a live worker, locked in
   * id order (two claimers of overlapping sets wait for each other instead of deadlocking; the one
   * that waited sees the other's lease and skips the mail).
   */
  async claimMany(mailIds: string[], leaseMs = MAIL_SEND_LEASE_MS): Promise<MailMessage[]> {
    if (mailIds.length === 0) return [];
    const rows = rowsOf<MailRow>(
      await this.dataSource.query(
        `WITH claimable AS (
           SELECT id FROM mail_messages
            WHERE id = ANY($1::uuid[]) AND status = $2
              AND (sending_at IS NULL OR sending_at < now() - ($3 || ' milliseconds')::interval)
            ORDER BY id FOR UPDATE)
         UPDATE mail_messages m SET sending_at = now(), attempts = m.attempts + 1
           FROM claimable c WHERE m.id = c.id
         RETURNING m.*`,
        [mailIds, MailStatus.Queued, String(leaseMs)],
      ),
    );
    const order = new Map(mailIds.map((id, k) => [id, k]));
    return rows.map(toMail).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }

  status(mailId: string): Promise<MailStatus | null> {
    return this.dataSource
      .query(`SELECT status FROM mail_messages WHERE id = $1`, [mailId])
      .then((rows: { status: MailStatus }[]) => rows[0]?.status ?? null);
  }

  isSuppressed(email: string): Promise<string | null> {
    return this.dataSource
      .query(`SELECT reason FROM mail_suppressions WHERE email = $1`, [email])
      .then((rows: { reason: string }[]) => rows[0]?.reason ?? null);
  }

  /** The suppressed among these addresses, with the reason of each. */
  async suppressions(emails: string[]): Promise<Map<string, string>> {
    if (emails.length === 0) return new Map();
    const rows: { email: string; reason: string }[] = await this.dataSource.query(
      `SELECT email, reason FROM mail_suppressions WHERE email = ANY($1::text[])`,
      [[...new Set(emails)]],
    );
    return new Map(rows.map((r) => [r.email, r.reason]));
  }

  /** Delivered: stores the body the job rendered (if it did), so the mailbox and exports show it. */
  async markSent(mailId: string, transport: string, rendered: RenderedBody | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_messages SET status = $2, transport = $3, sent_at = now(), sending_at = NULL,
              subject = coalesce($4, subject), text_body = coalesce($5, text_body),
              html_body = CASE WHEN $4::text IS NULL THEN html_body ELSE $6 END,
              links = coalesce($7::jsonb, links), attachments = coalesce($8::jsonb, attachments),
              render_context = CASE WHEN $4::text IS NULL THEN render_context END
        WHERE id = $1 AND status = $9`,
      [
        mailId,
        MailStatus.Sent,
        transport,
        rendered?.subject ?? null,
        rendered?.text ?? null,
        rendered?.html ?? null,
        rendered ? JSON.stringify(rendered.links) : null,
        rendered ? JSON.stringify(rendered.attachments) : null,
        MailStatus.Queued,
      ],
    );
  }

  /** `markSent` for many mails in one statement, each with the body its job rendered (if it did). */
  async markSentMany(
    sent: { id: string; rendered: RenderedBody | null }[],
    transport: string,
  ): Promise<void> {
    if (sent.length === 0) return;
    await this.dataSource.query(
      `UPDATE mail_messages m SET status = $2, transport = $3, sent_at = now(), sending_at = NULL,
              subject = coalesce(v.subject, m.subject), text_body = coalesce(v.text_body, m.text_body),
              html_body = CASE WHEN v.subject IS NULL THEN m.html_body ELSE v.html_body END,
              links = coalesce(v.links, m.links), attachments = coalesce(v.attachments, m.attachments),
              render_context = CASE WHEN v.subject IS NULL THEN m.render_context END
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, subject text, text_body text, html_body text,
                                                links jsonb, attachments jsonb)
        WHERE m.id = v.id AND m.status = $4`,
      [
        JSON.stringify(
          sent.map(({ id, rendered }) => ({
            id,
            subject: rendered?.subject ?? null,
            text_body: rendered?.text ?? null,
            html_body: rendered?.html ?? null,
            links: rendered?.links ?? null,
            attachments: rendered?.attachments ?? null,
          })),
        ),
        MailStatus.Sent,
        transport,
        MailStatus.Queued,
      ],
    );
  }

  /** `release` for many mails in one statement, each with its error. */
  async releaseMany(released: { id: string; error: string }[]): Promise<void> {
    if (released.length === 0) return;
    await this.dataSource.query(
      `UPDATE mail_messages m SET sending_at = NULL, last_error = v.error
         FROM unnest($1::uuid[], $2::text[]) AS v(id, error)
        WHERE m.id = v.id AND m.status = $3`,
      [released.map((r) => r.id), released.map((r) => r.error), MailStatus.Queued],
    );
  }

  /**
   * `markFailed` for many mails, with the addresses to suppress, in ONE statement (no transaction
   * waits on the worker between two).
   */
  async markFailedMany(failed: FailedMail[]): Promise<void> {
    if (failed.length === 0) return;
    const suppress = new Map(failed.filter((f) => f.suppress).map((f) => [f.suppress as string, f.error]));
    await this.dataSource.query(
      `WITH failed AS (
         UPDATE mail_messages m SET status = $3, last_error = v.error, sending_at = NULL
           FROM unnest($1::uuid[], $2::text[]) AS v(id, error)
          WHERE m.id = v.id AND m.status = $4
       ), suppressed AS (
         INSERT INTO mail_suppressions (email, reason) SELECT * FROM unnest($5::text[], $6::text[])
         ON CONFLICT (email) DO UPDATE SET reason = excluded.reason
       )
       SELECT 1`,
      [
        failed.map((f) => f.id),
        failed.map((f) => f.error),
        MailStatus.Failed,
        MailStatus.Queued,
        [...suppress.keys()],
        [...suppress.values()],
      ],
    );
  }

  /**
   * A batch job's retries are spent: its mails still queued are failed, except those a live worker
   * holds (another job sending them; the batch's own claims were released when its send failed).
   */
  async giveUpMany(mailIds: string[], error: string, leaseMs = MAIL_SEND_LEASE_MS): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_messages SET status = $2, last_error = $3, sending_at = NULL
        WHERE id = ANY($1::uuid[]) AND status = $4
          AND (sending_at IS NULL OR sending_at < now() - ($5 || ' milliseconds')::interval)`,
      [mailIds, MailStatus.Failed, error, MailStatus.Queued, String(leaseMs)],
    );
  }

  /** A transient failure: the claim is given back so the job's retry may send at once. */
  async release(mailId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_messages SET sending_at = NULL, last_error = $2 WHERE id = $1 AND status = $3`,
      [mailId, error, MailStatus.Queued],
    );
  }

  /**
   * Refused for good; `suppress` also stops every later mail to the address. One statement (no
   * transaction waits on the worker between two).
   */
  async markFailed(mailId: string, error: string, suppress?: string): Promise<void> {
    await this.dataSource.query(
      `WITH failed AS (
         UPDATE mail_messages SET status = $2, last_error = $3, sending_at = NULL WHERE id = $1 AND status = $4
       ), suppressed AS (
         INSERT INTO mail_suppressions (email, reason) SELECT $5::text, $3 WHERE $5::text IS NOT NULL
         ON CONFLICT (email) DO UPDATE SET reason = excluded.reason
       )
       SELECT 1`,
      [mailId, MailStatus.Failed, error, MailStatus.Queued, suppress ?? null],
    );
  }

  /**
   * Queued mails past the grace period that no live worker is sending and whose job (their own or
   * their batch's) is not still waiting in the outbox, each with its batch job (null: its own).
   */
  async owed(olderThanMs: number, templates: string[] | null, limit = 1000): Promise<OwedMail[]> {
    const rows: { id: string; batch_job_id: string | null }[] = await this.dataSource.query(
      `SELECT m.id, m.batch_job_id FROM mail_messages m
        WHERE m.status = $1 AND m.created_at < now() - ($2 || ' milliseconds')::interval
          AND ($3::text[] IS NULL OR m.template = ANY($3::text[]))
          AND (m.sending_at IS NULL OR m.sending_at < now() - ($4 || ' milliseconds')::interval)
          AND NOT EXISTS (SELECT 1 FROM outbox o
                           WHERE o.relayed_at IS NULL AND o.job_id = coalesce(m.batch_job_id, $6 || m.id::text))
        ORDER BY m.created_at LIMIT $5`,
      [
        MailStatus.Queued,
        String(olderThanMs),
        templates,
        String(MAIL_SEND_LEASE_MS),
        limit,
        sendMailJobId(''),
      ],
    );
    return rows.map((r) => ({ id: r.id, batchJobId: r.batch_job_id }));
  }
}

function toMail(row: MailRow): MailMessage {
  return Object.assign(new MailMessage(), {
    id: row.id,
    organizationId: row.organization_id,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    links: row.links,
    attachments: row.attachments,
    template: row.template,
    locale: row.locale,
    subjectId: row.subject_id,
    status: row.status,
    attempts: row.attempts,
    renderContext: row.render_context,
    batchJobId: row.batch_job_id,
    createdAt: row.created_at,
  });
}
