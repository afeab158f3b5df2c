// The candidate's side of the session service over real HTTP: sessions created by the invites
// policy from invite events on the bus, the interview flow with a candidate token, link revocation
// and re-issue, tokens that must not reach a session, bad input (4xx problem+json, nothing written)
// and the rate limit. PGlite in memory, in-process bus, memory read models.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiPaths, sessionLimits, type CandidateSessionView } from '@candor/contracts';
import { createCandidateTokens } from '@candor/runtime';
import { call, startSessionHarness, type InvitedCandidate, type SessionHarness } from '../../test/session-harness';

let harness: SessionHarness;
const paths = apiPaths.session;
const orgA = 'org-a';
let addresses = 0;

beforeAll(async () => {
  harness = await startSessionHarness({ candidateRateLimit: { windowMs: 60_000, limit: 25 }, preparingWaitMs: 600 });
});
afterAll(async () => {
  await harness?.stop();
});

/** A candidate with their own client address (the rate limit counts per address). */
function asCandidate(invited: Pick<InvitedCandidate, 'sessionId' | 'organisationId' | 'linkId'>) {
  const from = `10.0.${Math.floor(++addresses / 250)}.${addresses % 250}`;
  const token = harness.candidateToken(invited);
  return (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
    call(harness.url, method, path, { token, from, ...options });
}

const invalidLink = 'This interview link is not valid.';

describe('the interview flow', () => {
  it('starts, saves answers, resumes where the candidate left, submits, and then refuses changes', async () => {
    const invited = await harness.invite(orgA, { name: 'Grace Hopper' });
    const [q1, q2] = invited.questionIds as [string, string];
    const candidate = asCandidate(invited);

    const opened = await candidate('GET', paths.candidate);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
    expect(opened.body).toEqual<CandidateSessionView>({
      sessionId: invited.sessionId,
      jobTitle: 'Backend engineer',
      jobDescription: 'Kafka and Postgres',
      candidateName: 'Grace Hopper',
      status: 'invited',
      questions: [
        { id: q1, text: 'Tell us about a hard bug.', answer: null },
        { id: q2, text: 'Why Candor?', answer: null },
      ],
      nextQuestionIndex: 0,
    });

    const started = await candidate('POST', paths.candidateStart);
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('in_progress');
    expect((await candidate('POST', paths.candidateStart)).status).toBe(200);

    const saved = await candidate('PUT', paths.candidateAnswer(q1), {
      body: { text: '  A race in the outbox relay.  ' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.questions[0].answer).toBe('A race in the outbox relay.');
    expect(saved.body.nextQuestionIndex).toBe(1);

    // the same answer again writes nothing
    const before = await harness.sessionEventCount();
    expect(
      (await candidate('PUT', paths.candidateAnswer(q1), { body: { text: 'A race in the outbox relay.' } })).status,
    ).toBe(200);
    expect(await harness.sessionEventCount()).toBe(before);

    // leaving and coming back with the same link resumes at the first unanswered question
    const resumed = await candidate('GET', paths.candidate);
    expect(resumed.body).toMatchObject({ status: 'in_progress', nextQuestionIndex: 1 });

    const early = await candidate('POST', paths.candidateSubmit);
    expect(early.status).toBe(409);
    expect(early.type).toContain('application/problem+json');
    expect(early.body.detail).toBe('Answer every question before you submit: 1 of 2 is not answered yet.');

    await candidate('PUT', paths.candidateAnswer(q2), { body: { text: 'Because it is open source.' } });
    const submitted = await candidate('POST', paths.candidateSubmit);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'completed', nextQuestionIndex: 2 });

    const after = await harness.sessionEventCount();
    for (const [method, path, body] of [
      ['PUT', paths.candidateAnswer(q1), { text: 'Changed my mind.' }],
      ['POST', paths.candidateStart, undefined],
      ['POST', paths.candidateSubmit, undefined],
    ] as const) {
      const refused = await candidate(method, path, { body });
      expect(refused.status).toBe(409);
      expect(refused.type).toContain('application/problem+json');
      expect(refused.body.detail).toBe('This interview has already been submitted.');
    }
    expect(await harness.sessionEventCount()).toBe(after);
    expect((await candidate('GET', paths.candidate)).body.status).toBe('completed');
  });

  it('starts the interview with the first answer when the page never called start', async () => {
    const invited = await harness.invite(orgA);
    const candidate = asCandidate(invited);
    const saved = await candidate('PUT', paths.candidateAnswer(invited.questionIds[1]!), {
      body: { text: 'Second first.' },
    });
    expect(saved.body).toMatchObject({ status: 'in_progress', nextQuestionIndex: 0 });
    const types = (await harness.sessionEvents(invited.sessionId)).map((event) => event.type);
    expect(types).toEqual(['session.SessionCreated.v1', 'session.SessionStarted.v1', 'session.AnswerSaved.v1']);
  });

  it('waits for a session the policy has not created yet, and answers 503 when it never comes', async () => {
    const ahead = { sessionId: randomUUID(), organisationId: orgA, linkId: randomUUID() };
    const opening = asCandidate(ahead)('GET', paths.candidate);
    await sleep(200);
    await harness.inviteOnly(orgA, ahead);
    const opened = await opening;
    expect(opened.status).toBe(200);
    expect(opened.body.sessionId).toBe(ahead.sessionId);

    const never = { sessionId: '7d3f1b0e-0000-4000-8000-000000000000', organisationId: orgA, linkId: 'nope' };
    const waited = await asCandidate(never)('GET', paths.candidate);
    expect(waited.status).toBe(503);
    expect(waited.type).toContain('application/problem+json');
    expect(waited.body.detail).toBe('Your interview is being prepared; try again in a moment.');
    expect(waited.headers.get('retry-after')).toBe('2');
  });
});

describe('links and tokens', () => {
  it('refuses the token of a revoked link at once, and of the old link after a re-issue, with the bad-token words', async () => {
    const invited = await harness.invite(orgA);
    const oldLink = asCandidate(invited);
    expect((await oldLink('GET', paths.candidate)).status).toBe(200);

    await harness.revoke(invited);
    const revoked = await oldLink('GET', paths.candidate);
    expect(revoked.status).toBe(401);
    expect(revoked.body.detail).toBe(invalidLink);
    const before = await harness.sessionEventCount();
    expect(
      (await oldLink('PUT', paths.candidateAnswer(invited.questionIds[0]!), { body: { text: 'Hi' } })).status,
    ).toBe(401);
    expect(await harness.sessionEventCount()).toBe(before);

    const reissued = await harness.reissue(invited);
    expect((await oldLink('GET', paths.candidate)).status).toBe(401);
    const newLink = await asCandidate(reissued)('GET', paths.candidate);
    expect(newLink.status).toBe(200);
    expect(newLink.body.sessionId).toBe(invited.sessionId);
  });

  it('refuses a token that names another session, organisation or link, a forged one and none at all alike', async () => {
    const mine = await harness.invite(orgA);
    const theirs = await harness.invite(orgA);
    const foreignSigner = createCandidateTokens('another secret that is long enough to sign with');
    const forged = foreignSigner.sign({ sub: mine.sessionId, org: orgA, inv: mine.sessionId, lid: mine.linkId }).token;
    const refusals = [
      // my link id, their session: a token only reaches the session it was minted for, with that session's link
      asCandidate({ ...theirs, linkId: mine.linkId }),
      asCandidate({ ...mine, organisationId: 'org-b' }),
      asCandidate({ ...mine, linkId: 'a-link-that-never-was' }),
    ];
    for (const candidate of refusals) {
      const refused = await candidate('GET', paths.candidate);
      expect(refused.status).toBe(401);
      expect(refused.type).toContain('application/problem+json');
      expect(refused.body.detail).toBe(invalidLink);
    }
    for (const token of [forged, 'not.a.token', undefined]) {
      const refused = await call(harness.url, 'GET', paths.candidate, { token, from: '10.9.9.9' });
      expect(refused.status).toBe(401);
      expect(refused.body.detail).toBe(invalidLink);
    }
    // a recruiter token is not a candidate token
    const recruiter = await call(harness.url, 'GET', paths.candidate, {
      token: harness.recruiterToken(orgA),
      from: '10.9.9.9',
    });
    expect(recruiter.status).toBe(401);
  });

  it('the invites policy writes nothing when all invite history is replayed (every embedded start)', async () => {
    const invited = await harness.invite(orgA);
    await harness.revoke(invited);
    await harness.reissue(invited);
    const before = await harness.sessionEventCount();
    for (const runner of harness.policyRunners) await runner.replay([harness.inviteStore]);
    expect(await harness.sessionEventCount()).toBe(before);
  });
});

describe('bad input', () => {
  it('answers 4xx problem+json and writes nothing', async () => {
    const invited = await harness.invite(orgA);
    const candidate = asCandidate(invited);
    const q1 = invited.questionIds[0]!;
    const before = await harness.sessionEventCount();
    const cases: [Parameters<typeof call>[3] & { path?: string; method?: string }, number][] = [
      [{ raw: '{"text": "unterminated' }, 400],
      [{ raw: 'text=hello', contentType: 'application/x-www-form-urlencoded' }, 400],
      [{ body: { text: 'x'.repeat(sessionLimits.answerText + 1) } }, 400],
      [{ body: { text: '   ' } }, 400],
      [{ body: {} }, 400],
      [{ body: { text: 'Hi', extra: true } }, 400],
      [{ body: { text: 42 } }, 400],
      [{ body: ['Hi'] }, 400],
      [{ raw: JSON.stringify({ text: 'x'.repeat(70_000) }) }, 413],
      [{ path: paths.candidateAnswer('an-unknown-question'), body: { text: 'Hi' } }, 404],
      [{ path: paths.candidateAnswer('q'.repeat(65)), body: { text: 'Hi' } }, 400],
    ];
    for (const [{ path, method, ...options }, status] of cases) {
      const answer = await candidate(method ?? 'PUT', path ?? paths.candidateAnswer(q1), options);
      expect({ status: answer.status, type: answer.type }).toEqual({
        status,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(answer.body.detail).toEqual(expect.any(String));
    }
    expect(await harness.sessionEventCount()).toBe(before);
    // and the service still serves
    expect((await candidate('GET', paths.candidate)).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('answers 429 problem+json to one client address past the limit, and serves the others', async () => {
    const invited = await harness.invite(orgA);
    const token = harness.candidateToken(invited);
    const statuses: number[] = [];
    for (let i = 0; i < 26; i++)
      statuses.push((await call(harness.url, 'GET', paths.candidate, { token, from: '192.0.2.7' })).status);
    expect(statuses.slice(0, 25).every((status) => status === 200)).toBe(true);
    const limited = await call(harness.url, 'GET', paths.candidate, { token, from: '192.0.2.7' });
    expect(limited.status).toBe(429);
    expect(limited.type).toContain('application/problem+json');
    // bad tokens count too: guessing is limited the same way
    expect((await call(harness.url, 'GET', paths.candidate, { token: 'guess', from: '192.0.2.7' })).status).toBe(429);
    expect((await call(harness.url, 'GET', paths.candidate, { token, from: '192.0.2.8' })).status).toBe(200);
  });
});
