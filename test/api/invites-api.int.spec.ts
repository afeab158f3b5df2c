// Invites over real HTTP against the embedded composition: bad input to POST /invites (4xx
// problem+json, nothing written to any event store), the happy path with the local mailbox, the
// candidate's interview through the link (the session service opens it on every request), link
// states (revoked, re-issued, expiry, invalid tokens answered alike), another organisation's view,
// and the link rate limit.
// Embedded adapters: PGlite in a temporary folder, in-process bus, memory read models, local mailbox.
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPaths,
  linkProblemTypes,
  sessionLimits,
  type CandidateSessionView,
  type CommandResult,
  type CreateInviteResponse,
  type DeliverySettings,
  type InviteResponse,
  type ListSessionsResponse,
  type MailboxResponse,
  type SignUpResponse,
} from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import { startTestCandor } from '../support/embedded';
import { request, type ApiAnswer } from '../support/http';

const newJob = {
  title: 'Backend engineer',
  description: 'Kafka and Postgres',
  questions: [{ text: 'Tell us about a hard bug.' }, { text: 'Why Candor?' }],
};
const invalidLinkDetail = 'This interview link is not valid.';


type Call = ApiAnswer;

/** HTTP helpers bound to one running Candor. */
function client(candor: () => EmbeddedCandor) {
  const call = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
    request(candor().url, method, path, options);

  async function signUp(email: string, organisationName: string) {
    const response = await call('POST', apiPaths.identity.signUp, {
      body: { organisationName, name: 'Ada Lovelace', email, password: 'a long enough password' },
    });
    expect(response.status).toBe(201);
    return response.body as SignUpResponse;
  }

  /** An active job, readable at once. */
  async function createJob(token: string) {
    const created = await call('POST', apiPaths.invite.jobs, { token, body: newJob });
    expect(created.status).toBe(201);
    const { id, waitFor } = created.body as CommandResult;
    const read = await call('GET', `${apiPaths.invite.job(id)}?waitFor=${encodeURIComponent(waitFor)}`, { token });
    expect(read.body.caughtUp).toBe(true);
    return { id, questionIds: (read.body.job.questions as { id: string }[]).map((question) => question.id) };
  }

  async function invite(token: string, jobId: string, candidateEmail: string, extra: Record<string, unknown> = {}) {
    const response = await call('POST', apiPaths.invite.invites, {
      token,
      body: { jobId, candidateName: 'Grace Hopper', candidateEmail, ...extra },
    });
    expect(response.status).toBe(201);
    const created = response.body as CreateInviteResponse;
    return { ...created, linkToken: created.link.path.slice('/i/'.length) };
  }

  /** What the candidate's page does on every view: one call to the session service with the link. */
  const openLink = (linkToken: string) => call('GET', apiPaths.session.candidate, { token: linkToken });

  /** Every event in every store, counted per store. */
  async function eventCounts() {
    const { identity, invite, session, notification } = candor().stores;
    const all = { after: 0, limit: 10_000 };
    const [i, v, s, n] = await Promise.all([
      identity.readAll(all),
      invite.readAll(all),
      session.readAll(all),
      notification.readAll(all),
    ]);
    return { identity: i.length, invite: v.length, session: s.length, notification: n.length };
  }

  /**
   * The counts once the policies (session creation, invitation emails) have stopped writing: they
   * run asynchronously on the in-process bus, and their late events must not look like ours.
   */
  async function settledCounts() {
    let previous = await eventCounts();
    for (;;) {
      await sleep(150);
      const current = await eventCounts();
      if (JSON.stringify(current) === JSON.stringify(previous)) return current;
      previous = current;
    }
  }

  /** Sends a request that must be refused, and checks it was refused as problem+json with nothing written. */
  async function refused(send: () => Promise<Call>, status: number) {
    const before = await settledCounts();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.type).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    expect(await settledCounts()).toEqual(before);
    return response;
  }

  /** Polls `read` until `done` holds (the policies and projections run asynchronously). */
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
      await sleep(50);
    }
  }

  return { call, signUp, createJob, invite, openLink, refused, eventually, settledCounts };
}

/** A problem without what differs per request, to compare two answers. */
const problemShape = ({ requestId: _requestId, instance: _instance, ...rest }: Record<string, unknown>) => rest;

describe('the invites API', () => {
  let candor: EmbeddedCandor;
  const { call, signUp, createJob, invite, openLink, refused, eventually } = client(() => candor);

  let org1: SignUpResponse;
  let org2: SignUpResponse;
  let job: { id: string; questionIds: string[] };

  beforeAll(async () => {
    candor = await startTestCandor();
    org1 = await signUp('ada@one.test', 'One');
    org2 = await signUp('eve@two.test', 'Two');
    job = await createJob(org1.token);
  });
  afterAll(async () => {
    await candor?.stop();
  });

  describe('bad input to POST /invites', () => {
    let inactiveJobId: string;
    let otherOrgJobId: string;
    beforeAll(async () => {
      inactiveJobId = (await createJob(org1.token)).id;
      const deactivated = await call('POST', apiPaths.invite.deactivateJob(inactiveJobId), { token: org1.token });
      expect(deactivated.status).toBe(200);
      otherOrgJobId = (await createJob(org2.token)).id;
    });

    const post = (body: unknown) => call('POST', apiPaths.invite.invites, { token: org1.token, body });
    const valid = () => ({ jobId: job.id, candidateName: 'Grace', candidateEmail: 'grace@navy.test' });

    const cases: [string, () => Promise<Call>, number, { detail?: RegExp; errors?: unknown[] }][] = [
      [
        'an inactive job',
        () => post({ ...valid(), jobId: inactiveJobId }),
        400,
        { detail: /inactive/, errors: [{ path: 'jobId', message: 'this job is inactive' }] },
      ],
      [
        'a missing candidateEmail',
        () => post({ jobId: job.id, candidateName: 'Grace' }),
        400,
        { errors: [{ path: 'body.candidateEmail', message: 'candidate email is required' }] },
      ],
      [
        'a malformed email',
        () => post({ ...valid(), candidateEmail: 'not-an-email' }),
        400,
        { errors: [{ path: 'body.candidateEmail', message: 'enter a valid email address' }] },
      ],
      [
        'an unknown job id',
        () => post({ ...valid(), jobId: randomUUID() }),
        400,
        { detail: /does not exist/, errors: [{ path: 'jobId', message: 'choose one of your jobs' }] },
      ],
      [
        'a job id that is not a UUID',
        () => post({ ...valid(), jobId: 'job-1' }),
        400,
        { errors: [{ path: 'body.jobId', message: 'choose a job' }] },
      ],
      [
        "another organisation's job",
        () => post({ ...valid(), jobId: otherOrgJobId }),
        400,
        // the same answer as an unknown job: nothing tells that the job exists elsewhere
        { detail: /does not exist/, errors: [{ path: 'jobId', message: 'choose one of your jobs' }] },
      ],
      [
        'an expiry in the past',
        () => post({ ...valid(), expiresAt: new Date(Date.now() - 60_000).toISOString() }),
        400,
        { detail: /future/, errors: [{ path: 'expiresAt', message: 'choose a time in the future' }] },
      ],
      ['unknown extra fields', () => post({ ...valid(), salary: 1e6 }), 400, { detail: /salary/ }],
      [
        'a malformed JSON body',
        () => call('POST', apiPaths.invite.invites, { token: org1.token, raw: '{"jobId": "x",' }),
        400,
        { detail: /not valid JSON/ },
      ],
      [
        'an oversized body',
        () => post({ ...valid(), candidateName: 'x'.repeat(70_000) }),
        413,
        { detail: /larger than this endpoint accepts/ },
      ],
      ['no session', () => call('POST', apiPaths.invite.invites, { body: valid() }), 401, {}],
    ];

    it.each(cases)('answers %s with a 4xx problem+json and writes nothing', async (_name, send, status, expected) => {
      const response = await refused(send, status);
      if (expected.detail) expect(response.body.detail).toMatch(expected.detail);
      if (expected.errors) expect(response.body.errors).toEqual(expected.errors);
    });

    it('answers an unknown job and another organisation’s job with the same words', async () => {
      const unknown = await post({ ...valid(), jobId: randomUUID() });
      const foreign = await post({ ...valid(), jobId: otherOrgJobId });
      expect(problemShape(foreign.body)).toEqual(problemShape(unknown.body));
    });
  });

  describe('an invitation', () => {
    const candidateEmail = 'grace@navy.test';
    let invited: Awaited<ReturnType<typeof invite>>;

    it('answers 201 with the candidate link, reads back active, and emails it to the local mailbox', async () => {
      invited = await invite(org1.token, job.id, candidateEmail);
      expect(invited.link.path).toMatch(/^\/i\/[a-z0-9]+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);

      const read = await call('GET', `${apiPaths.invite.invite(invited.id)}?waitFor=${invited.waitFor}`, {
        token: org1.token,
      });
      expect(read.status).toBe(200);
      const { invite: view, caughtUp } = read.body as InviteResponse;
      expect(caughtUp).toBe(true);
      expect(view).toMatchObject({
        id: invited.id,
        jobId: job.id,
        jobTitle: 'Backend engineer',
        candidateName: 'Grace Hopper',
        candidateEmail,
        linkState: 'active',
        expiresAt: null,
        revokedAt: null,
      });

      const link = await call('GET', apiPaths.invite.inviteLink(invited.id), { token: org1.token });
      expect(link.status).toBe(200);
      expect(link.body).toEqual({ path: invited.link.path });

      const mailbox = await eventually(
        async () => (await call('GET', apiPaths.notification.mailbox, { token: org1.token })).body as MailboxResponse,
        ({ messages }) => messages.some((message) => message.to === candidateEmail),
      );
      const [email] = mailbox.messages.filter((message) => message.to === candidateEmail);
      expect(email!.subject).toMatch(/Backend engineer/);
      expect(email!.text).toContain(invited.link.path);
      // another organisation's mailbox does not show it
      const foreign = await call('GET', apiPaths.notification.mailbox, { token: org2.token });
      expect((foreign.body as MailboxResponse).messages).toEqual([]);

      const settings = await call('GET', apiPaths.notification.settings, { token: org1.token });
      expect(settings.body).toEqual<DeliverySettings>({
        email: { configured: false, transport: 'mailbox' },
        sms: { configured: false },
      });
    });

    it('lets the candidate answer and submit through the link, and refuses what does not fit', async () => {
      const candidate = (method: string, path: string, body?: unknown) =>
        call(method, path, { token: invited.linkToken, body });

      // the session policy runs on the bus: the service waits (bounded) for a session a moment behind
      const session = await openLink(invited.linkToken);
      expect(session.status).toBe(200);
      expect(session.headers.get('cache-control')).toContain('no-store');
      expect(session.body).toMatchObject({ sessionId: invited.id, status: 'invited', nextQuestionIndex: 0 });
      const [q1, q2] = (session.body as CandidateSessionView).questions.map((question) => question.id) as [
        string,
        string,
      ];
      expect([q1, q2]).toEqual(job.questionIds);

      const started = await candidate('POST', apiPaths.session.candidateStart);
      expect(started.status).toBe(200);
      expect(started.body.status).toBe('in_progress');
      const first = await candidate('PUT', apiPaths.session.candidateAnswer(q1), { text: 'A race in the outbox.' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ nextQuestionIndex: 1 });

      const unknownQuestion = await refused(
        () => candidate('PUT', apiPaths.session.candidateAnswer(randomUUID()), { text: 'Hello' }),
        404,
      );
      expect(unknownQuestion.body.detail).toBe('This interview has no such question.');
      const oversized = await refused(
        () =>
          candidate('PUT', apiPaths.session.candidateAnswer(q2), { text: 'x'.repeat(sessionLimits.answerText + 1) }),
        400,
      );
      expect(oversized.body.errors).toEqual([
        { path: 'body.text', message: `an answer can have at most ${sessionLimits.answerText} characters` },
      ]);
      const early = await refused(() => candidate('POST', apiPaths.session.candidateSubmit), 409);
      expect(early.body.detail).toMatch(/1 of 2 is not answered/);

      expect((await candidate('PUT', apiPaths.session.candidateAnswer(q2), { text: 'Honest hiring.' })).status).toBe(
        200,
      );
      const submitted = await candidate('POST', apiPaths.session.candidateSubmit);
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ status: 'completed', nextQuestionIndex: 2 });

      const late = await refused(
        () => candidate('PUT', apiPaths.session.candidateAnswer(q1), { text: 'Second thoughts.' }),
        409,
      );
      expect(late.body.detail).toBe('This interview has already been submitted.');

      const list = await eventually(
        async () => (await call('GET', apiPaths.session.sessions, { token: org1.token })).body as ListSessionsResponse,
        ({ sessions }) => sessions.some((summary) => summary.id === invited.id && summary.status === 'completed'),
      );
      expect(list.sessions.find((summary) => summary.id === invited.id)).toMatchObject({
        candidateEmail,
        questionCount: 2,
        answeredCount: 2,
        completedAt: expect.any(String),
      });
    });

    it("answers another organisation's recruiter 404 for the session and the invite, and writes nothing", async () => {
      const token = org2.token;
      for (const [method, path, body] of [
        ['GET', apiPaths.session.session(invited.id), undefined],
        ['GET', apiPaths.invite.invite(invited.id), undefined],
        ['GET', apiPaths.invite.inviteLink(invited.id), undefined],
        ['POST', apiPaths.invite.revokeInvite(invited.id), undefined],
        ['POST', apiPaths.invite.reissueInvite(invited.id), undefined],
        ['PUT', apiPaths.invite.inviteExpiry(invited.id), { expiresAt: null }],
      ] as const) {
        await refused(() => call(method, path, { token, body }), 404);
      }
      const list = await call('GET', apiPaths.session.sessions, { token });
      expect((list.body as ListSessionsResponse).sessions).toEqual([]);
    });
  });

  describe('link states', () => {
    let invited: Awaited<ReturnType<typeof invite>>;
    beforeAll(async () => {
      invited = await invite(org1.token, job.id, 'linus@links.test');
    });

    /** The session service learns link changes from the invite events (policy `session.invites`). */
    const openedOnceFollowed = (linkToken: string, status: number) =>
      eventually(
        () => openLink(linkToken),
        (response) => response.status === status,
        2_000,
      );

    it('refuses a revoked link as withdrawn (410)', async () => {
      expect((await openLink(invited.linkToken)).status).toBe(200);
      const revoked = await call('POST', apiPaths.invite.revokeInvite(invited.id), { token: org1.token });
      expect(revoked.status).toBe(200);
      const opened = await openedOnceFollowed(invited.linkToken, 410);
      expect(opened.status).toBe(410);
      expect(opened.type).toContain('application/problem+json');
      expect(opened.body.type).toMatch(new RegExp(`/${linkProblemTypes.revoked}$`));
      const view = await call('GET', `${apiPaths.invite.invite(invited.id)}?waitFor=${revoked.body.waitFor}`, {
        token: org1.token,
      });
      expect(view.body.invite.linkState).toBe('revoked');
      // there is no link to copy until it is re-issued
      expect((await call('GET', apiPaths.invite.inviteLink(invited.id), { token: org1.token })).status).toBe(409);
    });

    it('re-issues a new link that opens, while the old one stays withdrawn', async () => {
      const reissued = await call('POST', apiPaths.invite.reissueInvite(invited.id), { token: org1.token });
      expect(reissued.status).toBe(200);
      const path = (reissued.body as CreateInviteResponse).link.path;
      expect(path).not.toBe(invited.link.path);
      expect((await call('GET', apiPaths.invite.inviteLink(invited.id), { token: org1.token })).body).toEqual({ path });
      expect((await openedOnceFollowed(path.slice('/i/'.length), 200)).status).toBe(200);
      const old = await openLink(invited.linkToken);
      expect(old.status).toBe(410);
      expect(old.body.type).toMatch(new RegExp(`/${linkProblemTypes.revoked}$`));
      invited = { ...invited, link: { path }, linkToken: path.slice('/i/'.length) };
    });

    it('keeps opening a link whose expiry is set in the future', async () => {
      const expiresAt = new Date(Date.now() + 24 * 3_600_000).toISOString();
      const set = await call('PUT', apiPaths.invite.inviteExpiry(invited.id), {
        token: org1.token,
        body: { expiresAt },
      });
      expect(set.status).toBe(200);
      const view = await call('GET', `${apiPaths.invite.invite(invited.id)}?waitFor=${set.body.waitFor}`, {
        token: org1.token,
      });
      expect(view.body.invite).toMatchObject({ expiresAt, linkState: 'active' });
      expect((await openLink(invited.linkToken)).status).toBe(200);
    });

    it('refuses an expired link (410), and opens it again once the expiry is cleared', async () => {
      // an expiry can only be set in the future: one a second ahead, then wait for it
      const expiresAt = new Date(Date.now() + 1_500).toISOString();
      const set = await call('PUT', apiPaths.invite.inviteExpiry(invited.id), {
        token: org1.token,
        body: { expiresAt },
      });
      expect(set.status).toBe(200);
      const expired = await eventually(
        () => openLink(invited.linkToken),
        (response) => response.status === 410,
        4_000,
      );
      expect(expired.body.type).toMatch(new RegExp(`/${linkProblemTypes.expired}$`));
      const cleared = await call('PUT', apiPaths.invite.inviteExpiry(invited.id), {
        token: org1.token,
        body: { expiresAt: null },
      });
      expect(cleared.status).toBe(200);
      expect((await openedOnceFollowed(invited.linkToken, 200)).status).toBe(200);
    });

    it('answers a malformed, a tampered and a random token with the same 404', async () => {
      const token = invited.linkToken;
      // a middle character of the MAC: the last one carries two padding bits of base64url
      const at = token.length - 10;
      const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      const answers = [];
      for (const bad of ['not-a-token', tampered, randomBytes(24).toString('base64url')]) {
        const response = await refused(() => openLink(bad), 404);
        expect(response.body.type).toMatch(new RegExp(`/${linkProblemTypes.invalid}$`));
        expect(response.body.detail).toBe(invalidLinkDetail);
        answers.push(problemShape(response.body));
      }
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });
  });
});

describe('the link-open rate limit', () => {
  let candor: EmbeddedCandor;
  const { call, signUp, createJob, invite, openLink } = client(() => candor);

  beforeAll(async () => {
    candor = await startTestCandor({
      embedded: {
        linkRateLimits: {
          opens: { windowMs: 60_000, limit: 1000 },
          refusals: { windowMs: 60_000, limit: 5 },
        },
      },
    });
  });
  afterAll(async () => {
    await candor?.stop();
  });

  it('answers 429 after 5 refused opens, even to a correct token', async () => {
    const { token } = await signUp('rate@limit.test', 'Rate');
    const job = await createJob(token);
    const invited = await invite(token, job.id, 'guess@limit.test');
    expect((await openLink(invited.linkToken)).status).toBe(200);
    // guesses of the MAC of a real invite (a made-up invite id costs the bounded wait for its session)
    const subject = invited.linkToken.split('.').slice(0, 2).join('.');
    for (let i = 0; i < 5; i++) {
      const wrong = await openLink(`${subject}.${randomBytes(32).toString('base64url')}`);
      expect(wrong.status).toBe(404);
    }
    const limited = await openLink(invited.linkToken);
    expect(limited.status).toBe(429);
    expect(limited.type).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ status: 429, title: 'Too many requests' });
    // the recruiter API is not behind the link limiter
    expect((await call('GET', apiPaths.invite.invite(invited.id), { token })).status).toBe(200);
  });
});
