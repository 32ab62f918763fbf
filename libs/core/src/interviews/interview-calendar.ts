import { createEvent } from 'ics';
import type { MailAttachment } from '../notifications/mail-message.entity';

export type CalendarMethod = 'REQUEST' | 'CANCEL';

export interface CalendarInterview {
  uid: string;
  /** The interview's version: a calendar applies the update with the highest SEQUENCE. */
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  title: string;
  location: string;
  description: string;
  organizer: { name: string; email: string };
  attendees: { name: string; email: string }[];
}

/** An iTIP invitation (METHOD:REQUEST) or cancellation (METHOD:CANCEL) of one interview, as an .ics file. */
export function interviewIcs(interview: CalendarInterview, method: CalendarMethod): string {
  const { error, value } = createEvent({
    uid: interview.uid,
    sequence: interview.sequence,
    method,
    productId: 'hirefair/interviews',
    start: interview.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: interview.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: interview.title,
    description: interview.description,
    location: interview.location,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    busyStatus: 'BUSY',
    organizer: interview.organizer,
    attendees: interview.attendees.map((a) => ({ ...a, rsvp: true, role: 'REQ-PARTICIPANT' })),
  });
  if (error || !value) throw error ?? new Error('ics produced no calendar');
  return value;
}

export function icsAttachment(ics: string, method: CalendarMethod): MailAttachment {
  return {
    filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
    contentType: `text/calendar; charset=utf-8; method=${method}`,
    content: ics,
  };
}
