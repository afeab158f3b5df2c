import ical, { type VEvent } from 'node-ical';
import { sampleInterview } from '../../test/live-fixtures';
import { calendarUid, interviewCalendar, type InterviewCalendarInput } from './interview-calendar';

const candidateLink = 'https://candor.example/join/k1.AAAAAAAAAAAAAAAAAAAAAA.candidate-token';
const hostLink = 'https://candor.example/host/k1.AAAAAAAAAAAAAAAAAAAAAA.host-token';
const stamp = '2026-11-20T09:30:00.000Z';

function input(overrides: Partial<InterviewCalendarInput> = {}): InterviewCalendarInput {
  return {
    method: 'REQUEST',
    interview: sampleInterview(),
    recipient: { name: 'Zoë Ødegaard', email: 'zoe@example.com', role: 'candidate' },
    link: candidateLink,
    stamp,
    ...overrides,
  };
}

/** The .ics parsed back: its one event, the calendar's METHOD, and the raw text. */
function parse(content: string) {
  const parsed = ical.sync.parseICS(content);
  const events = Object.values(parsed).filter((component): component is VEvent => component?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  return {
    event: events[0]!,
    method: /^METHOD:(.+)$/m.exec(content)?.[1]?.trim(),
    text: content.replace(/\r\n /g, ''),
  };
}

describe('interview calendar (.ics)', () => {
  it('starts at the local wall-clock time in the interview zone, with its VTIMEZONE', () => {
    const calendar = interviewCalendar(input());
    const { event, text } = parse(calendar.content);
    // 15:00 UTC on 1 December is 10:00 in New York (EST, UTC-5)
    expect(text).toContain('DTSTART;TZID=America/New_York:20261201T100000');
    expect(text).toContain('DTEND;TZID=America/New_York:20261201T104500');
    expect(text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:America\/New_York\r\n/);
    expect(event.start.tz).toBe('America/New_York');
    expect(event.start.toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(event.end!.toISOString()).toBe('2026-12-01T15:45:00.000Z');
    // DTSTAMP is UTC, as RFC 5545 requires
    expect(text).toContain('DTSTAMP:20261120T093000Z');
  });

  it.each([
    ['summer (CEST, UTC+2)', '2026-07-01T08:00:00.000Z'],
    ['winter (CET, UTC+1)', '2026-01-15T09:00:00.000Z'],
  ])('keeps 10:00 in Berlin across daylight saving time: %s', (_season, startsAt) => {
    const interview = sampleInterview({ timeZone: 'Europe/Berlin', startsAt });
    const { event, text } = parse(interviewCalendar(input({ interview })).content);
    const day = startsAt.slice(0, 10).replace(/-/g, '');
    expect(text).toContain(`DTSTART;TZID=Europe/Berlin:${day}T100000`);
    // the parser applies the VTIMEZONE's rules: back to the same instant
    expect(event.start.toISOString()).toBe(startsAt);
  });

  it('names an aliased zone by the id its VTIMEZONE has, and falls back to UTC for an unknown one', () => {
    const utc = parse(interviewCalendar(input({ interview: sampleInterview({ timeZone: 'UTC' }) })).content);
    expect(utc.text).toContain('DTSTART;TZID=Etc/UTC:20261201T150000');
    expect(utc.text).toContain('TZID:Etc/UTC');
    expect(utc.event.start.toISOString()).toBe('2026-12-01T15:00:00.000Z');

    const unknown = parse(
      interviewCalendar(input({ interview: sampleInterview({ timeZone: 'Mars/Olympus_Mons' }) })).content,
    );
    expect(unknown.text).toContain('DTSTART:20261201T150000Z');
    expect(unknown.text).not.toContain('VTIMEZONE');
  });

  it('is a REQUEST with a stable UID, the sequence of the interview, organiser and one attendee', () => {
    const interview = sampleInterview({ sequence: 3 });
    const calendar = interviewCalendar(input({ interview }));
    expect(calendar.method).toBe('REQUEST');
    const { event, method, text } = parse(calendar.content);
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(calendarUid(interview.liveInterviewId));
    expect(event.uid).toBe(`${interview.liveInterviewId}@candor`);
    expect(Number(event.sequence)).toBe(3);
    expect(text).toContain('STATUS:CONFIRMED');
    expect(text).toMatch(/ORGANIZER;CN="Ada Lovelace":mailto:ada@acme\.test/);
    expect(text.match(/^ATTENDEE/gm)).toHaveLength(1);
    expect(text).toMatch(/^ATTENDEE;.*RSVP=TRUE.*:MAILTO:zoe@example\.com$/m);
    // the candidate's calendar does not learn the interviewers' addresses
    expect(text).not.toContain('grace@acme.test');
  });

  it("carries the recipient's own link: the candidate link for the candidate, never the host link", () => {
    const candidate = parse(interviewCalendar(input()).content);
    expect(candidate.event.location).toBe(candidateLink);
    expect(candidate.text).toContain(`URL;VALUE=URI:${candidateLink}`);
    expect(candidate.text).not.toContain('/host/');

    const host = parse(
      interviewCalendar(
        input({ recipient: { name: 'Grace Hopper', email: 'grace@acme.test', role: 'host' }, link: hostLink }),
      ).content,
    );
    expect(host.event.location).toBe(hostLink);
    expect(host.text).toContain(`URL;VALUE=URI:${hostLink}`);
    expect(host.text).toContain('do not forward it to the candidate');
    expect(host.text).not.toContain('/join/');
    expect(host.event.summary).toBe('Interview with Zoë Ødegaard: Backend engineer');
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED, the same UID, and no link', () => {
    const interview = sampleInterview({ sequence: 2 });
    const calendar = interviewCalendar(input({ method: 'CANCEL', interview, link: null }));
    expect(calendar.method).toBe('CANCEL');
    const { event, method, text } = parse(calendar.content);
    expect(method).toBe('CANCEL');
    expect(text).toContain('STATUS:CANCELLED');
    expect(event.uid).toBe(`${interview.liveInterviewId}@candor`);
    expect(Number(event.sequence)).toBe(2);
    expect(text).not.toMatch(/^(LOCATION|URL)/m);
    expect(text).not.toContain('https://');
  });

  it('escapes text values, so a name cannot add properties', () => {
    const interview = sampleInterview({ templateName: 'Ops;\r\nATTENDEE:mailto:evil@example.com' });
    const { text } = parse(interviewCalendar(input({ interview })).content);
    expect(text.match(/^ATTENDEE/gm)).toHaveLength(1);
    expect(text).not.toContain('evil@example.com\r\n');
  });
});
