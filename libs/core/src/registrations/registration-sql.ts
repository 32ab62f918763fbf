import {
  IntakeJob,
  NotificationJob,
  QueueName,
  intakeJobId,
  sendMailJobId,
  sendMailsJobId,
} from '@hirefair/queue';
import { mailFactsInsertSql, toldSinceSql, unrenderedMailInsertSql } from '../notifications/mail-sql';
import { outboxInsertSql } from '../outbox/outbox-sql';
import { OUTBOX_CHANNEL } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from './mail-templates';
import {
  IMPORTABLE_EVENT_STATUSES,
  RegistrationRecord,
  RegistrationTarget,
  StoredMail,
  TellMail,
} from './registration.types';
import { RegistrationStatus, Stage } from './registration-state';

const IMPORTABLE_LIST = IMPORTABLE_EVENT_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Registers a batch of candidates for one event in ONE statement, outside an explicit transaction
 * (or inside the caller's, for imports): candidate upserts (in email order, as every batch does, so
 * two batches cannot deadlock), the seat counter locked once and moved once, registrations with
 * their arrival numbers drawn in batch order while the counter is held (seats go strictly by
 * arrival, inside and across batches), the first timeline row, the confirmation mail as facts for
 * the mail job to render, the outbox rows and one NOTIFY: ONE mail job for all the statement's
 * mails (`send-mails`, named after its first mail; a statement of one registration owes that mail's
 * own `send-mail` job), and ONE intake job for the whole statement, its first registration's: that
 * job runs its event's intake, which takes every owed registration of the event, and the
 * statement's rows commit together.
 * An email met twice in the batch, or already registered for the event, gets no row: the caller
 * answers it as a duplicate. A registration that commits concurrently elsewhere makes the statement
 * fail on REGISTRATION_UNIQUE; the caller takes the batch again one by one.
 * The answer is one row: whether the event exists and is open now, and the rows registered.
 */
export const REGISTER_BATCH_SQL = `WITH ev AS MATERIALIZED (
    SELECT e.id, e.organization_id, e.locale,
           CASE WHEN $3::uuid IS NULL
             THEN e.status = 'published' AND now() >= e.registration_opens_at AND now() < e.registration_closes_at
             ELSE e.status IN (${IMPORTABLE_LIST}) END AS open
      FROM events e WHERE CASE WHEN $1::text IS NULL THEN e.id = $2::uuid ELSE e.slug = $1 END
  ), input AS MATERIALIZED (
    SELECT x.*, o.ord FROM ev, jsonb_array_elements($5::jsonb) WITH ORDINALITY AS o(doc, ord),
           jsonb_to_record(o.doc) AS x(id uuid, email text, name text, phone text, check_in_code text,
             token_hash text, locale text, degree text, years int, city text, specialties jsonb, profile jsonb,
             consent jsonb, mail_id uuid, access_url text, mail_job text, mails_job text, intake_job text)
     WHERE ev.open
  ), firsts AS MATERIALIZED (
    SELECT DISTINCT ON (email) * FROM input ORDER BY email, ord
  ), candidate AS (
    INSERT INTO candidates (organization_id, email, name, phone)
    SELECT ev.organization_id, f.email, f.name, f.phone FROM firsts f, ev ORDER BY f.email
    ON CONFLICT (organization_id, email) DO UPDATE SET updated_at = candidates.updated_at
    RETURNING id, email
  ), fresh AS MATERIALIZED (
    SELECT f.*, c.id AS candidate_id FROM firsts f JOIN candidate c ON c.email = f.email
      LEFT JOIN LATERAL (SELECT 1 AS taken FROM registrations r
                          WHERE r.event_id = (SELECT id FROM ev) AND r.candidate_id = c.id LIMIT 1) t ON true
     WHERE t.taken IS NULL
  ), counter AS MATERIALIZED (
    SELECT s.capacity, s.registered FROM event_seats s
     WHERE s.event_id = (SELECT id FROM ev) AND EXISTS (SELECT 1 FROM fresh) FOR UPDATE
  ), granted AS MATERIALIZED (
    SELECT least(c.capacity - c.registered, (SELECT count(*) FROM fresh))::int AS seats FROM counter c
  ), numbered AS MATERIALIZED (
    SELECT q.*, nextval('registrations_seq') AS seq, row_number() OVER (ORDER BY q.ord) AS rank
      FROM (SELECT f.* FROM fresh f, counter ORDER BY f.ord) q
  ), batch AS MATERIALIZED (
    SELECT count(*) AS n, (array_agg(mails_job ORDER BY ord))[1] AS job_id FROM numbered
  ), seat AS (
    UPDATE event_seats s SET registered = s.registered + g.seats FROM granted g
     WHERE s.event_id = (SELECT id FROM ev) AND g.seats > 0
  ), registration AS (
    INSERT INTO registrations (id, organization_id, event_id, candidate_id, seq, status, check_in_code,
                               token_hashes, locale, degree, years_of_experience, city, specialties, profile, consent)
    SELECT n.id, ev.organization_id, ev.id, n.candidate_id, n.seq,
           CASE WHEN n.rank <= g.seats THEN 'registered' ELSE 'waitlisted' END, n.check_in_code,
           ARRAY[n.token_hash], coalesce(n.locale, ev.locale), n.degree, n.years, n.city,
           ARRAY(SELECT jsonb_array_elements_text(n.specialties)), n.profile, n.consent
      FROM numbered n, ev, granted g
    RETURNING id, organization_id, candidate_id, status, locale
  ), timeline AS (
    INSERT INTO registration_timeline (registration_id, organization_id, actor_type, actor_id, field,
                                       from_value, to_value, reason)
    SELECT id, organization_id, CASE WHEN $3::uuid IS NULL THEN 'candidate' ELSE 'staff' END,
           coalesce($3::uuid, candidate_id), 'status', NULL, status, $4::text FROM registration
  ), mail AS (
    ${unrenderedMailInsertSql(`SELECT n.mail_id, r.organization_id, n.email,
           CASE WHEN r.status = 'registered' THEN $6 ELSE $7 END,
           CASE WHEN r.locale ILIKE 'zh%' THEN 'zh' ELSE 'en' END, r.id,
           jsonb_build_array(jsonb_build_object('label', '', 'url', n.access_url)),
           jsonb_build_object('accessUrl', n.access_url), CASE WHEN b.n > 1 THEN b.job_id END
      FROM registration r JOIN numbered n ON n.id = r.id, batch b`)}
  ), job AS (
    ${outboxInsertSql(`SELECT $8, $9, n.mail_job, jsonb_build_object('mailId', n.mail_id)
      FROM mail m JOIN numbered n ON n.mail_id = m.id, batch b WHERE b.n = 1
    UNION ALL
    SELECT $8, $13, b.job_id, jsonb_build_object('mailIds', jsonb_agg(m.id ORDER BY n.ord))
      FROM mail m JOIN numbered n ON n.mail_id = m.id, batch b WHERE b.n > 1 GROUP BY b.job_id
    UNION ALL
    SELECT $10, $11, n.intake_job, jsonb_build_object('registrationId', r.id)
      FROM registration r JOIN numbered n ON n.id = r.id WHERE n.rank = 1`)}
  ), notify AS (
    SELECT pg_notify($12, '') FROM (SELECT 1 FROM registration LIMIT 1) one
  )
  SELECT (SELECT count(*) FROM ev)::int AS found, coalesce((SELECT open FROM ev), false) AS open,
         (SELECT count(*) FROM notify)::int AS notified,
         coalesce((SELECT jsonb_agg(jsonb_build_object('id', id, 'status', status)) FROM registration), '[]')
           AS registered`;

/** The parameters of REGISTER_BATCH_SQL. */
export function registerBatchParams(target: RegistrationTarget, rows: RegistrationRecord[]): unknown[] {
  const online = 'slug' in target;
  return [
    online ? target.slug : null,
    online ? null : target.eventId,
    online ? null : target.importedBy,
    online ? null : target.reason,
    JSON.stringify(
      rows.map((r) => ({
        id: r.id,
        email: r.email,
        name: r.name,
        phone: r.phone,
        check_in_code: r.checkInCode,
        token_hash: r.tokenHash,
        locale: r.locale,
        degree: r.degree,
        years: r.yearsOfExperience,
        city: r.city,
        specialties: r.specialties,
        profile: r.profile,
        consent: r.consent,
        mail_id: r.mailId,
        access_url: r.accessUrl,
        mail_job: sendMailJobId(r.mailId),
        mails_job: sendMailsJobId(r.mailId),
        intake_job: intakeJobId(r.id),
      })),
    ),
    RegistrationMailTemplate.Registered,
    RegistrationMailTemplate.Waitlisted,
    QueueName.Notifications,
    NotificationJob.SendMail,
    QueueName.Intake,
    IntakeJob.Evaluate,
    OUTBOX_CHANNEL,
    NotificationJob.SendMails,
  ];
}

/**
 * The token piece of the mail statements: each registration's live tokens get the hashes of the
 * mails `source` yields (registration_id, token_hash, ord), newest first, the newest $2 kept; one
 * update per registration, however many of its mails the statement stores.
 */
const tokensUpdateSql = (source: string): string =>
  `UPDATE registrations r SET token_hashes = (t.hashes || r.token_hashes)[1:$2::int]
      FROM (SELECT s.registration_id, array_agg(s.token_hash ORDER BY s.ord DESC) AS hashes
              FROM ${source} GROUP BY s.registration_id) t
     WHERE r.id = t.registration_id`;

/**
 * The outbox piece of the mail statements: the mails `stored` yields (m: the insert's RETURNING,
 * i: its input row, with ord, mail_id, mail_job) owe ONE `send-mails` job named `batch.job_id` when
 * `batch.n` > 1 (as their batch_job_id says), or, when `batch.n` = 1, that mail's own `send-mail`.
 */
const mailJobsInsertSql = (stored: string): string =>
  outboxInsertSql(`SELECT $3, $4, i.mail_job, jsonb_build_object('mailId', i.mail_id)
      FROM ${stored}, batch b WHERE b.n = 1
    UNION ALL
    SELECT $3, $6, b.job_id, jsonb_build_object('mailIds', jsonb_agg(m.id ORDER BY i.ord))
      FROM ${stored}, batch b WHERE b.n > 1 GROUP BY b.job_id`);

/**
 * Stores candidate mails in one statement: each registration's new token hash (the newest $2
 * kept), the mail rows (no body: the mail job renders it), their outbox job and the relay's
 * wake-up; a mail already told since its `told_since` is left out. The mails stored owe ONE job
 * (`send-mails`, named after the first stored), or their mail's own `send-mail` when only one was
 * stored. One round trip, so the caller's transaction does not wait between statements. Yields
 * how many mails it stored.
 */
export const STORE_MAILS_SQL = `WITH input AS MATERIALIZED (
    SELECT i.*, o.ord FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS o(doc, ord),
           jsonb_to_record(o.doc) AS i(mail_id uuid, registration_id uuid, token_hash text,
      organization_id uuid, to_address text, template text, locale text, links jsonb, attachments jsonb,
      render_context jsonb, mail_job text, mails_job text, told_since timestamptz)
     WHERE i.told_since IS NULL OR NOT ${toldSinceSql('i.registration_id', 'i.template', 'i.told_since')}
  ), batch AS MATERIALIZED (
    SELECT count(*) AS n, (array_agg(mails_job ORDER BY ord))[1] AS job_id FROM input
  ), token AS (
    ${tokensUpdateSql('input s')}
  ), mail AS (
    ${mailFactsInsertSql(`SELECT mail_id, organization_id, to_address, template, locale, registration_id, links,
           attachments, render_context, CASE WHEN b.n > 1 THEN b.job_id END FROM input, batch b`)}
  ), job AS (
    ${mailJobsInsertSql('mail m JOIN input i ON i.mail_id = m.id')}
  )
  SELECT (SELECT count(*) FROM input)::int AS stored, pg_notify($5, '') AS notified`;

/**
 * The pipeline mails of a job (`Tell`, `TellMany`), in ONE statement of its own (autocommit: no
 * transaction waits on the worker between statements), with the outcome of each tell counted:
 * - `locked`: the registrations named, with their candidates' address and erasure, row-locked
 *   `FOR NO KEY UPDATE OF r` in id order (as every locker of several registrations; no candidate row
 *   is locked, so a withdrawal's or erasure's order, candidate then registration, is never
 *   crossed). All are locked before any mail is judged or written (`judged` waits for the whole of
 *   `locked`).
 * - `judged`: whether each tell's step still holds, on the LOCKED row: in READ COMMITTED a row lock
 *   that waited for a concurrent withdrawal, erasure or routing returns the row's newest version
 *   (re-checked after the wait), not the statement's snapshot, so the checks see what that
 *   transaction committed, and the lock keeps the row so until this statement commits. Not erased
 *   (registration or candidate: an erasure also erases the registration row, which is what the
 *   lock sees), not withdrawn ($9), a routing template ($7) only while `routed_at` is the tell's
 *   `since`, the written test ($8) only while the stage is $10.
 * - `fresh`: those not told since their step (a later step's mail of the template is stored),
 *   then `mail`: inserted with their step (`step_at`) ON CONFLICT DO NOTHING. The snapshot cannot
 *   show a mail a concurrent run of the same job committed while this one waited on the row lock;
 *   the unique (subject, template, step) index does, so each mail is stored once however the runs
 *   interleave. The token, outbox and NOTIFY pieces take only the mails the insert returned; the
 *   mails inserted owe one `send-mails` job (as their batch_job_id says) when the statement
 *   meant to store more than one, else the mail's own `send-mail`.
 * The counts: told = inserted, already = holding but told since or stored already, stale =
 * existing but the step no longer holds, missing = no such registration.
 */
export const TELL_MAILS_SQL = `WITH input AS MATERIALIZED (
    SELECT i.*, o.ord FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS o(doc, ord),
           jsonb_to_record(o.doc) AS i(mail_id uuid, registration_id uuid, template text, since timestamptz,
             token_hash text, links jsonb, render_context jsonb, mail_job text, mails_job text)
  ), locked AS MATERIALIZED (
    SELECT r.id, r.organization_id, r.locale, r.status, r.stage, r.routed_at, r.erased_at, c.email,
           c.erased_at AS candidate_erased_at
      FROM registrations r JOIN candidates c ON c.id = r.candidate_id
     WHERE r.id IN (SELECT registration_id FROM input)
     ORDER BY r.id FOR NO KEY UPDATE OF r
  ), judged AS MATERIALIZED (
    SELECT i.*, l.id IS NOT NULL AS found, l.organization_id, l.email, l.locale,
           coalesce(l.erased_at IS NULL AND l.candidate_erased_at IS NULL AND l.status <> $9
             AND (i.template <> ALL($7::text[]) OR date_trunc('milliseconds', l.routed_at) = i.since)
             AND (i.template <> $8 OR l.stage = $10), false) AS holds
      FROM input i LEFT JOIN locked l ON l.id = i.registration_id
     WHERE (SELECT count(*) FROM locked) >= 0
  ), fresh AS MATERIALIZED (
    SELECT j.* FROM judged j
     WHERE j.holds AND NOT ${toldSinceSql('j.registration_id', 'j.template', 'j.since')}
  ), batch AS MATERIALIZED (
    SELECT count(*) AS n, (array_agg(mails_job ORDER BY ord))[1] AS job_id FROM fresh
  ), mail AS (
    ${mailFactsInsertSql(
      `SELECT f.mail_id, f.organization_id, lower(btrim(f.email)), f.template,
           CASE WHEN f.locale ILIKE 'zh%' THEN 'zh' ELSE 'en' END, f.registration_id, f.links, '[]'::jsonb,
           f.render_context, CASE WHEN b.n > 1 THEN b.job_id END, f.since
      FROM fresh f, batch b ORDER BY f.ord`,
      { oncePerStep: true },
    )}
  ), token AS (
    ${tokensUpdateSql('mail m JOIN fresh s ON s.mail_id = m.id')}
  ), job AS (
    ${mailJobsInsertSql('mail m JOIN fresh i ON i.mail_id = m.id')}
  ), notify AS (
    SELECT pg_notify($5, '') FROM (SELECT 1 FROM mail LIMIT 1) one
  )
  SELECT (SELECT count(*) FROM mail)::int AS told,
         (SELECT count(*) FROM judged WHERE holds)::int - (SELECT count(*) FROM mail)::int AS already,
         (SELECT count(*) FROM judged WHERE found AND NOT holds)::int AS stale,
         (SELECT count(*) FROM judged WHERE NOT found)::int AS missing,
         (SELECT count(*) FROM notify)::int AS notified`;

/** The parameters of TELL_MAILS_SQL: the tells (each with its new mail's id, token and link) and the rules. */
export function tellMailsParams(tells: TellMail[], keep: number): unknown[] {
  return [
    JSON.stringify(
      tells.map((t) => ({
        mail_id: t.mailId,
        registration_id: t.registrationId,
        template: t.template,
        since: t.since,
        token_hash: t.tokenHash,
        links: t.links,
        render_context: t.renderContext,
        mail_job: sendMailJobId(t.mailId),
        mails_job: sendMailsJobId(t.mailId),
      })),
    ),
    keep,
    QueueName.Notifications,
    NotificationJob.SendMail,
    OUTBOX_CHANNEL,
    NotificationJob.SendMails,
    [RegistrationMailTemplate.Routed, RegistrationMailTemplate.FastTracked],
    RegistrationMailTemplate.TestRequired,
    RegistrationStatus.Withdrawn,
    Stage.TestRequired,
  ];
}

/** The parameters of STORE_MAILS_SQL. */
export function storeMailsParams(mails: StoredMail[], keep: number): unknown[] {
  return [
    JSON.stringify(
      mails.map((m) => ({
        mail_id: m.mailId,
        registration_id: m.registrationId,
        token_hash: m.tokenHash,
        organization_id: m.organizationId,
        to_address: m.to.trim().toLowerCase(),
        template: m.template,
        locale: m.locale,
        links: m.links,
        attachments: m.attachments,
        render_context: m.renderContext,
        mail_job: sendMailJobId(m.mailId),
        mails_job: sendMailsJobId(m.mailId),
        told_since: m.unlessToldSince ?? null,
      })),
    ),
    keep,
    QueueName.Notifications,
    NotificationJob.SendMail,
    OUTBOX_CHANNEL,
    NotificationJob.SendMails,
  ];
}
