// Live interview emails end to end over real SMTP: the embedded Candor with CANDOR_SMTP_URL pointing
// at a capturing smtp-server. A recruiter creates a live template and schedules an interview over
// the HTTP API; the candidate, the recruiter and each guest receive their email, parsed with
// mailparser, each with its .ics in the interview's zone and only their own link; both links open
// through POST /live-links/open with the right role. A reschedule emails everyone a new .ics
// (SEQUENCE 1, the new wall-clock time across a DST change), a cancellation emails everyone again.
// Embedded adapters: PGlite in a temporary folder, in-process bus, memory read models.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPaths,
  type CommandResult,
  type DeliveriesResponse,
  type LiveRole,
  type OpenLiveLinkResponse,
  type ScheduleLiveInterviewResponse,
  type SignUpResponse,
} from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import { startTestCandor } from '../support/embedded';
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from '../support/smtp-capture';

const recruiter = { name: 'Ada Lovelace', email: 'ada@one.test' };
const candidate = { name: 'Zoë Ødegaard', email: 'zoe@candidate.test' };
const defaultInterviewer = { name: 'Grace Hopper', email: 'grace@one.test' };
const guest = { name: 'Linus Pauling', email: 'linus@guest.test' };
const everyone = [candidate.email, recruiter.email, defaultInterviewer.email, guest.email].sort();
const hosts = [recruiter.email, defaultInterviewer.email, guest.email];

/** The calendar part of a mail (`text/calendar; method=…`), unfolded, and whether invite.ics is attached. */
function calendarOf(mail: CapturedMail) {
  const part = mail.parsed.attachments.find((attachment) => attachment.contentType === 'text/calendar');
  if (!part) throw new Error(`no calendar part in "${mail.subject}"`);
  const header = part.headers.get('content-type') as { value: string; params: Record<string, string> };
  return {
    method: header.params.method,
    text: part.content.toString('utf8').replace(/\r\n[ \t]/g, ''),
    attached: mail.parsed.attachments.some((attachment) => attachment.filename === 'invite.ics'),
  };
}

/** The single value of an iCalendar property (after unfolding), e.g. `SEQUENCE` → "1". */
const property = (ics: string, name: string) => new RegExp(`^${name}(?:;[^:\\r\\n]*)?:(.*)$`, 'm').exec(ics)?.[1];

describe('live interview emails over SMTP', () => {
  let smtp: SmtpCapture;
  let candor: EmbeddedCandor;
  let token: string;

  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const response = await fetch(candor.url + path, {
      method,
      headers: {
        ...(auth ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** One mail per address matching `subject`, waiting for each. */
  const mailsFor = async (addresses: string[], subject: RegExp) =>
    Object.fromEntries(
      await Promise.all(
        addresses.map(async (address) => [
          address,
          await smtp.waitFor((mail) => mail.to.includes(address) && subject.test(mail.subject), 20_000),
        ]),
      ),
    ) as Record<string, CapturedMail>;

  const openLink = (linkToken: string, role: LiveRole) =>
    call('POST', apiPaths.invite.openLiveLink, { token: linkToken, role }, false);

  let liveInterviewId: string;
  let candidateLink: string;
  let hostLink: string;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    candor = await startTestCandor({ env: { CANDOR_SMTP_URL: smtp.url } });
    const signUp = await call(
      'POST',
      apiPaths.identity.signUp,
      { organisationName: 'One', ...recruiter, password: 'a long enough password' },
      false,
    );
    expect(signUp.status).toBe(201);
    token = (signUp.body as SignUpResponse).token;
  });
  afterAll(async () => {
    await candor?.stop();
    await smtp?.close();
  });

  it('schedules an interview, and everyone receives their own link with an .ics in the interview zone', async () => {
    const template = await call('POST', apiPaths.invite.liveTemplates, {
      name: 'Backend engineer',
      durationMinutes: 45,
      instructions: 'Have a pen and paper ready.',
      recordable: true,
      defaultInterviewers: [defaultInterviewer],
    });
    expect(template.status).toBe(201);
    const scheduled = await call('POST', apiPaths.invite.liveInterviews, {
      templateId: (template.body as CommandResult).id,
      candidateName: candidate.name,
      candidateEmail: candidate.email,
      // summer in Berlin: CEST, UTC+2
      startsAt: '2030-07-01T10:00',
      timeZone: 'Europe/Berlin',
      // the recruiter among the guests again, in other case: still one email
      guestInterviewers: [guest, { name: 'Ada again', email: 'ADA@one.test' }],
    });
    expect(scheduled.status).toBe(201);
    const { id, links } = scheduled.body as ScheduleLiveInterviewResponse;
    liveInterviewId = id;
    candidateLink = `${candor.url}${links.candidate!.path}`;
    hostLink = `${candor.url}${links.host!.path}`;

    const mails = await mailsFor(everyone, /^(Invitation|Interview scheduled): /);
    const candidateMail = mails[candidate.email]!;
    expect(candidateMail.subject).toBe('Invitation: live interview with One, Mon 1 Jul 2030, 10:00 CEST');
    expect(candidateMail.text).toContain('When: Monday, 1 July 2030, 10:00 (Europe/Berlin, CEST)');
    expect(candidateMail.text).toContain('then wait until an interviewer lets you in');
    expect(candidateMail.text).toContain(candidateLink);
    expect(candidateMail.html).toContain(`href="${candidateLink}"`);
    expect(candidateMail.text).not.toContain(links.host!.path);
    expect(candidateMail.html).not.toContain(links.host!.path);

    for (const address of hosts) {
      const mail = mails[address]!;
      expect(mail.subject).toBe('Interview scheduled: Zoë Ødegaard for Backend engineer, Mon 1 Jul 2030, 10:00 CEST');
      expect(mail.text).toContain(hostLink);
      expect(mail.text).toContain('This link lets you admit the candidate; do not forward it to the candidate.');
      expect(mail.text).not.toContain(links.candidate!.path);
    }

    for (const [address, link] of [[candidate.email, candidateLink], ...hosts.map((host) => [host, hostLink])]) {
      const { method, text, attached } = calendarOf(mails[address!]!);
      expect(method).toBe('REQUEST');
      expect(attached).toBe(true);
      expect(property(text, 'METHOD')).toBe('REQUEST');
      expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin');
      expect(text).toMatch(/^DTSTART;TZID=Europe\/Berlin:20300701T100000$/m);
      expect(text).toMatch(/^DTEND;TZID=Europe\/Berlin:20300701T104500$/m);
      expect(property(text, 'UID')).toBe(`${liveInterviewId}@candor`);
      expect(property(text, 'SEQUENCE')).toBe('0');
      expect(property(text, 'URL')).toBe(link);
      expect(property(text, 'ORGANIZER')).toBe(`mailto:${recruiter.email}`);
      expect(property(text, 'ATTENDEE')?.toLowerCase()).toBe(`mailto:${address}`);
    }
    // the candidate's .ics holds no host link, nor an interviewer's address
    const candidateIcs = calendarOf(candidateMail).text;
    expect(candidateIcs).not.toContain(links.host!.path);
    expect(candidateIcs).not.toContain(defaultInterviewer.email);
  });

  it('their links work: each opens with its own role, and not with the other', async () => {
    const candidateToken = candidateLink.split('/join/')[1]!;
    const hostToken = hostLink.split('/host/')[1]!;
    const asCandidate = await openLink(candidateToken, 'candidate');
    expect(asCandidate.status).toBe(200);
    expect((asCandidate.body as OpenLiveLinkResponse).role).toBe('candidate');
    expect((asCandidate.body as OpenLiveLinkResponse).interview.liveInterviewId).toBe(liveInterviewId);
    const asHost = await openLink(hostToken, 'host');
    expect(asHost.status).toBe(200);
    expect((asHost.body as OpenLiveLinkResponse).role).toBe('host');
    expect((await openLink(candidateToken, 'host')).status).toBe(404);
  });

  it('emails everyone again on a reschedule: same UID, SEQUENCE 1, the new local time after the DST change', async () => {
    const rescheduled = await call('POST', apiPaths.invite.rescheduleLive(liveInterviewId), {
      // winter in Berlin: CET, UTC+1; the same 10:00 on the wall clock is another UTC hour
      startsAt: '2030-12-02T10:00',
      timeZone: 'Europe/Berlin',
    });
    expect(rescheduled.status).toBe(200);
    const mails = await mailsFor(everyone, /^Rescheduled: /);
    expect(mails[candidate.email]!.subject).toBe('Rescheduled: live interview with One, now Mon 2 Dec 2030, 10:00 CET');
    expect(mails[candidate.email]!.text).toContain('Was: Monday, 1 July 2030, 10:00 (Europe/Berlin, CEST)');
    expect(mails[candidate.email]!.text).toContain(candidateLink);
    expect(mails[candidate.email]!.text).not.toContain(hostLink);
    for (const address of hosts) expect(mails[address]!.text).toContain(hostLink);
    for (const mail of Object.values(mails)) {
      const { method, text } = calendarOf(mail);
      expect(method).toBe('REQUEST');
      expect(property(text, 'UID')).toBe(`${liveInterviewId}@candor`);
      expect(property(text, 'SEQUENCE')).toBe('1');
      expect(text).toMatch(/^DTSTART;TZID=Europe\/Berlin:20301202T100000$/m);
    }
  });

  it('emails everyone a cancellation without links, and lists every email among the deliveries', async () => {
    const cancelled = await call('POST', apiPaths.invite.cancelLive(liveInterviewId));
    expect(cancelled.status).toBe(200);
    const mails = await mailsFor(everyone, /^Cancelled: /);
    for (const mail of Object.values(mails)) {
      expect(mail.text).not.toContain(candor.url);
      const { method, text } = calendarOf(mail);
      expect(method).toBe('CANCEL');
      expect(property(text, 'METHOD')).toBe('CANCEL');
      expect(property(text, 'STATUS')).toBe('CANCELLED');
      expect(property(text, 'UID')).toBe(`${liveInterviewId}@candor`);
      expect(Number(property(text, 'SEQUENCE'))).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain(candor.url);
    }
    // the links stopped working with the cancellation
    expect((await openLink(candidateLink.split('/join/')[1]!, 'candidate')).status).toBe(410);

    // each email is recorded after it is sent, and projected after that: wait for all twelve
    const deadline = Date.now() + 10_000;
    let sent: DeliveriesResponse['deliveries'] = [];
    while (sent.length < 12 && Date.now() < deadline) {
      const deliveries = await call('GET', apiPaths.notification.deliveries(liveInterviewId));
      expect(deliveries.status).toBe(200);
      sent = (deliveries.body as DeliveriesResponse).deliveries;
      if (sent.length < 12) await sleep(100);
    }
    expect(sent).toHaveLength(12);
    expect(sent.every((delivery) => delivery.status === 'sent' && delivery.transport === 'smtp')).toBe(true);
    // three emails each, all sent: the recruiter listed twice among the interviewers got one of each
    expect(smtp.messages).toHaveLength(12);
    expect(
      smtp.messages.filter((mail) => mail.to.includes(recruiter.email)).map((mail) => mail.subject.split(':')[0]),
    ).toEqual(['Interview scheduled', 'Rescheduled', 'Cancelled']);
  });
});
