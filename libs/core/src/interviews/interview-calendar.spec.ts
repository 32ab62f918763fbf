import { CalendarInterview, icsAttachment, interviewIcs } from './interview-calendar';

const interview: CalendarInterview = {
  uid: 'c0ffee00-0000-4000-8000-000000000001@hirefair',
  sequence: 3,
  startsAt: new Date('2026-12-01T01:00:00Z'),
  endsAt: new Date('2026-12-01T01:45:00Z'),
  title: 'Interview: AI Fair (NLP)',
  location: 'Hall 1, Beijing',
  description: 'Interview with the NLP team.',
  organizer: { name: 'Ida Interviewer', email: 'ida@example.com' },
  attendees: [
    { name: 'Cai Candidate', email: 'cai@example.com' },
    { name: 'Ida Interviewer', email: 'ida@example.com' },
  ],
};

describe('interview .ics', () => {
  it('invites with METHOD:REQUEST, the stable UID, the version as SEQUENCE and UTC times', () => {
    const ics = interviewIcs(interview, 'REQUEST');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:${interview.uid}`);
    expect(ics).toContain('SEQUENCE:3');
    expect(ics).toContain('DTSTART:20261201T010000Z');
    expect(ics).toContain('DTEND:20261201T014500Z');
    expect(ics).toContain('STATUS:CONFIRMED');
    // Long lines are folded (RFC 5545): unfold before matching.
    expect(ics.replace(/\r?\n[ \t]/g, '')).toMatch(/ATTENDEE;.*mailto:cai@example.com/);
  });

  it('cancels the same UID with METHOD:CANCEL and STATUS:CANCELLED', () => {
    const ics = interviewIcs({ ...interview, sequence: 4 }, 'CANCEL');
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain(`UID:${interview.uid}`);
    expect(ics).toContain('SEQUENCE:4');
  });

  it('attaches as text/calendar with the method', () => {
    expect(icsAttachment('X', 'CANCEL')).toEqual({
      filename: 'cancel.ics',
      contentType: 'text/calendar; charset=utf-8; method=CANCEL',
      content: 'X',
    });
  });
});
