import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InterviewInvitationsPayload, InterviewReminderPayload } from '@hirefair/queue';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { formatZoned } from '../common/zoned-time';
import { HiringEvent } from '../events/event.entity';
import { NewMail, NotificationsService } from '../notifications/notifications.service';
import { OutboxService } from '../outbox/outbox.service';
import { Candidate } from '../registrations/candidate.entity';
import { RegistrationMailTemplate, asMailLocale } from '../notifications/mail-template-names';
import { RegistrationMailService } from '../registrations/registration-mail.service';
import { Registration } from '../registrations/registration.entity';
import { User } from '../users/user.entity';
import { WebhookEventsService } from '../webhooks/webhook-events.service';
import { CalendarMethod, icsAttachment, interviewIcs } from './interview-calendar';
import { ACTIVE_INTERVIEW_STATUSES, Interview } from './interview.entity';
import { InterviewBookingRepository } from './interview-booking.repository';
import { reminderJobs } from './interview-jobs';
import { InterviewMailRepository } from './interview-mail.repository';

export type InterviewMail =
  | RegistrationMailTemplate.InterviewInvitation
  | RegistrationMailTemplate.InterviewUpdated
  | RegistrationMailTemplate.InterviewCancelled
  | RegistrationMailTemplate.InterviewReminder
  | RegistrationMailTemplate.InterviewConflict;

const METHOD: Partial<Record<InterviewMail, CalendarMethod>> = {
  [RegistrationMailTemplate.InterviewInvitation]: 'REQUEST',
  [RegistrationMailTemplate.InterviewUpdated]: 'REQUEST',
  [RegistrationMailTemplate.InterviewCancelled]: 'CANCEL',
};

/** The interviewer's copy of a mail (none for a conflict: the recruiter sees it flagged). */
const INTERVIEWER_SUBJECT: Partial<Record<InterviewMail, string>> = {
  [RegistrationMailTemplate.InterviewInvitation]: 'Interview booked',
  [RegistrationMailTemplate.InterviewUpdated]: 'Interview moved',
  [RegistrationMailTemplate.InterviewCancelled]: 'Interview cancelled',
  [RegistrationMailTemplate.InterviewReminder]: 'Interview reminder',
};

/** Interviews rendered between two yields to the event loop. */
const YIELD_EVERY = 10;

/** Tells the candidate (in their language, with their link) and the interviewer about an interview, with an .ics. */
@Injectable()
export class InterviewMailService {
  constructor(
    private readonly registrationMail: RegistrationMailService,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhookEventsService,
    private readonly outbox: OutboxService,
    private readonly repository: InterviewMailRepository,
    private readonly interviews: InterviewBookingRepository,
  ) {}

  /**
   * Invites candidate and interviewer to the interview versions a booking batch held, those still
   * holding that time, and owes those versions' reminders. At least once, like every job: a re-run
   * after a crash re-sends the same REQUEST (same UID and SEQUENCE), which a calendar applies once,
   * and owes the same reminder job ids again (a no-op while they wait).
   */
  async invite(payload: InterviewInvitationsPayload): Promise<number> {
    return this.repository.transaction(async (manager) => {
      const versions = new Map(payload.interviews.map((i) => [i.id, i.version]));
      const interviews = (await this.interviews.findInterviews(manager, [...versions.keys()])).filter(
        (i) => versions.get(i.id) === i.version && ACTIVE_INTERVIEW_STATUSES.includes(i.status),
      );
      await this.tellMany(manager, interviews, RegistrationMailTemplate.InterviewInvitation, undefined, {
        announced: true,
      });
      await this.outbox.add(manager, ...interviews.flatMap((i) => reminderJobs(i)));
      return interviews.length;
    });
  }

  /** Sends a reminder only if the interview still holds that time (same version, still active). */
  async remind(payload: InterviewReminderPayload): Promise<'sent' | 'stale'> {
    return this.repository.transaction(async (manager) => {
      const interview = await this.interviews.findInterview(payload.interviewId, manager);
      if (
        !interview ||
        interview.version !== payload.version ||
        !ACTIVE_INTERVIEW_STATUSES.includes(interview.status)
      )
        return 'stale';
      await this.tell(manager, interview, RegistrationMailTemplate.InterviewReminder, payload.hoursBefore);
      return 'sent';
    });
  }

  async tell(
    manager: EntityManager,
    interview: Interview,
    template: InterviewMail,
    hoursBefore?: number,
  ): Promise<void> {
    await this.tellMany(manager, [interview], template, hoursBefore);
  }

  /** The webhook event of the change a mail tells of, in the transaction that makes the change. */
  announce(manager: EntityManager, interviews: Interview[], template: InterviewMail): Promise<void> {
    return this.webhooks.interviewsChanged(manager, interviews, template);
  }

  /**
   * `tell` for many interviews of distinct registrations: a few reads and two inserts for all of
   * them. Also announces the change, unless the caller did in the change's own transaction
   * (invitations rendered by a later job).
   */
  async tellMany(
    manager: EntityManager,
    interviews: Interview[],
    template: InterviewMail,
    hoursBefore?: number,
    { announced = false }: { announced?: boolean } = {},
  ): Promise<void> {
    if (interviews.length === 0) return;
    if (!announced) await this.announce(manager, interviews, template);
    const { registrations, candidates, events, interviewers, units } = await this.repository.context(
      manager,
      interviews,
    );
    const candidateMails: Parameters<RegistrationMailService['queueMany']>[1] = [];
    const interviewerMails: NewMail[] = [];
    for (const [k, interview] of interviews.entries()) {
      // Rendering (.ics above all) is CPU work: a batch of it yields now and then, so that a
      // scheduling run sharing this process is not held up between its statements.
      if (k > 0 && k % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      const found = (map: Map<string, unknown>, id: string, what: string) => {
        const value = map.get(id);
        if (!value) throw new Error(`${what} ${id} of interview ${interview.id} not found`);
        return value;
      };
      const registration = found(registrations, interview.registrationId, 'Registration') as Registration;
      const candidate = found(candidates, registration.candidateId, 'Candidate') as Candidate;
      const event = found(events, interview.eventId, 'Event') as HiringEvent;
      const interviewer = found(interviewers, interview.interviewerId, 'Interviewer') as User;
      const unit = found(units, interview.businessUnitId, 'Business unit') as BusinessUnit;
      const locale = asMailLocale(registration.locale);
      const at = (l: string) => formatZoned(interview.startsAt, event.timezone, l);
      const location = interview.location ?? event.city;
      const method = METHOD[template];
      const erased = candidate.erasedAt !== null || registration.erasedAt !== null;
      const attachment = method
        ? icsAttachment(
            interviewIcs(
              {
                uid: interview.icalUid,
                sequence: interview.version,
                startsAt: interview.startsAt,
                endsAt: interview.endsAt,
                title: `Interview: ${event.title} (${unit.name})`,
                location,
                description: `Interview with the ${unit.name} team at ${event.title}.`,
                organizer: { name: interviewer.name, email: interviewer.email },
                attendees: erased
                  ? [{ name: interviewer.name, email: interviewer.email }]
                  : [
                      { name: candidate.name, email: candidate.email },
                      { name: interviewer.name, email: interviewer.email },
                    ],
              },
              method,
            ),
            method,
          )
        : undefined;
      const attachments = attachment ? [attachment] : [];
      if (!erased) {
        candidateMails.push({
          template,
          to: {
            registrationId: registration.id,
            organizationId: registration.organizationId,
            email: candidate.email,
            name: candidate.name,
            locale: registration.locale,
            checkInCode: registration.checkInCode,
            event,
          },
          extra: {
            unitName: unit.name,
            interviewAt: at(locale === 'zh' ? 'zh-CN' : 'en'),
            location,
            interviewerName: interviewer.name,
            hoursBefore,
          },
          attachments,
        });
      }
      const heading = INTERVIEWER_SUBJECT[template];
      if (!heading) continue;
      const subject = `${heading}: ${event.title}, ${at('en')}`;
      interviewerMails.push({
        organizationId: interview.organizationId,
        to: interviewer.email,
        subject,
        text: [
          `${subject}.`,
          `Candidate: ${erased ? '(erased)' : candidate.name}, unit ${unit.name}, ${location}.`,
          `Interview ${interview.id}.`,
        ].join('\n'),
        template: `${template}.interviewer`,
        attachments,
        // Filed under the registration: erasing the candidate scrubs the interviewer's copy too.
        subjectId: registration.id,
      });
    }
    await this.registrationMail.queueMany(manager, candidateMails);
    await this.notifications.queueMails(manager, interviewerMails);
  }
}
