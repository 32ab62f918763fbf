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

/**
 * An iTIP invitation (METHOD:REQUEST) or cancellation (METHOD:CANCEL) of one interview, as an .ics
 * file (RFC 5545: CRLF lines folded at 75 octets, TEXT values escaped). Written directly: a run
 * renders thousands of them, and a generic builder validating every event cost milliseconds each.
 */
export function interviewIcs(interview: CalendarInterview, method: CalendarMethod): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'PRODID:hirefair/interviews',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${text(interview.uid)}`,
    `SUMMARY:${text(interview.title)}`,
    `DTSTAMP:${utc(new Date())}`,
    `DTSTART:${utc(interview.startsAt)}`,
    `DTEND:${utc(interview.endsAt)}`,
    `SEQUENCE:${interview.sequence}`,
    `DESCRIPTION:${text(interview.description)}`,
    `LOCATION:${text(interview.location)}`,
    `STATUS:${method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    `ORGANIZER;CN=${param(interview.organizer.name)}:mailto:${interview.organizer.email}`,
    'X-MICROSOFT-CDO-BUSYSTATUS:BUSY',
    ...interview.attendees.map(
      (a) => `ATTENDEE;RSVP=TRUE;ROLE=REQ-PARTICIPANT;CN=${param(a.name)}:mailto:${a.email}`,
    ),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** A UTC date-time: 20261201T010000Z. */
const utc = (d: Date): string =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** A TEXT value: backslash, semicolon, comma and line breaks escaped. */
const text = (value: string): string => value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, '\\n');

/** A parameter value, quoted (a double quote or control character cannot appear in one). */
const param = (value: string): string =>
  `"${[...value].map((c) => (c === '"' || c.charCodeAt(0) < 0x20 || c === '\u007f' ? ' ' : c)).join('')}"`;

/** Folds a content line at 75 octets (never inside a UTF-8 sequence): CRLF and a space go between. */
function fold(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    // Continuation lines start with a space, which counts towards their 75 octets.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function icsAttachment(ics: string, method: CalendarMethod): MailAttachment {
  return {
    filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
    contentType: `text/calendar; charset=utf-8; method=${method}`,
    content: ics,
  };
}
