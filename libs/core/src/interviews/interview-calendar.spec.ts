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

  it('escapes TEXT values and folds long lines at 75 octets, never inside a character', () => {
    const ics = interviewIcs(
      {
        ...interview,
        title: 'Interview: 小米 AI 专家招聘会 (NLP, Research; team) '.repeat(3),
        description: 'Line one,\nline two with a backslash \\ and more',
        attendees: [{ name: '王 "小明"', email: 'wang@example.com' }],
      },
      'REQUEST',
    );
    expect(ics.endsWith('\r\n')).toBe(true);
    const lines = ics.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(0);
    expect(ics).not.toContain('\uFFFD');
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(
      `SUMMARY:${'Interview: 小米 AI 专家招聘会 (NLP\\, Research\\; team) '.repeat(3)}\r\n`,
    );
    expect(unfolded).toContain('DESCRIPTION:Line one\\,\\nline two with a backslash \\\\ and more\r\n');
    expect(unfolded).toContain(
      'ATTENDEE;RSVP=TRUE;ROLE=REQ-PARTICIPANT;CN="王  小明 ":mailto:wang@example.com',
    );
    expect(unfolded).toMatch(
      /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n[\s\S]*BEGIN:VEVENT[\s\S]*END:VEVENT\r\nEND:VCALENDAR\r\n$/,
    );
  });

  it('attaches as text/calendar with the method', () => {
    expect(icsAttachment('X', 'CANCEL')).toEqual({
      filename: 'cancel.ics',
      contentType: 'text/calendar; charset=utf-8; method=CANCEL',
      content: 'X',
    });
  });
});
