import { sampleInterview } from '../../test/live-fixtures';
import { liveEmail, type LiveEmailInput } from './live-email';

const candidateLink = 'https://candor.example/join/k1.AAAAAAAAAAAAAAAAAAAAAA.cand_-token';
const hostLink = 'https://candor.example/host/k1.AAAAAAAAAAAAAAAAAAAAAA.host_-token';

const candidate = (overrides: Partial<LiveEmailInput> = {}): LiveEmailInput => ({
  kind: 'scheduled',
  role: 'candidate',
  recipientName: 'Zoë Ødegaard',
  interview: sampleInterview(),
  previousStartsAt: null,
  link: candidateLink,
  ...overrides,
});
const host = (overrides: Partial<LiveEmailInput> = {}): LiveEmailInput =>
  candidate({ role: 'host', recipientName: 'Grace Hopper', link: hostLink, ...overrides });

const when = 'Tuesday, 1 December 2026, 10:00 (America/New_York, EST)';

describe("the candidate's live interview invitation", () => {
  const email = liveEmail(candidate(), 'zoe@example.com');

  it('says who invites, to what, when (in the interview zone) and for how long', () => {
    expect(email.subject).toBe('Invitation: live interview with Acme & Sons, Tue 1 Dec 2026, 10:00 EST');
    expect(email.text).toMatch(/^Hello Zoë Ødegaard,\n/);
    expect(email.text).toContain('Acme & Sons invites you to a live video interview: Backend engineer.');
    expect(email.text).toContain(`When: ${when}`);
    expect(email.text).toContain('Duration: 45 minutes');
    expect(email.html).toContain('Acme &amp; Sons invites you');
    expect(email.html).toContain('Tuesday, 1 December 2026, 10:00 (America/New_York, EST)');
  });

  it('carries the candidate link, as a button and spelled out, and explains the equipment test and waiting room', () => {
    expect(email.text).toContain(`\n${candidateLink}\n`);
    expect(email.html.split(`href="${candidateLink}"`).length - 1).toBe(2);
    expect(email.text).toContain(
      'you will test your camera and microphone, then wait until an interviewer lets you in',
    );
    expect(email.text).toContain('This link is personal');
    expect(email.text).not.toContain('/host/');
  });

  it('gives the instructions escaped, line breaks kept, and the recording notice only when recordable', () => {
    expect(email.text).toContain(
      'Instructions from Acme & Sons:\n  Have a pen and paper ready.\n  We will talk about <systems>.',
    );
    expect(email.html).toContain('Have a pen and paper ready.<br>We will talk about &lt;systems&gt;.');
    expect(email.text).toContain('This interview may be recorded.');
    const unrecorded = liveEmail(
      candidate({ interview: sampleInterview({ recordable: false, instructions: '' }) }),
      'zoe@example.com',
    );
    expect(unrecorded.text).not.toContain('recorded');
    expect(unrecorded.text).not.toContain('Instructions');
  });

  it('escapes every value in the HTML, links included, and keeps the subject on one line', () => {
    const hostile = sampleInterview({
      organisationName: '<script>alert(1)</script>',
      templateName: 'Ops\r\nBcc: evil@example.com',
      candidate: { name: '"><img src=x onerror=alert(1)>', email: 'x@example.com' },
    });
    const link = 'https://candor.example/join/a"onmouseover="alert(1)';
    const rendered = liveEmail(candidate({ interview: hostile, recipientName: '<b>Zoë</b>', link }), 'x@example.com');
    expect(rendered.html).not.toMatch(/<script|<img|<b>Zoë/);
    expect(rendered.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered.html).toContain('href="https://candor.example/join/a&quot;onmouseover=&quot;alert(1)"');
    expect(rendered.subject).not.toMatch(/[\r\n]/);
    const hostEmail = liveEmail(host({ interview: hostile }), 'grace@acme.test');
    expect(hostEmail.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(hostEmail.html).not.toContain('<img');
  });

  it('says a re-issued link replaces the old one', () => {
    const reissued = liveEmail(candidate({ kind: 'link-reissued' }), 'zoe@example.com');
    expect(reissued.subject).toBe('New link: live interview with Acme & Sons, Tue 1 Dec 2026, 10:00 EST');
    expect(reissued.text).toContain('The link you had before no longer works.');
    expect(reissued.text).toContain(candidateLink);
  });
});

describe("an interviewer's email", () => {
  it('names the candidate and the time, carries the host link and warns not to forward it', () => {
    const email = liveEmail(host(), 'grace@acme.test');
    expect(email.subject).toBe('Interview scheduled: Zoë Ødegaard for Backend engineer, Tue 1 Dec 2026, 10:00 EST');
    expect(email.text).toMatch(/^Hello Grace Hopper,\n/);
    expect(email.text).toContain('Ada Lovelace scheduled a live interview with Zoë Ødegaard for Backend engineer');
    expect(email.text).toContain('Candidate: Zoë Ødegaard');
    expect(email.text).toContain(`When: ${when}`);
    expect(email.text).toContain(`\n${hostLink}\n`);
    expect(email.html).toContain(`href="${hostLink}"`);
    expect(email.text).toContain('This link lets you admit the candidate; do not forward it to the candidate.');
    expect(email.text).not.toContain('/join/');
  });

  it('tells the recruiter who scheduled it that they did', () => {
    const email = liveEmail(host({ recipientName: 'Ada Lovelace' }), 'Ada@Acme.test');
    expect(email.text).toContain('You scheduled a live interview with Zoë Ødegaard');
  });

  it('says a re-issued host link replaces the old one', () => {
    const email = liveEmail(host({ kind: 'link-reissued' }), 'grace@acme.test');
    expect(email.subject).toBe('New interviewer link: interview with Zoë Ødegaard, Tue 1 Dec 2026, 10:00 EST');
    expect(email.text).toContain('The link you had before no longer works.');
  });

  it('refuses to render an invitation without a link', () => {
    expect(() => liveEmail(host({ link: null }), 'grace@acme.test')).toThrow(/needs the recipient's link/);
  });
});

describe('rescheduled and cancelled emails', () => {
  const moved = sampleInterview({ startsAt: '2026-12-03T19:30:00.000Z', sequence: 1 });

  it('gives the new time and the old one, with the link of the recipient', () => {
    const email = liveEmail(
      candidate({ kind: 'rescheduled', interview: moved, previousStartsAt: '2026-12-01T15:00:00.000Z' }),
      'zoe@example.com',
    );
    expect(email.subject).toBe('Rescheduled: live interview with Acme & Sons, now Thu 3 Dec 2026, 14:30 EST');
    expect(email.text).toContain('New time: Thursday, 3 December 2026, 14:30 (America/New_York, EST)');
    expect(email.text).toContain(`Was: ${when}`);
    expect(email.text).toContain(candidateLink);
    const hostEmail = liveEmail(host({ kind: 'rescheduled', interview: moved }), 'grace@acme.test');
    expect(hostEmail.subject).toBe('Rescheduled: interview with Zoë Ødegaard, now Thu 3 Dec 2026, 14:30 EST');
    expect(hostEmail.text).toContain(hostLink);
    expect(hostEmail.text).toContain('do not forward it to the candidate');
  });

  it('says so when the recipient has no working link', () => {
    const email = liveEmail(candidate({ kind: 'rescheduled', interview: moved, link: null }), 'zoe@example.com');
    expect(email.text).toContain('Your link to this interview is withdrawn for now');
    expect(email.text).not.toContain('https://');
  });

  it('cancels without any link', () => {
    const email = liveEmail(candidate({ kind: 'cancelled' }), 'zoe@example.com');
    expect(email.subject).toBe('Cancelled: live interview with Acme & Sons, Tue 1 Dec 2026, 10:00 EST');
    expect(email.text).toContain(
      `Your live video interview with Acme & Sons (Backend engineer) on ${when} has been cancelled.`,
    );
    expect(email.text).not.toContain('https://');
    expect(email.html).not.toContain('href=');
    const hostEmail = liveEmail(host({ kind: 'cancelled' }), 'grace@acme.test');
    expect(hostEmail.subject).toBe('Cancelled: interview with Zoë Ødegaard, Tue 1 Dec 2026, 10:00 EST');
    expect(hostEmail.text).not.toContain('https://');
  });

  it('tells the interviewers the candidate declined, quoting the note (escaped), without any link', () => {
    const email = liveEmail(host({ kind: 'declined', note: 'I took <another> offer.' }), 'grace@acme.test');
    expect(email.subject).toBe('Declined: interview with Zoë Ødegaard, Tue 1 Dec 2026, 10:00 EST');
    expect(email.text).toContain(`Zoë Ødegaard declined the live interview (Backend engineer) on ${when}.`);
    expect(email.text).toContain('Zoë Ødegaard wrote:\n  I took <another> offer.');
    expect(email.html).toContain('I took &lt;another&gt; offer.');
    expect(email.text).not.toContain('https://');
    expect(email.html).not.toContain('href=');
    expect(liveEmail(host({ kind: 'declined', note: '' }), 'grace@acme.test').text).toContain('Zoë Ødegaard left no note.');
  });
});
