import { IntakeJob, NotificationJob, QueueName, intakeJobId } from '@hirefair/queue';
import { sendMailJobId } from '../notifications/notifications.service';
import { OUTBOX_CHANNEL } from '../outbox/outbox.service';

/** Events a recruiter may import registrations into (offline sign-ups before and during the fair). */
export const IMPORTABLE_EVENT_STATUSES = ['draft', 'published', 'closed'] as const;
const IMPORTABLE_LIST = IMPORTABLE_EVENT_STATUSES.map((s) => `'${s}'`).join(', ');

const EVENT_COLUMNS = `SELECT e.id, e.slug, e.organization_id, e.status, e.title, e.city, e.timezone, e.locale,
            e.starts_at, e.registration_opens_at, e.registration_closes_at,
            s.registered < s.capacity AS seats_left
       FROM events e JOIN event_seats s ON s.event_id = e.id`;

/**
 * The SQL of one registration, shared by RegistrationsService and the benchmark (which runs it
 * over plain `pg` to measure the physical limit of the endpoint).
 *
 * Seats: one counter row per event (event_seats), taken with a conditional UPDATE. Its row lock
 * serializes the seat-takers of one event, and the arrival number (seq) is drawn while it is held,
 * so seats go strictly by seq. Once the event is full the UPDATE matches nothing and takes no
 * lock: waitlisted registrations run in parallel.
 */
export const REGISTRATION_SQL = {
  event: `${EVENT_COLUMNS} WHERE e.slug = $1 AND e.status IN ('published', 'closed', 'completed')`,

  /** The event a recruiter's import registers into, by id, while it accepts imports. */
  importEvent: `${EVENT_COLUMNS} WHERE e.id = $1 AND e.status IN (${IMPORTABLE_LIST})`,

  /**
   * The whole registration in one statement, run outside an explicit transaction: candidate upsert,
   * seat, registration, timeline row, confirmation mail and the outbox jobs (the mail's, and the
   * intake that evaluates the waiver and routes) commit together, and
   * the seat lock is held for this statement only, never across a round trip to a busy app.
   * The mail and outbox rows are those NotificationsService.queueMail writes; both mail variants
   * come rendered and the seat decides which one is stored.
   * The candidate row is locked before the seat (decision's first column), as everywhere else.
   * The event must be open at this very statement (no row otherwise), so the caller may check
   * it against a cached copy of the event first. A recruiter's import ($35 = the importing staff
   * member) needs only an event that accepts imports, whatever its registration window.
   */
  register: `WITH open_event AS MATERIALIZED (
        SELECT 1 FROM events
         WHERE id = $3 AND CASE WHEN $35::uuid IS NULL
           THEN status = 'published' AND now() >= registration_opens_at AND now() < registration_closes_at
           ELSE status IN (${IMPORTABLE_LIST}) END
      ), candidate AS (
        INSERT INTO candidates (organization_id, email, name, phone) SELECT $2, $4, $5, $6 FROM open_event
        ON CONFLICT (organization_id, email) DO UPDATE SET updated_at = candidates.updated_at
        RETURNING id
      ), seat AS (
        UPDATE event_seats SET registered = registered + 1
         WHERE event_id = $3 AND registered < capacity AND EXISTS (SELECT 1 FROM open_event) RETURNING 1
      ), decision AS MATERIALIZED (
        SELECT (SELECT id FROM candidate) AS candidate_id, EXISTS (SELECT 1 FROM seat) AS seated
      ), registration AS (
        INSERT INTO registrations (id, organization_id, event_id, candidate_id, seq, status, check_in_code,
                                   token_hashes, locale, degree, years_of_experience, city, specialties,
                                   profile, consent)
        SELECT $1, $2, $3, d.candidate_id, nextval('registrations_seq'),
               CASE WHEN d.seated THEN 'registered' ELSE 'waitlisted' END, $7, ARRAY[$8::text], $9, $10,
               $11, $12, $13::text[], $14::jsonb, $15::jsonb
          FROM decision d WHERE d.candidate_id IS NOT NULL
        RETURNING id, organization_id, candidate_id, status, seq, created_at
      ), timeline AS (
        INSERT INTO registration_timeline (registration_id, organization_id, actor_type, actor_id, field,
                                           from_value, to_value, reason)
        SELECT id, organization_id, CASE WHEN $35::uuid IS NULL THEN 'candidate' ELSE 'staff' END,
               coalesce($35::uuid, candidate_id), 'status', NULL, status, $36::text FROM registration
      ), mail AS (
        INSERT INTO mail_messages (id, organization_id, to_address, subject, text_body, html_body, links,
                                   template, locale, subject_id, status)
        SELECT $16, organization_id, $4,
               CASE WHEN status = 'registered' THEN $17 ELSE $21 END,
               CASE WHEN status = 'registered' THEN $18 ELSE $22 END,
               CASE WHEN status = 'registered' THEN $19 ELSE $23 END,
               CASE WHEN status = 'registered' THEN $20::jsonb ELSE $24::jsonb END,
               CASE WHEN status = 'registered' THEN $25 ELSE $26 END,
               $27, id, 'queued'
          FROM registration
        RETURNING id
      ), job AS (
        INSERT INTO outbox (queue, job_name, job_id, payload)
        SELECT $28, $29, $30, jsonb_build_object('mailId', id) FROM mail
        UNION ALL
        SELECT $32, $33, $34, jsonb_build_object('registrationId', id) FROM registration
      )
      SELECT status, seq, created_at, pg_notify($31, '') FROM registration`,
} as const;

export const REGISTRATION_UNIQUE = 'registrations_event_candidate_unique';

export { rowsOf } from '../common/sql-results';

export interface MailVariant {
  template: string;
  subject: string;
  text: string;
  html: string;
  links: { label: string; url: string }[];
}

export interface RegistrationRecord {
  id: string;
  organizationId: string;
  eventId: string;
  email: string;
  name: string;
  phone: string | null;
  checkInCode: string;
  tokenHash: string;
  locale: string;
  degree: string;
  yearsOfExperience: number;
  city: string;
  specialties: string[];
  profile: object;
  consent: object;
  mailId: string;
  mailLocale: string;
  registeredMail: MailVariant;
  waitlistedMail: MailVariant;
  /** An import: the staff member who imported the row, and the timeline's reason. */
  importedBy?: string | null;
  timelineReason?: string | null;
}

/** The parameters of REGISTRATION_SQL.register, in order. */
export function registrationParams(r: RegistrationRecord): unknown[] {
  const variant = (m: MailVariant) => [m.subject, m.text, m.html, JSON.stringify(m.links)];
  return [
    r.id,
    r.organizationId,
    r.eventId,
    r.email,
    r.name,
    r.phone,
    r.checkInCode,
    r.tokenHash,
    r.locale,
    r.degree,
    r.yearsOfExperience,
    r.city,
    r.specialties,
    JSON.stringify(r.profile),
    JSON.stringify(r.consent),
    r.mailId,
    ...variant(r.registeredMail),
    ...variant(r.waitlistedMail),
    r.registeredMail.template,
    r.waitlistedMail.template,
    r.mailLocale,
    QueueName.Notifications,
    NotificationJob.SendMail,
    sendMailJobId(r.mailId),
    OUTBOX_CHANNEL,
    QueueName.Intake,
    IntakeJob.Evaluate,
    intakeJobId(r.id),
    r.importedBy ?? null,
    r.timelineReason ?? null,
  ];
}
