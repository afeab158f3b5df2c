// The data of the Interview Analysis page over real HTTP against the embedded composition (PGlite,
// in-process bus, memory read models, the werift SFU): reviewer scores and a live interview's
// timeline. Two recruiters of one organisation — the second added by the first through the identity
// service's "add a colleague" command, then logged in with their own password — score a live
// interview; the average is right; a second score of the same recruiter replaces the first; another
// organisation is refused (404) on reads and writes; bad scores are 400 problem+json and write
// nothing. The live interview is scheduled through the invite API and run through the room's real
// signalling (host and candidate sockets: join, admit, record on/off, mute, end), and the timeline
// read model shows it, with names and roles and no email address.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPaths,
  liveLinkPrefixes,
  reviewEventNames,
  roomEventNames,
  type AddColleagueResponse,
  type CommandResult,
  type InterviewTimeline,
  type LiveLinksResponse,
  type LiveRole,
  type ReviewResponse,
  type SignUpResponse,
} from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import { startTestCandor } from '../support/embedded';
import { request } from '../support/http';
import { SignalClient } from '../support/signal-client';

let candor: EmbeddedCandor;
const clients: SignalClient[] = [];
const call = (method: string, path: string, options: { token?: string; body?: unknown; raw?: string } = {}) =>
  request(candor.url, method, path, options);

beforeAll(async () => {
  candor = await startTestCandor({ embedded: { sfuEngine: 'werift' } });
});
afterAll(async () => {
  for (const client of clients) client.terminate();
  await candor?.stop();
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await sleep(25);
  }
}

async function signUp(email: string, organisationName: string, name: string) {
  const response = await call('POST', apiPaths.identity.signUp, {
    body: { organisationName, name, email, password: 'a long enough password' },
  });
  expect(response.status).toBe(201);
  return response.body as SignUpResponse;
}

/** A live interview scheduled through the invite API, once its room and its review exist. */
async function scheduleLive(token: string) {
  const template = await call('POST', apiPaths.invite.liveTemplates, {
    token,
    body: { name: 'Backend panel', durationMinutes: 45, recordable: true },
  });
  expect(template.status).toBe(201);
  const scheduled = await call('POST', apiPaths.invite.liveInterviews, {
    token,
    body: {
      templateId: template.body.id,
      candidateName: 'Grace Hopper',
      candidateEmail: 'grace@example.test',
      startsAt: new Date(Date.now() + 2 * 60_000).toISOString().slice(0, 16),
      timeZone: 'UTC',
    },
  });
  expect(scheduled.status).toBe(201);
  const id = scheduled.body.id as string;
  await eventually(
    async () => [
      await candor.stores.media.readStream(`room-${id}`),
      await candor.stores.session.readStream(`review-${id}`),
    ],
    ([room, review]) => room!.length > 0 && review!.length > 0,
  );
  return { id, links: scheduled.body.links as LiveLinksResponse };
}

describe('reviewer scores and the timeline of a live interview', () => {
  let ada: SignUpResponse;
  let bo: { token: string; recruiterId: string };
  let eve: SignUpResponse;
  let interview: { id: string; links: LiveLinksResponse };

  beforeAll(async () => {
    ada = await signUp('ada@acme.test', 'Acme', 'Ada Lovelace');
    eve = await signUp('eve@other.test', 'Other Org', 'Eve');
    const added = await call('POST', apiPaths.identity.colleagues, {
      token: ada.token,
      body: { name: 'Bo Diddley', email: 'bo@acme.test', password: 'bo has a long password' },
    });
    expect(added.status).toBe(201);
    const colleague = added.body as AddColleagueResponse;
    expect(colleague.recruiter).toMatchObject({ organisationId: ada.recruiter.organisationId, name: 'Bo Diddley' });
    const login = await call('POST', apiPaths.identity.logIn, {
      body: { email: 'bo@acme.test', password: 'bo has a long password' },
    });
    expect(login.status).toBe(200);
    expect(login.body.recruiter.organisationId).toBe(ada.recruiter.organisationId);
    bo = { token: login.body.token, recruiterId: login.body.recruiter.id };
    interview = await scheduleLive(ada.token);
  });

  const score = (token: string, body: unknown) =>
    call('POST', apiPaths.session.reviewScores(interview.id), { token, body });
  const review = async (token: string, waitFor?: string) =>
    call('GET', apiPaths.session.review(interview.id) + (waitFor ? `?waitFor=${encodeURIComponent(waitFor)}` : ''), {
      token,
    });
  const reviewEvents = async () => (await candor.stores.session.readStream(`review-${interview.id}`)).length;

  it('a colleague cannot be added twice, nor with an email that has an account', async () => {
    const again = await call('POST', apiPaths.identity.colleagues, {
      token: ada.token,
      body: { name: 'Bo again', email: 'BO@acme.test', password: 'another long password' },
    });
    expect(again.status).toBe(409);
    const eveAsColleague = await call('POST', apiPaths.identity.colleagues, {
      token: ada.token,
      body: { name: 'Eve', email: 'eve@other.test', password: 'another long password' },
    });
    expect(eveAsColleague.status).toBe(409);
    const anonymous = await call('POST', apiPaths.identity.colleagues, {
      body: { name: 'X', email: 'x@acme.test', password: 'another long password' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('shows no scores and no average before anyone scored', async () => {
    const empty = await review(ada.token);
    expect(empty.status).toBe(200);
    expect((empty.body as ReviewResponse).review).toEqual({
      interviewId: interview.id,
      kind: 'live',
      scores: [],
      average: null,
      count: 0,
    });
  });

  it('averages the scores of two recruiters, and a second score of one replaces theirs', async () => {
    const first = await score(ada.token, { score: 2, note: 'Hesitant on Kafka' });
    expect(first.status).toBe(200);
    const second = await score(bo.token, { score: 5, note: 'Excellent system design' });
    expect(second.status).toBe(200);
    let seen = (await review(ada.token, (second.body as CommandResult).waitFor)).body as ReviewResponse;
    expect(seen.caughtUp).toBe(true);
    expect(seen.review).toMatchObject({ count: 2, average: 3.5 });

    const replaced = await score(ada.token, { score: 4, note: '  On reflection: solid  ' });
    seen = (await review(bo.token, (replaced.body as CommandResult).waitFor)).body as ReviewResponse;
    expect(seen.review).toMatchObject({ count: 2, average: 4.5 });
    expect(seen.review.scores.map(({ recruiterName, score: given, note }) => [recruiterName, given, note])).toEqual([
      ['Ada Lovelace', 4, 'On reflection: solid'],
      ['Bo Diddley', 5, 'Excellent system design'],
    ]);
    expect(seen.review.scores.find((given) => given.recruiterId === bo.recruiterId)?.at).toMatch(/^\d{4}-/);
  });

  it('refuses another organisation (404) on read and write, and writes nothing', async () => {
    const before = await reviewEvents();
    const read = await review(eve.token);
    expect(read.status).toBe(404);
    expect(read.type).toContain('application/problem+json');
    const write = await score(eve.token, { score: 1, note: 'sabotage' });
    expect(write.status).toBe(404);
    expect(write.type).toContain('application/problem+json');
    const unknown = await call('POST', apiPaths.session.reviewScores('6f1c1c9e-0000-4000-8000-000000000000'), {
      token: ada.token,
      body: { score: 3 },
    });
    expect(unknown.status).toBe(404);
    expect(await reviewEvents()).toBe(before);
  });

  it.each([
    ['zero', { score: 0 }],
    ['six', { score: 6 }],
    ['a fraction', { score: 2.5 }],
    ['text', { score: 'text' }],
    ['no score', { note: 'forgot the score' }],
    ['a note too long', { score: 3, note: 'x'.repeat(2_001) }],
    ['an unknown field', { score: 3, stars: 5 }],
  ])('refuses %s with 400 problem+json and writes nothing', async (_name, body) => {
    const before = await reviewEvents();
    const refused = await score(bo.token, body);
    expect(refused.status).toBe(400);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.errors.length).toBeGreaterThan(0);
    expect(await reviewEvents()).toBe(before);
  });

  it('refuses malformed JSON and a bad interview id with 400', async () => {
    const malformed = await call('POST', apiPaths.session.reviewScores(interview.id), {
      token: bo.token,
      raw: '{"score":',
    });
    expect(malformed.status).toBe(400);
    const badId = await call('GET', apiPaths.session.review('not-a-uuid'), { token: bo.token });
    expect(badId.status).toBe(400);
    expect(badId.type).toContain('application/problem+json');
  });

  it('shows the timeline, participants and duration of the interview, to its organisation only', async () => {
    const opened = async (role: LiveRole) => {
      const token = interview.links[role]!.path.slice(liveLinkPrefixes[role].length);
      const answer = await call('POST', apiPaths.invite.openLiveLink, { body: { token, role } });
      expect(answer.status).toBe(200);
      return answer.body.liveToken as string;
    };
    const enter = async (role: LiveRole) => {
      const joined = await call('POST', apiPaths.media.join, {
        token: await opened(role),
        body: role === 'host' ? { displayName: 'Ada Lovelace' } : { recordingConsent: true },
      });
      expect(joined.status).toBe(200);
      const client = await SignalClient.open(candor.url);
      clients.push(client);
      client.send({ type: 'hello', token: joined.body.roomToken });
      await client.next('welcome');
      return client;
    };
    const roomEvents = async () => (await candor.stores.media.readStream(`room-${interview.id}`)).map((e) => e.type);
    const after = async (type: string, action: () => void) => {
      const count = async () => (await roomEvents()).filter((name) => name === type).length;
      const before = await count();
      action();
      await eventually(count, (now) => now > before);
    };

    const host = await enter('host');
    await enter('candidate');
    await after(roomEventNames.CandidateAdmitted, () => host.send({ type: 'admit', participantId: 'candidate' }));
    await after(roomEventNames.RecordingStarted, () => host.send({ type: 'record', on: true }));
    await after(roomEventNames.ParticipantMuted, () => host.send({ type: 'mute', participantId: 'candidate' }));
    await after(roomEventNames.RecordingStopped, () => host.send({ type: 'record', on: false }));
    await after(roomEventNames.InterviewEnded, () => host.send({ type: 'end' }));

    const timeline = await eventually(
      async () => (await call('GET', apiPaths.media.roomTimeline(interview.id), { token: bo.token })).body,
      (body) => body?.timeline?.status === 'ended',
    );
    const view = timeline.timeline as InterviewTimeline;
    // the host entered first; the candidate consented on joining, then joined the waiting room
    expect(view.timeline.map((entry) => [entry.kind, entry.participantName])).toEqual([
      ['joined', 'Ada Lovelace'],
      ['consent-given', 'Grace Hopper'],
      ['joined', 'Grace Hopper'],
      ['admitted', 'Grace Hopper'],
      ['recording-started', null],
      ['muted', 'Grace Hopper'],
      ['recording-stopped', null],
      ['ended', null],
    ]);
    expect(view.timeline.map((entry) => entry.kind)).toEqual([
      'joined',
      'consent-given',
      'joined',
      'admitted',
      'recording-started',
      'muted',
      'recording-stopped',
      'ended',
    ]);
    expect(view.timeline.find((entry) => entry.kind === 'muted')).toMatchObject({
      participantName: 'Grace Hopper',
      byName: 'Ada Lovelace',
    });
    expect(view.participants.map(({ name, role }) => [name, role]).sort()).toEqual([
      ['Ada Lovelace', 'host'],
      ['Grace Hopper', 'candidate'],
    ]);
    expect(view.durationSeconds).toBe(Math.round((Date.parse(view.endedAt!) - Date.parse(view.startedAt!)) / 1000));
    expect(JSON.stringify(view)).not.toContain('@');

    const held = await call('GET', apiPaths.media.heldInterviews, { token: ada.token });
    expect(held.body.interviews.map((row: { roomId: string }) => row.roomId)).toEqual([interview.id]);
    const heldElsewhere = await call('GET', apiPaths.media.heldInterviews, { token: eve.token });
    expect(heldElsewhere.body.interviews).toEqual([]);
    const elsewhere = await call('GET', apiPaths.media.roomTimeline(interview.id), { token: eve.token });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.type).toContain('application/problem+json');
  });

  it('scores an async interview the same way', async () => {
    const job = await call('POST', apiPaths.invite.jobs, {
      token: ada.token,
      body: { title: 'Engineer', description: 'Builds things', questions: [{ text: 'Why?' }] },
    });
    expect(job.status).toBe(201);
    const invited = await call('POST', apiPaths.invite.invites, {
      token: ada.token,
      body: { jobId: job.body.id, candidateName: 'Linus', candidateEmail: 'linus@example.test' },
    });
    expect(invited.status).toBe(201);
    const inviteId = invited.body.id as string;
    await eventually(
      () => candor.stores.session.readStream(`review-${inviteId}`),
      (events) => events.some((event) => event.type === reviewEventNames.ReviewOpened),
    );
    const given = await call('POST', apiPaths.session.reviewScores(inviteId), { token: bo.token, body: { score: 3 } });
    expect(given.status).toBe(200);
    const seen = await call('GET', `${apiPaths.session.review(inviteId)}?waitFor=${given.body.waitFor}`, {
      token: ada.token,
    });
    expect(seen.body.review).toMatchObject({ kind: 'async', average: 3, count: 1 });
  });
});
