import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { HiringEvent } from '../events/event.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { Candidate } from '../registrations/candidate.entity';
import { RegistrationMailTemplate, asMailLocale } from '../registrations/mail-templates';
import { RegistrationMailService } from '../registrations/registration-mail.service';
import { Registration } from '../registrations/registration.entity';
import { User } from '../users/user.entity';
import { CalendarMethod, icsAttachment, interviewIcs } from './interview-calendar';
import { Interview } from './interview.entity';

export type InterviewMail =
  | RegistrationMailTemplate.InterviewInvitation
  | RegistrationMailTemplate.InterviewUpdated
  | RegistrationMailTemplate.InterviewCancelled
  | RegistrationMailTemplate.InterviewReminder;

const METHOD: Partial<Record<InterviewMail, CalendarMethod>> = {
  [RegistrationMailTemplate.InterviewInvitation]: 'REQUEST',
  [RegistrationMailTemplate.InterviewUpdated]: 'REQUEST',
  [RegistrationMailTemplate.InterviewCancelled]: 'CANCEL',
};

const INTERVIEWER_SUBJECT: Record<InterviewMail, string> = {
  [RegistrationMailTemplate.InterviewInvitation]: 'Interview booked',
  [RegistrationMailTemplate.InterviewUpdated]: 'Interview moved',
  [RegistrationMailTemplate.InterviewCancelled]: 'Interview cancelled',
  [RegistrationMailTemplate.InterviewReminder]: 'Interview reminder',
};

/** Tells the candidate (in their language, with their link) and the interviewer about an interview, with an .ics. */
@Injectable()
export class InterviewMailService {
  constructor(
    private readonly registrationMail: RegistrationMailService,
    private readonly notifications: NotificationsService,
  ) {}

  async tell(
    manager: EntityManager,
    interview: Interview,
    template: InterviewMail,
    hoursBefore?: number,
  ): Promise<void> {
    const registration = await manager
      .getRepository(Registration)
      .findOneByOrFail({ id: interview.registrationId });
    const candidate = await manager
      .getRepository(Candidate)
      .findOneByOrFail({ id: registration.candidateId });
    const event = await manager.getRepository(HiringEvent).findOneByOrFail({ id: interview.eventId });
    const interviewer = await manager.getRepository(User).findOneByOrFail({ id: interview.interviewerId });
    const unit = await manager.getRepository(BusinessUnit).findOneByOrFail({ id: interview.businessUnitId });
    const locale = asMailLocale(registration.locale);
    const at = (l: string) =>
      DateTime.fromJSDate(interview.startsAt)
        .setZone(event.timezone)
        .setLocale(l)
        .toFormat('yyyy-MM-dd HH:mm ZZZZ');
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
      await this.registrationMail.queue(
        manager,
        template,
        {
          registrationId: registration.id,
          organizationId: registration.organizationId,
          email: candidate.email,
          name: candidate.name,
          locale: registration.locale,
          checkInCode: registration.checkInCode,
          event,
        },
        {
          extra: {
            unitName: unit.name,
            interviewAt: at(locale === 'zh' ? 'zh-CN' : 'en'),
            location,
            interviewerName: interviewer.name,
            hoursBefore,
          },
          attachments,
        },
      );
    }
    const subject = `${INTERVIEWER_SUBJECT[template]}: ${event.title}, ${at('en')}`;
    await this.notifications.queueMail(manager, {
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
}
